/// A note to learn, in frames (100 per second): what the labels are drawn from.
package struct LabelNote: Sendable, Hashable, Codable {
    /// MIDI pitch (21...108 to be labelled).
    package var pitch: Int
    /// `floor(onset seconds x framesPerSecond + 0.5)`.
    package var onFrame: Int
    /// `max(floor(offset seconds x framesPerSecond + 0.5), onFrame + 1)`: the first frame after the note.
    package var offFrame: Int
    /// MIDI velocity 1...127.
    package var velocity: Int

    package init(pitch: Int, onFrame: Int, offFrame: Int, velocity: Int) {
        self.pitch = pitch
        self.onFrame = onFrame
        self.offFrame = offFrame
        self.velocity = velocity
    }

    /// A note of `onset`...`offset` seconds, framed as mir_eval's frame metric frames it
    /// (`floor(t x rate + 0.5)`).
    package init(pitch: Int, onset: Double, offset: Double, velocity: Int, framesPerSecond: Double = 100) {
        let on = Int((onset * framesPerSecond + 0.5).rounded(.down))
        self.init(pitch: pitch, onFrame: on, offFrame: max(Int((offset * framesPerSecond + 0.5).rounded(.down)), on + 1), velocity: velocity)
    }
}

/// The training targets of a stretch of frames, each `frames x 88` row-major (key `pitch - 21`):
/// - onset: 1 at a note's `onFrame`;
/// - frame: 1 in `onFrame ..< offFrame` (the frames mir_eval's frame metric counts);
/// - offset: 1 at a note's `offFrame` (the first frame after it);
/// - velocity: the note's velocity / 127 at its onset (0 elsewhere; its loss counts only at onsets).
/// Notes outside 21...108 are left out. A later note overrides an earlier one of the same key
/// where they meet.
package struct PianoLabels: Sendable, Hashable {
    package var frames: Int
    package var onset, frame, offset, velocity: [Float]

    /// The labels of frames `start ..< start + frames` from `notes`.
    package init(notes: [LabelNote], start: Int, frames: Int) {
        let k = PianoActivations.keys, n = frames * k
        self.frames = frames
        onset = [Float](repeating: 0, count: n)
        frame = onset
        offset = onset
        velocity = onset
        for note in notes {
            let key = note.pitch - PianoActivations.lowestKey
            guard key >= 0 && key < k, note.offFrame >= start, note.onFrame < start + frames else { continue }
            for f in max(note.onFrame, start)..<min(note.offFrame, start + frames) { frame[(f - start) * k + key] = 1 }
            if note.onFrame >= start {
                onset[(note.onFrame - start) * k + key] = 1
                velocity[(note.onFrame - start) * k + key] = Float(note.velocity) / 127
            }
            if note.offFrame < start + frames { offset[(note.offFrame - start) * k + key] = 1 }
        }
    }
}
