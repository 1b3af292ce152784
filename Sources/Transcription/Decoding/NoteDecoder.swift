/// Turns the model's activations into notes, frame by frame, as they arrive (the rule is
/// `NoteDecodingSettings`'). Feed consecutive blocks of frames with `append`; each call returns the
/// notes that ended in it; `finish()` ends the notes still sounding at the end of the audio and
/// returns them. Pedal changes collect in `pedalEvents`. Memory: one frame of lookahead and the
/// state of 88 keys, whatever the length of the audio.
package final class NoteDecoder {
    /// The rule and its thresholds.
    package let settings: NoteDecodingSettings
    /// Frames per second of the activations (100 with the default log-mel settings).
    package let framesPerSecond: Double
    /// Frames appended so far.
    package private(set) var framesAppended = 0
    /// Sustain pedal changes so far, in frame order (empty when the model has no pedal head).
    package private(set) var pedalEvents: [PedalEvent] = []

    private let keys = PianoActivations.keys
    private let lowestKey = PianoActivations.lowestKey
    /// The frame waiting for the next one (its onset peak needs the next onset): onset, frame,
    /// offset, velocity of each key, and the pedal.
    private var pending: (onset: [Float], frame: [Float], offset: [Float], velocity: [Float], pedal: Float?)?
    private var previousOnset: [Float]
    private var previousFrame: [Float]
    /// Per key: the frame where the sounding note started (nil: silent), its velocity, and whether
    /// the current run of onset probabilities above the threshold has had its peak.
    private var start: [Int?]
    private var startVelocity: [Int]
    /// Per key: the onset probability of the peak that started the sounding note (0 for a note a
    /// frame rise started; read only while `start` is set).
    private var startOnset: [Float]
    private var runPeaked: [Bool]
    private var pedalDown = false
    private var finished = false

    /// - Parameters:
    ///   - settings: thresholds and minimum note length.
    ///   - framesPerSecond: the activations' frame rate (for the minimum note length).
    /// - Throws: `TranscriberError.settingOutOfRange` for settings out of range or a frame rate <= 0.
    package init(settings: NoteDecodingSettings = NoteDecodingSettings(), framesPerSecond: Double = 100) throws(TranscriberError) {
        try settings.validate()
        guard framesPerSecond > 0 else { throw .settingOutOfRange(name: "frames per second", value: framesPerSecond, allowed: "> 0") }
        self.settings = settings
        self.framesPerSecond = framesPerSecond
        previousOnset = Array(repeating: 0, count: keys)
        previousFrame = Array(repeating: 0, count: keys)
        start = Array(repeating: nil, count: keys)
        startVelocity = Array(repeating: 0, count: keys)
        startOnset = Array(repeating: 0, count: keys)
        runPeaked = Array(repeating: false, count: keys)
    }

    /// Decodes the next `activations.frameCount` frames; returns the notes that ended (sorted by
    /// onset, then pitch). A frame is decided once the frame after it has arrived.
    package func append(_ activations: PianoActivations) -> [PianoNote] {
        precondition(!finished, "NoteDecoder.append after finish()")
        var notes: [PianoNote] = []
        for f in 0..<activations.frameCount {
            let range = f * keys ..< (f + 1) * keys
            let next = (onset: Array(activations.onset[range]), frame: Array(activations.frame[range]),
                        offset: Array(activations.offset[range]), velocity: Array(activations.velocity[range]),
                        pedal: activations.pedal.map { $0[f] })
            if let pending { decide(pending, nextOnset: next.onset, into: &notes) }
            pending = next
            framesAppended += 1
        }
        return Self.sorted(notes)
    }

    /// Decides the last frame, ends every note still sounding at the end of the audio (frame
    /// `framesAppended`), lifts a pedal still down there; returns the notes that ended.
    package func finish() -> [PianoNote] {
        precondition(!finished, "NoteDecoder.finish() twice")
        finished = true
        var notes: [PianoNote] = []
        if let pending { decide(pending, nextOnset: Array(repeating: 0, count: keys), into: &notes) }
        pending = nil
        for k in 0..<keys where start[k] != nil { end(k, at: framesAppended, into: &notes) }
        if pedalDown {
            pedalEvents.append(PedalEvent(frame: framesAppended, down: false))
            pedalDown = false
        }
        return Self.sorted(notes)
    }

    /// The frame decided now: the one before the last appended.
    private var decidingFrame: Int { framesAppended - 1 }

    private func decide(_ current: (onset: [Float], frame: [Float], offset: [Float], velocity: [Float], pedal: Float?),
                        nextOnset: [Float], into notes: inout [PianoNote]) {
        let i = decidingFrame
        let onsetThreshold = Float(settings.onsetThreshold), frameThreshold = Float(settings.frameThreshold)
        let offsetThreshold = Float(settings.offsetThreshold), restrikeThreshold = Float(settings.restrikeThreshold)
        let offsetFrameLimit = Float(settings.offsetFrameLimit)
        for k in 0..<keys {
            let o = current.onset[k]
            let above = o >= onsetThreshold
            if !above { runPeaked[k] = false }
            let peak = above && !runPeaked[k] && o >= previousOnset[k] && o > nextOnset[k]
            if peak { runPeaked[k] = true }
            previousOnset[k] = o
            let ended = current.offset[k] >= offsetThreshold && current.frame[k] <= offsetFrameLimit
            let rise = settings.frameStartsNotes && current.frame[k] >= frameThreshold && previousFrame[k] < frameThreshold && !ended
            previousFrame[k] = current.frame[k]
            let active = peak || ((current.frame[k] >= frameThreshold || above) && !ended)
            if let s = start[k] {
                if !active {
                    end(k, at: i, into: &notes)
                } else if peak && i > s && o >= restrikeThreshold {
                    end(k, at: i, into: &notes)
                    begin(k, at: i, velocity: current.velocity[k], onset: o)
                }
            } else if rise || (peak && !isOvertone(k, peak: o, at: i)) {
                begin(k, at: i, velocity: current.velocity[k], onset: peak ? o : 0)
            }
        }
        if settings.pedal, let pedal = current.pedal {
            let down = pedal >= Float(settings.pedalThreshold)
            if down != pedalDown {
                pedalEvents.append(PedalEvent(frame: i, down: down))
                pedalDown = down
            }
        }
    }

    private func begin(_ k: Int, at frame: Int, velocity: Float, onset: Float) {
        start[k] = frame
        startVelocity[k] = Self.midiVelocity(velocity)
        startOnset[k] = onset
    }

    /// Whether an onset peak `peak` of key `k` at `frame` is taken for an overtone of a lower note
    /// (`NoteDecodingSettings.harmonicRatio`). Keys are decided in ascending order, so a lower note
    /// started in this very frame counts.
    private func isOvertone(_ k: Int, peak: Float, at frame: Int) -> Bool {
        let ratio = Float(settings.harmonicRatio)
        guard ratio > 0 else { return false }
        for interval in NoteDecodingSettings.harmonicIntervals where k >= interval {
            if let s = start[k - interval], frame - s <= NoteDecodingSettings.harmonicFrames, peak < ratio * startOnset[k - interval] {
                return true
            }
        }
        return false
    }

    private func end(_ k: Int, at frame: Int, into notes: inout [PianoNote]) {
        guard let s = start[k] else { return }
        start[k] = nil
        let milliseconds = Double(frame - s) * 1000 / framesPerSecond
        guard frame > s, milliseconds >= settings.minimumNoteMilliseconds else { return }
        notes.append(PianoNote(pitch: lowestKey + k, onsetFrame: s, offsetFrame: frame, velocity: startVelocity[k]))
    }

    /// The velocity head's value (MIDI velocity / 127) as a MIDI velocity: times 127, rounded, 1...127.
    static func midiVelocity(_ value: Float) -> Int {
        guard value.isFinite else { return 1 }
        return min(127, max(1, Int((value * 127).rounded())))
    }

    static func sorted(_ notes: [PianoNote]) -> [PianoNote] {
        notes.sorted { ($0.onsetFrame, $0.pitch) < ($1.onsetFrame, $1.pitch) }
    }
}
