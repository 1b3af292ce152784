#if canImport(Glibc)
import CMalloc
#endif

/// The C heap (glibc's malloc) as a process running a model chunk after chunk needs it.
package enum Allocator {
    /// The mmap threshold set (32 MiB, glibc's largest on 64-bit): requests below it come from the
    /// heap, not from a mapping of their own that `free` unmaps.
    package static let mmapThresholdBytes: Int32 = 32 << 20
    /// The trim threshold set (64 MiB): free memory at the top of a heap is returned to the kernel
    /// only beyond this.
    package static let trimThresholdBytes: Int32 = 64 << 20

    /// Makes the buffers a model frees and allocates again, chunk after chunk, stay in the process
    /// instead of going back to the kernel and being faulted in again page by page (glibc
    /// `mallopt`: `M_MMAP_THRESHOLD` 32 MiB, `M_TRIM_THRESHOLD` 64 MiB). Measured on a 146 s file
    /// with session 13's convolutions: 448,042 minor page faults and 1.10 s of system time (2.90 s
    /// user) without it, 11,207 and 0.05 s (2.43 s user) with it; the peak RSS of an hour's
    /// transcription is 68 MB. Memory freed below the top of a heap was never returned anyway.
    ///
    /// Process-wide: call it once, from the main thread, before any worker starts (glibc does not
    /// guard these settings against threads allocating at the same time).
    /// - Returns: whether glibc accepted both settings (false where the C library is not glibc:
    ///   nothing is changed there).
    @discardableResult
    package static func reuseFreedMemory() -> Bool {
        #if canImport(Glibc)
        let mmap = mallopt(M_MMAP_THRESHOLD, mmapThresholdBytes) == 1
        let trim = mallopt(M_TRIM_THRESHOLD, trimThresholdBytes) == 1
        return mmap && trim
        #else
        return false
        #endif
    }
}
