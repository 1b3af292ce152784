// libFuzzer target for the SMF reader. Not part of the package: Scripts/fuzz-smf compiles it with
// swiftc together with Sources/SMF/**/*.swift (one module, so internal API is visible) and
// `-sanitize=fuzzer,address`.
//
// Each input is read strictly and leniently. Beyond "no crash, hang or leak", it checks:
// 1. whatever strict reading accepts, lenient reading accepts too;
// 2. a lenient read with no warnings is exactly the strict read;
// 3. the lenient result can be written (with and without running status) without tripping a
//    writer precondition, and reading those bytes back strictly gives the same file;
// 4. warnings are bounded (at most maxWarnings kept) and name offsets inside the input;
// 5. the clean-file shortcut of lenient reading gives exactly what the full lenient parse gives.
// A violated check traps, which libFuzzer reports as a crash with the input saved.

@_cdecl("LLVMFuzzerTestOneInput")
public func smfFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let strict = try? MIDIFile(bytes: bytes)
    let lenient: ReadResult
    do {
        lenient = try MIDIFile.read(bytes: bytes, options: ReadOptions(mode: .lenient, maxWarnings: 50))
    } catch {
        precondition(strict == nil, "strict reading accepted what lenient reading rejected: \(error)")
        precondition(error.kind == .notMIDI || error.kind == .truncated, "lenient reading threw \(error)")
        return 0
    }
    var full = ReadOptions(mode: .lenient, maxWarnings: 50)
    full.skipCleanFileShortcut = true
    let fullParse = try? MIDIFile.read(bytes: bytes, options: full)
    precondition(fullParse == lenient, "the clean-file shortcut and the full lenient parse disagree")
    if lenient.warnings.isEmpty {
        precondition(lenient.warningCount == 0)
        precondition(strict == lenient.file, "a lenient read without warnings differs from the strict read")
    }
    precondition(lenient.warnings.count <= 50)
    for w in lenient.warnings {
        precondition(w.offset >= 0 && w.offset <= size, "warning offset \(w.offset) outside the input: \(w)")
        precondition(!w.message.isEmpty)
    }
    for running in [true, false] {
        let written = lenient.file.bytes(runningStatus: running)
        guard let again = try? MIDIFile(bytes: written) else {
            preconditionFailure("the writer's output of a lenient read does not read back strictly")
        }
        precondition(again == lenient.file, "the lenient read does not survive write -> strict read (running status \(running))")
    }
    return 0
}
