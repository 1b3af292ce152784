import Music

/// The one voice of a score that `Harmonizer` treats as the melody: a single (track, channel)
/// pair, so a format 0 file (one track, many channels) or a track that mixes channels gives one
/// line, never the whole band folded together.
public struct MelodyVoice: Sendable, Hashable {
    /// 0-based index into `Score.parts`: the SMF track number (every track is a part).
    public var partIndex: Int
    /// The 0-based MIDI channel (0-15, never 9) the notes came from.
    public var channel: UInt8
    /// The GM program (0-127) of the channel's first program change, nil when it has none.
    public var program: UInt8?
    /// The voice as a part on channel 0: its notes (ticks) and its own channel's controls
    /// (program changes, control changes, pitch bend; other channels' are dropped). Named after
    /// the track when the track uses only this channel, else "Melody".
    public var part: Part

    /// The (part, channel) pair with the highest mean MIDI pitch of its notes, channel 10
    /// (index 9, GM percussion) ignored; ties go to the earlier part, then the lower channel.
    /// - Returns: nil when the score has no note off channel 10.
    public static func choose(in score: Score) -> MelodyVoice? {
        var best: (part: Int, channel: UInt8, mean: Double)?
        for (index, part) in score.parts.enumerated() {
            var sums: [UInt8: (total: Int, count: Int)] = [:]
            for n in part.notes where n.channel != 9 {
                sums[n.channel, default: (0, 0)].total += Int(n.pitch)
                sums[n.channel, default: (0, 0)].count += 1
            }
            for channel in sums.keys.sorted() {
                let s = sums[channel]!
                let mean = Double(s.total) / Double(s.count)
                if best == nil || mean > best!.mean { best = (index, channel, mean) }
            }
        }
        guard let best else { return nil }
        let source = score.parts[best.part]
        var program: UInt8?
        let controls = source.controls.compactMap { c -> ControlEvent? in
            guard c.message.channel == best.channel else { return nil }
            var message = c.message
            switch message {
            case .programChange(_, let p):
                if program == nil { program = p }
                message = .programChange(channel: 0, program: p)
            case .controlChange(_, let n, let v): message = .controlChange(channel: 0, controller: n, value: v)
            case .pitchBend(_, let v): message = .pitchBend(channel: 0, value: v)
            default: return nil
            }
            return ControlEvent(tick: c.tick, message: message)
        }
        let notes = source.notes.filter { $0.channel == best.channel }.map { var n = $0; n.channel = 0; return n }
        let name = source.channels.filter { $0 != 9 } == [best.channel] ? source.name ?? "Melody" : "Melody"
        return MelodyVoice(partIndex: best.part, channel: best.channel, program: program,
                           part: Part(name: name, notes: notes, controls: controls))
    }

    /// E.g. "track 0 channel 2 (Recorder)": the SMF track number counted from 0 and the MIDI
    /// channel counted from 1, as `compose inspect` prints them, and the GM name of the channel's
    /// first program, or "(no program change)".
    public var summary: String {
        "track \(partIndex) channel \(Int(channel) + 1) (\(program.map { GeneralMIDI.programNames[Int($0)] } ?? "no program change"))"
    }
}
