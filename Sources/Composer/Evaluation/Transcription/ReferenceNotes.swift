import Music

/// The notes of a MIDI file as `TranscribedNote`s, the way both a reference and a transcriber's
/// output are scored: every note of every part except General MIDI channel 10 (percussion), its
/// start and end in seconds by the file's tempo map, its MIDI pitch as a frequency, its velocity.
/// Sustain pedal is not applied to the notes (a note ends at its note-off); where it is down is kept
/// apart (`sustainPedal`). Notes of zero length, which mir_eval refuses, are left out and counted.
public struct ReferenceNotes: Sendable, Hashable {
    /// The notes, sorted by onset, then pitch.
    public var notes: [TranscribedNote]
    /// Notes left out because they end where they start.
    public var zeroLengthNotes: Int
    /// The score's length in seconds (`Score.durationSeconds`).
    public var duration: Double
    /// Where the sustain pedal (controller 64, any channel but 10) is down, in seconds, in order
    /// (`Score.sustainPedalSeconds`); empty for a file without one.
    public var sustainPedal: [Range<Double>]

    public init(score: Score) {
        let map = score.tempoMap
        var notes: [TranscribedNote] = []
        var zero = 0
        for note in score.allNotes where note.channel != 9 {
            let onset = map.seconds(atTick: note.start), offset = map.seconds(atTick: note.end)
            guard offset > onset else { zero += 1; continue }
            notes.append(TranscribedNote(onset: onset, offset: offset, midiPitch: Int(note.pitch), velocity: Double(note.velocity)))
        }
        self.notes = notes
        self.zeroLengthNotes = zero
        self.duration = score.durationSeconds
        self.sustainPedal = score.sustainPedalSeconds
    }
}
