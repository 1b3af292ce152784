import CommandLineSupport
import Testing

@Suite struct AllocatorTests {
    /// glibc accepts both settings (it refuses an mmap threshold above 32 MiB on 64-bit, for one).
    /// What they save is measured by `bench transcribe` (`minorPageFaults`) and in
    /// docs/transcription.md; this process keeps the settings, which only keep freed memory.
    @Test func reuseFreedMemoryIsAcceptedByGlibc() {
        #expect(Allocator.reuseFreedMemory())
    }
}
