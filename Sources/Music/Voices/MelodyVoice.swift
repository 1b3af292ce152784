import SMF

/// The one voice of a score taken as its melody: a single (track, channel) pair, so a format 0
/// file (one track, many channels) or a track that mixes channels gives one line, never the whole
/// band folded together. `Harmonizer` uses it; the corpora (`EncodedTune.melodyPart`) use the same
/// rule with whole tracks as voices (`Grouping.track`).
public struct MelodyVoice: Sendable, Hashable {
    /// 0-based index into `Score.parts`: the SMF track number (every track is a part).
    public var partIndex: Int
    /// The 0-based MIDI channel (0-15, never 9) the notes came from.
    public var channel: UInt8
    /// The GM program (0-127) of the channel's first program change, nil when it has none.
    public var program: UInt8?
    /// The voice as a part on channel 0: its notes (ticks), its own channel's other messages
    /// (program and control changes, pitch bend, channel and key pressure; other channels' are
    /// dropped) and every text event of its track (lyrics, markers, text, cue points, bytes as
    /// read). Named after the track (the name's bytes kept as read) when the track uses only this
    /// channel, else "Melody".
    public var part: Part

    /// What counts as one voice when the melody is looked for.
    public enum Grouping: Sendable, Hashable {
        /// Each (part, channel) pair is a voice: a format 0 band gives its top line (`choose(in:)`,
        /// harmonize).
        case trackAndChannel
        /// Each part is a voice, all its channels but 10 together: the corpora and primers, whose
        /// melody files keep a melody in one track (on the shared corpus both groupings pick the
        /// same notes for every melody, lead-sheet and chorale file; they differ on format 0 bands).
        case track
    }

    /// The rule: the voice with the highest mean MIDI pitch of its notes, notes on the General
    /// MIDI percussion channel (`GeneralMIDI.percussionChannel`, channel 10) ignored; ties go to the
    /// earlier part, then (`.trackAndChannel`) the lower channel.
    /// - Returns: the part index and, for `.trackAndChannel`, the channel; nil when the score has no
    ///   note off channel 10.
    public static func locate(in score: Score, grouping: Grouping) -> (partIndex: Int, channel: UInt8?)? {
        var best: (part: Int, channel: UInt8?, mean: Double)?
        for (index, part) in score.parts.enumerated() {
            var sums: [UInt8?: (total: Int, count: Int)] = [:]
            for n in part.notes where n.channel != GeneralMIDI.percussionChannel {
                let key: UInt8? = grouping == .track ? nil : n.channel
                sums[key, default: (0, 0)].total += Int(n.pitch)
                sums[key, default: (0, 0)].count += 1
            }
            for channel in sums.keys.sorted(by: { ($0 ?? 0) < ($1 ?? 0) }) {
                let s = sums[channel]!
                let mean = Double(s.total) / Double(s.count)
                if best == nil || mean > best!.mean { best = (index, channel, mean) }
            }
        }
        return best.map { ($0.part, $0.channel) }
    }

    /// The melody's notes as they are in the score (their own channels), in the part's order; nil
    /// when the score has no note off channel 10. With `.track`, the chosen part's notes off
    /// channel 10.
    public static func notes(in score: Score, grouping: Grouping) -> [Note]? {
        guard let found = locate(in: score, grouping: grouping) else { return nil }
        return score.parts[found.partIndex].notes.filter {
            $0.channel != GeneralMIDI.percussionChannel && (found.channel == nil || $0.channel == found.channel)
        }
    }

    /// The melody voice of `score` by (track, channel) (`locate(in:grouping:)` with
    /// `.trackAndChannel`), its notes and channel messages moved to channel 0, with its track's
    /// text events (see ``part``).
    /// - Returns: nil when the score has no note off channel 10.
    public static func choose(in score: Score) -> MelodyVoice? {
        guard let found = locate(in: score, grouping: .trackAndChannel), let channel = found.channel else { return nil }
        let source = score.parts[found.partIndex]
        var program: UInt8?
        let controls = source.controls.compactMap { c -> ControlEvent? in
            guard c.message.channel == channel else { return nil }
            if case .programChange(_, let p) = c.message, program == nil { program = p }
            return ControlEvent(tick: c.tick, message: c.message.moved(toChannel: 0))
        }
        let notes = source.notes.filter { $0.channel == channel }.map { var n = $0; n.channel = 0; return n }
        var part = Part(name: "Melody", notes: notes, controls: controls, texts: source.texts)
        if source.channels.filter({ $0 != GeneralMIDI.percussionChannel }) == [channel], source.name != nil {
            // The track's own name, with the bytes it was read with (a Latin-1 name stays Latin-1).
            part.name = source.name
            part.nameBytes = source.nameBytes
        }
        return MelodyVoice(partIndex: found.partIndex, channel: channel, program: program, part: part)
    }

    /// E.g. "track 0 channel 2 (Recorder)": the SMF track number counted from 0 and the MIDI
    /// channel counted from 1, as `compose inspect` prints them, and the GM name of the channel's
    /// first program, or "(no program change)".
    package var summary: String {
        "track \(partIndex) channel \(Int(channel) + 1) (\(program.map { GeneralMIDI.programNames[Int($0)] } ?? "no program change"))"
    }
}

extension ChannelMessage {
    /// The same message on `channel` (0-15).
    func moved(toChannel channel: UInt8) -> ChannelMessage {
        switch self {
        case .noteOff(_, let n, let v): return .noteOff(channel: channel, note: n, velocity: v)
        case .noteOn(_, let n, let v): return .noteOn(channel: channel, note: n, velocity: v)
        case .polyPressure(_, let n, let p): return .polyPressure(channel: channel, note: n, pressure: p)
        case .controlChange(_, let n, let v): return .controlChange(channel: channel, controller: n, value: v)
        case .programChange(_, let p): return .programChange(channel: channel, program: p)
        case .channelPressure(_, let p): return .channelPressure(channel: channel, pressure: p)
        case .pitchBend(_, let v): return .pitchBend(channel: channel, value: v)
        }
    }
}
