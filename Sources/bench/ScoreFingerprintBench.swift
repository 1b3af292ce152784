import ArgumentParser
import Foundation
import Music
import SMF

/// A digest of the `Score` read from every file, strictly and leniently (notes, controls, texts,
/// signatures, reading warnings, the SMF warnings with their byte offsets, or the error), to show that
/// a change of the reading path left every score unchanged: run it before and after and compare.
struct ScoreFingerprint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score-fingerprint",
                                                    abstract: "Digest of the scores read from files (equal before and after a reader change).")

    @Argument(help: "Folders (searched recursively for .mid) or files.")
    var paths: [String]

    @Option(help: "Also write one line per file (path and its digest) here, to find which file differs.")
    var list: String?

    func run() throws {
        var digest = FNV1a()
        var lines: [String] = []
        let files = try Bench.midiFiles(paths)
        for path in files {
            var one = FNV1a()
            one.add(path)
            for mode in [ReadOptions.strict, .lenient] {
                do {
                    let (score, warnings) = try Self.readScore(path, mode)
                    one.add(String(describing: score))
                    one.add(String(describing: warnings))
                } catch {
                    one.add(String(describing: error))
                }
            }
            digest.add(String(one.value, radix: 16))
            lines.append("\(String(one.value, radix: 16)) \(path)")
        }
        if let list { try (lines.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8) }
        Bench.report(["row": "score-fingerprint", "files": files.count, "fnv1a64": String(digest.value, radix: 16)])
    }

    static func readScore(_ path: String, _ mode: ReadOptions) throws -> (Score, [SMFWarning]) {
        let result = try Score.read(contentsOf: URL(fileURLWithPath: path), options: mode)
        return (result.score, result.warnings)
    }
}
