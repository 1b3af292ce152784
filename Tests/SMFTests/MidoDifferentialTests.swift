import TestSupport
import Foundation
import SMF
import Testing

/// Python 3 with mido importable, checked once.
enum PythonPeers {
    static let hasMido: Bool = run(["python3", "-c", "import mido"]).status == 0
    static let script = packageRoot.appendingPathComponent("Scripts/mido_events.py")

    static var available: Bool { FileManager.default.fileExists(atPath: corpusRoot.path) && hasMido }

    /// Why the differential test is skipped: what is missing, each with its fix.
    static var missing: String {
        var parts: [String] = []
        if !FileManager.default.fileExists(atPath: corpusRoot.path) { parts.append("\(corpusRoot.path) (the shared corpus) not found") }
        if !hasMido { parts.append("python3 cannot import mido (pip install mido)") }
        return "mido differential test skipped: " + parts.joined(separator: "; ")
    }

    /// Runs `/usr/bin/env args...` (TestSupport).
    static func run(_ args: [String]) -> (status: Int32, output: Data) { PeerProcess.run(args) }
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

/// The differential test against mido over ../shared/corpus/{melody,drums,songs} (the notes, against symusic, are MusicTests' SymusicNoteTests).
///
/// Deliberate, documented differences between our events and mido's (anything else fails the test):
/// - `escapeReadAsSysex`: mido reads an F7 escape event as a sysex message; we keep `.escape`
///   distinct (its bytes are sent as they are, with no F0 added).
/// - `emptySequenceNumber`: a sequence number meta event with no data (FF 00 00, allowed by the spec
///   to mean "this track's position") becomes number 0 in mido, written back as FF 00 02 00 00; we
///   keep `.sequenceNumber(nil)`.
///
/// The edge-case folder is compared too, leniently read, for the figures only (mido refuses many of
/// those files outright; we read them leniently, so differences there are expected).
@Suite("Differential: mido", .enabled(if: PythonPeers.available, Comment(rawValue: PythonPeers.missing)))
struct MidoDifferentialTests {
    struct Tally {
        var files = 0
        var identical = 0
        var bothRefuse = 0
        var midoErrors: [String: Int] = [:]
        var differences: [String: Int] = [:]
        var unexpected: [String] = []
    }

    /// Runs the script on `folders` and compares file by file.
    static func compare(folders: [String], lenient: Bool) throws -> Tally {
        var args = ["python3", PythonPeers.script.path, "--root", corpusRoot.path]
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

    static func summary(_ label: String, _ t: Tally) -> String {
        func list(_ d: [String: Int]) -> String { d.isEmpty ? "none" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        return "\(label): \(t.files) files, \(t.identical) event-for-event identical to mido; differences by kind: \(list(t.differences)); "
            + "mido refused (we read them): \(list(t.midoErrors)); both refused: \(t.bothRefuse)"
    }

    @Test func trainingCorporaMatchMido() throws {
        let t = try Self.compare(folders: ["melody", "drums", "songs"], lenient: false)
        print("mido differential, " + Self.summary("melody+drums+songs (strict)", t))
        let expectedFiles = CorpusTests.files(in: ["melody", "drums", "songs"]).count
        #expect(t.files == expectedFiles)
        #expect(t.unexpected.isEmpty, "\(t.unexpected.prefix(20).joined(separator: "\n"))")
        #expect(t.midoErrors.isEmpty)
    }

    @Test func edgeCasesAgainstMido() throws {
        // For the figures: mido is strict about much of this folder, and we read it leniently.
        let t = try Self.compare(folders: ["edge"], lenient: true)
        print("mido differential, " + Self.summary("edge (lenient)", t))
        #expect(t.files > 0)
    }
}
