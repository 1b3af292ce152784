/// The reader's mode as a type, so that `SMFReader<StrictReading>` is compiled without the lenient
/// branches and keeps the strict hot loop as tight as before lenient reading existed.
protocol ReadingMode {
    static var isLenient: Bool { get }
}

enum StrictReading: ReadingMode {
    @inline(__always) static var isLenient: Bool { false }
}

enum LenientReading: ReadingMode {
    @inline(__always) static var isLenient: Bool { true }
}
