import Foundation
import Music
import SMF

/// What `compose inspect` prints, as text or JSON.
struct InspectReport: Encodable {
    struct TrackInfo: Encodable {
        var index: Int
        var name: String?
        var channels: [Int]          // 1-16, as musicians number them
        var programs: [String]       // "0 Acoustic Grand Piano"
        var notes: Int
        var events: Int
    }
    struct TempoInfo: Encodable { var tick: Int; var seconds: Double; var bpm: Double }
    struct SignatureInfo: Encodable { var tick: Int; var value: String }
    /// A format 2 sequence (one track), placed after the one before it.
    struct SequenceInfo: Encodable { var track: Int; var tick: Int; var seconds: Double; var ticks: Int }

    var path: String
    var format: Int
    var division: String
    var tracks: [TrackInfo]
    var durationSeconds: Double
    var tempoMap: [TempoInfo]
    var timeSignatures: [SignatureInfo]
    var keySignatures: [SignatureInfo]
    /// Format 2 only: the sequences, played one after another.
    var sequences: [SequenceInfo]?
    var warnings: [String]

    /// - Parameter readingWarnings: what the lenient SMF reader repaired, one line each.
    init(file: MIDIFile, path: String, readingWarnings: [String] = []) {
        let score = Score(file: file)
        let map = score.tempoMap
        self.path = path
        format = Int(file.format.rawValue)
        switch file.division {
        case .ticksPerQuarter(let t): division = "\(t) ticks per quarter note"
        case .smpte(let fps, let tpf): division = "SMPTE \(SMPTEFrameRate.label(code: fps)) fps x \(tpf) ticks per frame"
        }
        tracks = score.parts.enumerated().map { i, part in
            TrackInfo(index: i, name: part.name, channels: part.channels.map { Int($0) + 1 },
                      programs: part.programs.map { "\($0) \(GeneralMIDI.programNames[Int($0)])" },
                      notes: part.notes.count, events: file.tracks[i].events.count)
        }
        durationSeconds = (score.durationSeconds * 1000).rounded() / 1000
        tempoMap = score.tempoChanges.map { TempoInfo(tick: $0.tick, seconds: map.seconds(atTick: $0.tick), bpm: ($0.bpm * 100).rounded() / 100) }
        timeSignatures = score.timeSignatures.map { SignatureInfo(tick: $0.tick, value: "\($0.numerator)/\($0.denominator)") }
        keySignatures = score.keySignatures.map { SignatureInfo(tick: $0.tick, value: $0.key.description) }
        if file.format == .multiSequence {
            let lengths = file.tracks.map { $0.events.reduce(0) { $0 + Int($1.delta) } }
            sequences = zip(lengths, Score.sequenceStarts(trackEnds: lengths)).enumerated().map { i, sequence in
                SequenceInfo(track: i, tick: sequence.1, seconds: (map.seconds(atTick: sequence.1) * 1000).rounded() / 1000, ticks: sequence.0)
            }
        }
        var warnings = readingWarnings
        for (i, track) in file.tracks.enumerated() where track.events.last?.event != .meta(.endOfTrack) {
            warnings.append("track \(i): no End of Track meta event at its end")
        }
        if case .ticksPerQuarter = file.division, score.tempoChanges.isEmpty {
            warnings.append("no tempo meta event: 120 bpm assumed")
        }
        if file.format == .singleTrack && file.tracks.count != 1 {
            warnings.append("format 0 file with \(file.tracks.count) tracks")
        }
        warnings += score.readingWarnings
        self.warnings = warnings
    }

    var text: String {
        var lines = ["\(path): SMF format \(format), \(division), \(tracks.count) track(s), \(String(format: "%.3f", durationSeconds)) s"]
        for t in tracks {
            var line = "  track \(t.index)"
            if let name = t.name { line += " \"\(name)\"" }
            line += ": \(counted(t.notes, "note")), \(counted(t.events, "event"))"
            if !t.channels.isEmpty { line += ", channel(s) " + t.channels.map(String.init).joined(separator: " ") }
            if !t.programs.isEmpty { line += ", program(s) " + t.programs.joined(separator: ", ") }
            lines.append(line)
        }
        lines.append("  tempo map: " + (tempoMap.isEmpty ? "120 bpm (default)" :
            tempoMap.map { String(format: "%.2f bpm @ tick %d (%.3f s)", $0.bpm, $0.tick, $0.seconds) }.joined(separator: "; ")))
        if !timeSignatures.isEmpty { lines.append("  time signatures: " + timeSignatures.map { "\($0.value) @ tick \($0.tick)" }.joined(separator: "; ")) }
        if !keySignatures.isEmpty { lines.append("  key signatures: " + keySignatures.map { "\($0.value) @ tick \($0.tick)" }.joined(separator: "; ")) }
        for s in sequences ?? [] {
            lines.append("  sequence \(s.track) (track \(s.track)): from tick \(s.tick) (\(String(format: "%.3f", s.seconds)) s), \(s.ticks) ticks long")
        }
        for w in warnings { lines.append("  warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
