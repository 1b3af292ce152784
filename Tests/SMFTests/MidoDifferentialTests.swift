import TestSupport
import Foundation
import Music
import SMF
import Testing

/// Python 3 with mido importable (symusic optional), checked once.
enum PythonPeers {
    static let hasMido: Bool = run(["python3", "-c", "import mido"]).status == 0
    static let hasSymusic: Bool = hasMido && run(["python3", "-c", "import symusic"]).status == 0
    static let script = packageRoot.appendingPathComponent("Scripts/mido_events.py")

    static var available: Bool { FileManager.default.fileExists(atPath: corpusRoot.path) && hasMido }

    /// Runs `/usr/bin/env args...`; stdout and the exit status (stderr is passed through).
    static func run(_ args: [String]) -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        do { try process.run() } catch { return (-1, Data()) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

/// One event in the form Scripts/mido_events.py writes: absolute tick, kind (mido's type names, or
/// "sysex" / "escape" / "meta"), channel, data bytes after the status byte (meta: type then data).
struct PeerEvent: Hashable, CustomStringConvertible {
    var tick: Int
    var kind: String
    var channel: Int?
    var data: [Int]

    var description: String { "tick \(tick) \(kind)\(channel.map { " ch \($0)" } ?? "") \(data)" }

    init(tick: Int, kind: String, channel: Int?, data: [Int]) {
        self.tick = tick
        self.kind = kind
        self.channel = channel
        self.data = data
    }

    /// From a JSON array [tick, kind, channel|null, [data]].
    init?(json: Any) {
        guard let a = json as? [Any], a.count == 4, let tick = a[0] as? Int, let kind = a[1] as? String,
              let data = a[3] as? [Int] else { return nil }
        self.init(tick: tick, kind: kind, channel: a[2] as? Int, data: data)
    }

    /// Ours: the event as mido would describe it. Sysex data loses one trailing F7 (mido keeps the
    /// bytes between F0 and F7); meta data is what our writer writes after the length.
    init(_ e: TimedEvent) {
        tick = e.tick
        switch e.event {
        case .channel(let m):
            channel = Int(m.channel)
            switch m {
            case .noteOff(_, let n, let v): kind = "note_off"; data = [Int(n), Int(v)]
            case .noteOn(_, let n, let v): kind = "note_on"; data = [Int(n), Int(v)]
            case .polyPressure(_, let n, let p): kind = "polytouch"; data = [Int(n), Int(p)]
            case .controlChange(_, let c, let v): kind = "control_change"; data = [Int(c), Int(v)]
            case .programChange(_, let p): kind = "program_change"; data = [Int(p)]
            case .channelPressure(_, let p): kind = "aftertouch"; data = [Int(p)]
            case .pitchBend(_, let v):
                let w = Int(v) + 8192
                kind = "pitchwheel"; data = [w & 0x7F, w >> 7]
            }
        case .sysex(let d):
            kind = "sysex"; channel = nil; data = (d.last == 0xF7 ? d.dropLast() : d[...]).map(Int.init)
        case .escape(let d):
            kind = "escape"; channel = nil; data = (d.last == 0xF7 ? d.dropLast() : d[...]).map(Int.init)
        case .meta(let m):
            kind = "meta"; channel = nil; data = [Int(m.type)] + Self.metaData(m).map(Int.init)
        }
    }

    static func metaData(_ m: MetaEvent) -> [UInt8] {
        switch m {
        case .sequenceNumber(let n): return n.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? []
        case .text(_, let b), .sequencerSpecific(let b), .unknown(_, let b): return b
        case .channelPrefix(let c), .port(let c): return [c]
        case .endOfTrack: return []
        case .tempo(let t): return [UInt8(t >> 16), UInt8((t >> 8) & 0xFF), UInt8(t & 0xFF)]
        case .smpteOffset(let h, let m, let s, let f, let ff): return [h, m, s, f, ff]
        case .timeSignature(let n, let d, let c, let b): return [n, d, c, b]
        case .keySignature(let sf, let minor): return [UInt8(bitPattern: sf), minor ? 1 : 0]
        }
    }
}

/// The differential test against mido (and symusic for notes) over ../shared/corpus/{melody,drums,songs}.
///
/// Deliberate, documented differences between our events and mido's (anything else fails the test):
/// - `escapeReadAsSysex`: mido reads an F7 escape event as a sysex message; we keep `.escape`
///   distinct (its bytes are sent as they are, with no F0 added).
/// - `emptySequenceNumber`: a sequence number meta event with no data (FF 00 00, allowed by the spec
///   to mean "this track's position") becomes number 0 in mido, written back as FF 00 02 00 00; we
///   keep `.sequenceNumber(nil)`.
///
/// Deliberate differences between our note pairing (`Score(file:)`) and symusic's (only counted,
/// listed per kind; in melody/drums/songs any other difference fails the test):
/// - `samePitchOverlap`: the same key struck again on a channel before its note-off: we close the
///   oldest open note first (first in, first out); other pairings may differ.
/// - `unclosedNote`: a note never ended: we end it at the track's last event; symusic drops it.
/// The edge-case folder is compared too, leniently read, for the figures only (mido refuses many of
/// those files outright; we read them leniently, so differences there are expected).
@Suite("Differential: mido and symusic", .enabled(if: PythonPeers.available,
    "python3 with mido, or ../shared/corpus, not found: mido differential test skipped (pip install mido symusic)"))
struct MidoDifferentialTests {
    struct Tally {
        var files = 0
        var identical = 0
        var bothRefuse = 0
        var midoErrors: [String: Int] = [:]
        var differences: [String: Int] = [:]
        var noteFiles = 0
        var noteDifferences: [String: Int] = [:]
        var noteExamples: [String] = []
        var unexpected: [String] = []
    }

    static let documentedNoteDifferences: Set<String> = ["samePitchOverlap", "unclosedNote"]

    /// Runs the script on `folders` and compares file by file.
    static func compare(folders: [String], lenient: Bool) throws -> Tally {
        var args = ["python3", PythonPeers.script.path, "--root", corpusRoot.path]
        if PythonPeers.hasSymusic { args.insert("--notes", at: 2) }
        args += folders.map { corpusRoot.appendingPathComponent($0).path }
        let (status, output) = PythonPeers.run(args)
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
            let ours: MIDIFile
            do {
                ours = lenient ? try MIDIFile.read(bytes: bytes, options: .lenient).file : try MIDIFile(bytes: bytes)
            } catch {
                if object["error"] is NSNull {
                    tally.unexpected.append("\(name): we refuse it (\(error)), mido reads it")
                    tally.differences["weRefuse", default: 0] += 1
                } else {
                    tally.bothRefuse += 1
                }
                continue
            }
            if let error = object["error"] as? String {
                let type = String(error.prefix { $0 != ":" })
                tally.midoErrors[type, default: 0] += 1
                continue
            }
            let theirs = (object["tracks"] as? [[Any]] ?? []).map { $0.compactMap(PeerEvent.init(json:)) }
            let mine = ours.tracks.enumerated().map { i, t in t.timedEvents(track: i).map(PeerEvent.init) }
            var same = true
            if mine.count != theirs.count {
                same = false
                tally.differences["trackCount", default: 0] += 1
                tally.unexpected.append("\(name): \(mine.count) tracks, mido \(theirs.count)")
            }
            for (t, (a, b)) in zip(mine, theirs).enumerated() where a != b {
                same = false
                if a.count != b.count {
                    tally.differences["eventCount", default: 0] += 1
                    tally.unexpected.append("\(name) track \(t): \(a.count) events, mido \(b.count)")
                    continue
                }
                for (x, y) in zip(a, b) where x != y {
                    let kind = Self.classify(ours: x, mido: y)
                    tally.differences[kind ?? "unexpected", default: 0] += 1
                    if kind == nil { tally.unexpected.append("\(name) track \(t): ours \(x), mido \(y)") }
                }
            }
            if same { tally.identical += 1 }
            if let notes = object["notes"] as? [[Int]] {
                tally.noteFiles += 1
                let ends = Set(ours.tracks.map { $0.events.reduce(0) { $0 + Int($1.delta) } })
                let differences = Self.noteDifferences(Score(file: ours), notes, trackEnds: ends)
                for (kind, n) in differences { tally.noteDifferences[kind, default: 0] += n }
                if !differences.isEmpty { tally.noteExamples.append("\(name): \(differences)") }
            }
        }
        return tally
    }

    /// The documented difference between two events at the same place, or nil.
    static func classify(ours: PeerEvent, mido: PeerEvent) -> String? {
        if ours.kind == "escape" && mido.kind == "sysex" && ours.tick == mido.tick && ours.data == mido.data {
            return "escapeReadAsSysex"
        }
        if ours.kind == "meta" && mido.kind == "meta" && ours.tick == mido.tick && ours.data == [0] && mido.data == [0, 0, 0] {
            return "emptySequenceNumber"
        }
        return nil
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
        func list(_ d: [String: Int]) -> String { d.isEmpty ? "none" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        return "\(label): \(t.files) files, \(t.identical) event-for-event identical to mido; differences by kind: \(list(t.differences)); "
            + "mido refused (we read them): \(list(t.midoErrors)); both refused: \(t.bothRefuse); notes compared with symusic in \(t.noteFiles) files, differing notes by kind: \(list(t.noteDifferences))"
    }

    @Test func trainingCorporaMatchMido() throws {
        let t = try Self.compare(folders: ["melody", "drums", "songs"], lenient: false)
        print("mido differential, " + Self.summary("melody+drums+songs (strict)", t))
        let expectedFiles = CorpusTests.files(in: ["melody", "drums", "songs"]).count
        #expect(t.files == expectedFiles)
        #expect(t.unexpected.isEmpty, "\(t.unexpected.prefix(20).joined(separator: "\n"))")
        #expect(t.midoErrors.isEmpty)
        if PythonPeers.hasSymusic {
            #expect(t.noteFiles == t.files)
            let undocumented = t.noteDifferences.filter { !Self.documentedNoteDifferences.contains($0.key) }
            #expect(undocumented.isEmpty, "notes differing from symusic: \(t.noteExamples.prefix(10))")
        }
    }

    @Test func edgeCasesAgainstMido() throws {
        // For the figures: mido is strict about much of this folder, and we read it leniently.
        let t = try Self.compare(folders: ["edge"], lenient: true)
        print("mido differential, " + Self.summary("edge (lenient)", t))
        print("edge files whose notes differ from symusic's: \(t.noteExamples.joined(separator: "; "))")
        #expect(t.files > 0)
    }
}
