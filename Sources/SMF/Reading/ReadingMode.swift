/// The reader's mode as a type, so that `SMFReader<StrictReading>` is compiled without the lenient
/// branches and keeps the strict hot loop as tight as before lenient reading existed.
@usableFromInline
protocol ReadingMode: SendableMetatype {
    static var isLenient: Bool { get }
}

@usableFromInline
enum StrictReading: ReadingMode {
    @inlinable @inline(__always) static var isLenient: Bool { false }
}

@usableFromInline
enum LenientReading: ReadingMode {
    @inlinable @inline(__always) static var isLenient: Bool { true }
}
