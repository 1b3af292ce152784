import ArgumentParser
import Foundation
import Music
import SMF

/// A digest of everything read from a corpus (every `MIDIFile` and `Score`, warnings and errors
/// included), to check that a speed change left the results unchanged: run it before and after.
struct Fingerprint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fingerprint",
                                                    abstract: "Digest of the files and scores read (equal before and after an optimisation).")

    @Argument(help: "Folders (searched recursively for .mid) or files.")
    var paths: [String]

    @Flag(help: "Also print, per file, a digest of the bytes its Score is written back as (to find which files a writer change affects).")
    var perFile = false

    func run() throws {
        var digest = FNV1a()
        let files = try Bench.midiFiles(paths)
        for path in files {
            digest.add(path)
            for mode in [ReadOptions.strict, .lenient] {
                do {
                    let result = try MIDIFile.read(contentsOf: URL(fileURLWithPath: path), options: mode)
                    // Not the warning counts: a dictionary's order changes from process to process.
                    digest.add(String(describing: result.file))
                    digest.add(String(describing: result.warnings))
                    digest.add(String(describing: Score(file: result.file)))
                } catch {
                    digest.add(String(describing: error))
                }
            }
            if let score = try? Score(contentsOf: URL(fileURLWithPath: path)) {
                let written = score.bytes()
                digest.add(String(describing: written))
                if perFile {
                    var one = FNV1a()
                    one.add(String(describing: written))
                    Bench.report(["row": "written", "path": path, "bytes": written.count, "fnv1a64": String(one.value, radix: 16)])
                }
            }
        }
        Bench.report(["row": "fingerprint", "files": files.count, "fnv1a64": String(digest.value, radix: 16)])
    }
}

/// 64-bit FNV-1a over UTF-8 text (deterministic across processes, unlike `Hasher`).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xFF
        value = value &* 0x100_0000_01b3
    }
}
