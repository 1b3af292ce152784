import Foundation
import Music

/// One colour of a piano roll: the notes of one track (part) on one MIDI channel.
package struct RollVoice: Sendable, Hashable {
    /// Index of the part (SMF track) in the score.
    package var part: Int
    /// MIDI channel 0-15 (9 = General MIDI percussion).
    package var channel: UInt8
    /// The track name (SMF meta 0x03), if any.
    package var trackName: String?
    /// The General MIDI program 0-127 in force for the voice's first note (0, Acoustic Grand
    /// Piano, when the file sets none); nil for percussion.
    package var program: UInt8?
    /// Position in the score's voice list, which picks the colour.
    package var index: Int

    /// True for channel 10 (index 9), General MIDI percussion.
    package var isDrums: Bool { channel == 9 }

    package var colour: RollColour { RollColour.voice(index) }

    /// True when the score has notes in other parts too: then an unnamed track is called "Track N" in the label.
    package var hasSiblingParts: Bool

    /// "Melody: Flute (ch 1)", "Track 3: Acoustic Grand Piano (ch 2)", "Drums: GM percussion (ch 10)";
    /// just "Flute (ch 1)" for an unnamed track that is the only one with notes (format 0 files)
    /// or a track named after its instrument.
    package var label: String {
        let instrument = program.map { GeneralMIDI.programNames[Int($0)] } ?? "GM percussion"
        let suffix = "\(instrument) (ch \(channel + 1))"
        let named = trackName.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let name = named ?? (hasSiblingParts ? "Track \(part + 1)" : nil),
              name.caseInsensitiveCompare(instrument) != .orderedSame else { return suffix }
        return "\(name): \(suffix)"
    }

    /// The voices of a score with notes, ordered by part, then channel. The program of a voice is
    /// the last program change on its channel at or before its first note, looked for in its own
    /// part first, then in every part (format 1 files may set programs in another track).
    package static func voices(of score: Score) -> [RollVoice] {
        var result: [RollVoice] = []
        let partsWithNotes = score.parts.filter { !$0.notes.isEmpty }.count
        for (p, part) in score.parts.enumerated() {
            for channel in Set(part.notes.map(\.channel)).sorted() {
                let first = part.notes.first { $0.channel == channel }!.start
                func program(in controls: [ControlEvent]) -> UInt8? {
                    var found: (tick: Int, program: UInt8)?
                    for c in controls {
                        if case .programChange(let ch, let value) = c.message, ch == channel, c.tick <= first,
                           c.tick >= (found?.tick ?? Int.min) {
                            found = (c.tick, value)
                        }
                    }
                    return found?.program
                }
                let gm = channel == 9 ? nil
                    : program(in: part.controls) ?? program(in: score.parts.flatMap(\.controls)) ?? 0
                result.append(RollVoice(part: p, channel: channel, trackName: part.name, program: gm, index: result.count,
                                        hasSiblingParts: partsWithNotes > 1))
            }
        }
        return result
    }
}
