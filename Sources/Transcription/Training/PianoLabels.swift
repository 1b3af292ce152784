extension PianoNote {
    /// A note of `onset`...`offset` seconds framed as mir_eval's frame metric frames it
    /// (`floor(t x rate + 0.5)`; the offset at least one frame after the onset): what the training
    /// labels are drawn from.
    package init(pitch: Int, onset: Double, offset: Double, velocity: Int, framesPerSecond: Double = 100) {
        let on = Int((onset * framesPerSecond + 0.5).rounded(.down))
        self.init(pitch: pitch, onsetFrame: on, offsetFrame: max(Int((offset * framesPerSecond + 0.5).rounded(.down)), on + 1),
                  velocity: velocity)
    }
}

/// The training targets of a stretch of frames, each `frames x 88` row-major (key `pitch - 21`):
/// - onset: 1 at a note's `onsetFrame`;
/// - frame: 1 in `onsetFrame ..< offsetFrame` (the frames mir_eval's frame metric counts);
/// - offset: 1 at a note's `offsetFrame` (the first frame after it);
/// - velocity: the note's velocity / 127 at its onset (0 elsewhere; its loss counts only at onsets);
/// - pedal (`frames` values): 1 where the sustain pedal is down.
/// Notes outside 21...108 are left out. A later note overrides an earlier one of the same key
/// where they meet.
package struct PianoLabels: Sendable, Hashable {
    package var frames: Int
    package var onset, frame, offset, velocity: [Float]
    package var pedal: [Float]

    /// The labels of frames `start ..< start + frames` from `notes` and `pedal`.
    package init(notes: [PianoNote], pedal intervals: [PedalInterval] = [], start: Int, frames: Int) {
        let k = PianoActivations.keys, n = frames * k
        self.frames = frames
        onset = [Float](repeating: 0, count: n)
        frame = onset
        offset = onset
        velocity = onset
        pedal = [Float](repeating: 0, count: frames)
        for p in intervals where p.offFrame > start && p.onFrame < start + frames {
            for f in max(p.onFrame, start)..<min(p.offFrame, start + frames) { pedal[f - start] = 1 }
        }
        for note in notes {
            let key = note.pitch - PianoActivations.lowestKey
            guard key >= 0 && key < k, note.offsetFrame >= start, note.onsetFrame < start + frames else { continue }
            for f in max(note.onsetFrame, start)..<min(note.offsetFrame, start + frames) { frame[(f - start) * k + key] = 1 }
            if note.onsetFrame >= start {
                onset[(note.onsetFrame - start) * k + key] = 1
                velocity[(note.onsetFrame - start) * k + key] = Float(note.velocity) / 127
            }
            if note.offsetFrame < start + frames { offset[(note.offsetFrame - start) * k + key] = 1 }
        }
    }
}
