import TestSupport
import Foundation
import Music
import SMF
import Testing

/// Python 3 with symusic importable, checked once; Scripts/mido_events.py --notes writes its notes.
enum Symusic {
    static let available: Bool = FileManager.default.fileExists(atPath: corpusRoot.path)
        && run(["python3", "-c", "import mido, symusic"]).status == 0
    static let script = packageRoot.appendingPathComponent("Scripts/mido_events.py")

    /// Runs `/usr/bin/env args...` (TestSupport).
    static func run(_ args: [String]) -> (status: Int32, output: Data) { PeerProcess.run(args) }
}

/// Our note pairing (`Score(file:)`) against symusic's over ../shared/corpus.
///
/// Deliberate differences (only counted, listed per kind; in melody/drums/songs any other
/// difference fails the test):
/// - `samePitchOverlap`: the same key struck again on a channel before its note-off: we close the
///   oldest open note first (first in, first out); other pairings may differ.
/// - `unclosedNote`: a note never ended: we end it at the track's last event; symusic drops it.
/// The edge-case folder is compared too, leniently read, for the figures only.
@Suite("Differential: notes against symusic", .enabled(if: Symusic.available,
    "python3 with mido and symusic, or ../shared/corpus, not found: symusic note test skipped (pip install mido symusic)"))
struct SymusicNoteTests {
    struct Tally {
        var files = 0
        var noteFiles = 0
        var noteDifferences: [String: Int] = [:]
        var noteExamples: [String] = []
    }

    static let documentedNoteDifferences: Set<String> = ["samePitchOverlap", "unclosedNote"]

    /// Runs the script with --notes on `folders` and compares the notes file by file (files we or
    /// symusic cannot read are left out).
    static func compare(folders: [String], lenient: Bool) throws -> Tally {
        let args = ["python3", Symusic.script.path, "--notes", "--root", corpusRoot.path] + folders.map { corpusRoot.appendingPathComponent($0).path }
        let (status, output) = Symusic.run(args)
        try #require(status == 0, "Scripts/mido_events.py exited with \(status)")
        var tally = Tally()
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let name = object["file"] as? String else {
                Issue.record("unreadable line from mido_events.py")
                continue
            }
            tally.files += 1
            let bytes = try [UInt8](Data(contentsOf: corpusRoot.appendingPathComponent(name)))
            guard let ours = try? (lenient ? MIDIFile.read(bytes: bytes, options: .lenient).file : MIDIFile(bytes: bytes)),
                  let notes = object["notes"] as? [[Int]] else { continue }
            tally.noteFiles += 1
            let ends = Set(ours.tracks.map { $0.events.reduce(0) { $0 + Int($1.delta) } })
            let differences = Self.noteDifferences(Score(file: ours), notes, trackEnds: ends)
            for (kind, n) in differences { tally.noteDifferences[kind, default: 0] += n }
            if !differences.isEmpty { tally.noteExamples.append("\(name): \(differences)") }
        }
        return tally
    }

    /// Our paired notes against symusic's (both as [start, duration, pitch, velocity], sorted):
    /// counts of differing notes by kind. `trackEnds`: the last tick of each track, where we end a
    /// note that is never released.
    static func noteDifferences(_ score: Score, _ theirs: [[Int]], trackEnds: Set<Int>) -> [String: Int] {
        let mine = score.parts.flatMap(\.notes).map { [$0.start, $0.duration, Int($0.pitch), Int($0.velocity)] }
        var count: [[Int]: Int] = [:]
        for n in mine { count[n, default: 0] += 1 }
        for n in theirs { count[n, default: 0] -= 1 }
        let onlyOurs = count.filter { $0.value > 0 }.map(\.key)
        let onlyTheirs = count.filter { $0.value < 0 }.map(\.key)
        guard !onlyOurs.isEmpty || !onlyTheirs.isEmpty else { return [:] }
        // Same start and pitch, different duration: a pairing choice among overlapping same-pitch notes.
        let theirStarts = Set(onlyTheirs.map { [$0[0], $0[2]] })
        var result: [String: Int] = [:]
        for n in onlyOurs {
            if theirStarts.contains([n[0], n[2]]) {
                result["samePitchOverlap", default: 0] += 1
            } else if trackEnds.contains(n[0] + n[1]) {
                result["unclosedNote", default: 0] += 1
            } else {
                result["onlyOurs", default: 0] += 1
            }
        }
        let ourStarts = Set(onlyOurs.map { [$0[0], $0[2]] })
        for n in onlyTheirs where !ourStarts.contains([n[0], n[2]]) { result["onlySymusic", default: 0] += 1 }
        return result
    }

    static func summary(_ label: String, _ t: Tally) -> String {
        let list = t.noteDifferences.isEmpty ? "none" : t.noteDifferences.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(label): notes compared with symusic in \(t.noteFiles) of \(t.files) files, differing notes by kind: \(list)"
    }

    @Test func trainingCorporaNotesMatchSymusic() throws {
        let t = try Self.compare(folders: ["melody", "drums", "songs"], lenient: false)
        print("symusic differential, " + Self.summary("melody+drums+songs (strict)", t))
        #expect(t.files == corpusFiles(in: ["melody", "drums", "songs"]).count)
        #expect(t.noteFiles == t.files)
        let undocumented = t.noteDifferences.filter { !Self.documentedNoteDifferences.contains($0.key) }
        #expect(undocumented.isEmpty, "notes differing from symusic: \(t.noteExamples.prefix(10))")
    }

    @Test func edgeCaseNotesAgainstSymusic() throws {
        // For the figures: we read this folder leniently; differences there are expected.
        let t = try Self.compare(folders: ["edge"], lenient: true)
        print("symusic differential, " + Self.summary("edge (lenient)", t))
        print("edge files whose notes differ from symusic's: \(t.noteExamples.joined(separator: "; "))")
        #expect(t.files > 0)
    }
}
