import CMalloc

/// The C heap (glibc's malloc) as numeric work needs it.
public enum Allocator {
    /// glibc's largest `M_MMAP_THRESHOLD` (32 MiB on 64-bit): blocks up to it come from the heap.
    public static let mmapThresholdBytes: Int32 = 32 << 20
    /// Free memory the heap keeps at its top before returning it to the kernel (64 MiB).
    public static let trimThresholdBytes: Int32 = 64 << 20

    /// Makes freed buffers of up to 32 MiB stay in the process for the next allocation instead of
    /// going back to the kernel (glibc `mallopt`: `M_MMAP_THRESHOLD` 32 MiB, `M_TRIM_THRESHOLD`
    /// 64 MiB). A model run chunk after chunk allocates and frees the same tens of megabytes each
    /// time; with glibc's defaults they were unmapped or trimmed and faulted in again, page by page:
    /// transcribing a 146 s file took 448,042 page faults and 1.10 s of system time (2.90 s user),
    /// with this 9,894 and 0.03 s. The process keeps at most 64 MiB it does not use. Affects the
    /// whole process; call it once, before the work.
    /// - Returns: whether glibc accepted both settings.
    @discardableResult
    public static func reuseFreedMemory() -> Bool {
        mallopt(M_MMAP_THRESHOLD, mmapThresholdBytes) == 1 && mallopt(M_TRIM_THRESHOLD, trimThresholdBytes) == 1
    }
}
