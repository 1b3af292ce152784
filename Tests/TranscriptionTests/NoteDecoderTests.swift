import Testing
@testable import Transcription

/// Hand-made activations: `frames` frames, all zero, then the listed values set.
private struct Roll {
    var frames: Int
    var onset: [Float], frame: [Float], offset: [Float], velocity: [Float]
    var pedal: [Float]?

    init(_ frames: Int, pedal: Bool = false) {
        self.frames = frames
        let z = [Float](repeating: 0, count: frames * 88)
        onset = z; frame = z; offset = z; velocity = z
        self.pedal = pedal ? [Float](repeating: 0, count: frames) : nil
    }

    mutating func set(_ head: WritableKeyPath<Roll, [Float]>, pitch: Int, _ values: [Int: Float]) {
        for (f, v) in values { self[keyPath: head][f * 88 + pitch - 21] = v }
    }

    mutating func sound(pitch: Int, frames range: Range<Int>, _ p: Float = 0.9) {
        for f in range { frame[f * 88 + pitch - 21] = p }
    }

    var activations: PianoActivations {
        PianoActivations(frameCount: frames, onset: onset, frame: frame, offset: offset, velocity: velocity, pedal: pedal)
    }

    /// `activations` split into blocks of `sizes` frames (then the rest).
    func blocks(_ size: Int) -> [PianoActivations] {
        stride(from: 0, to: frames, by: size).map { s in
            let e = min(frames, s + size), r = s * 88 ..< e * 88
            return PianoActivations(frameCount: e - s, onset: Array(onset[r]), frame: Array(frame[r]), offset: Array(offset[r]),
                                    velocity: Array(velocity[r]), pedal: pedal.map { Array($0[s..<e]) })
        }
    }
}

/// The rule's thresholds as Onsets and Frames sets them (0.5, 0.5) with 30 ms notes at least: the
/// tests below are written for these, whatever the shipped defaults.
private let oaf: NoteDecodingSettings = {
    var s = NoteDecodingSettings()
    s.onsetThreshold = 0.5
    s.frameThreshold = 0.5
    s.minimumNoteMilliseconds = 30
    s.restrikeThreshold = 0.5
    s.harmonicRatio = 0
    return s
}()

private func decode(_ roll: Roll, _ settings: NoteDecodingSettings = oaf, block: Int? = nil) throws -> (notes: [PianoNote], pedal: [PedalEvent]) {
    let decoder = try NoteDecoder(settings: settings)
    var notes: [PianoNote] = []
    for a in roll.blocks(block ?? roll.frames) { notes += decoder.append(a) }
    notes += decoder.finish()
    #expect(decoder.framesAppended == roll.frames)
    return (notes.sorted { ($0.onsetFrame, $0.pitch) < ($1.onsetFrame, $1.pitch) }, decoder.pedalEvents)
}

@Suite struct NoteDecoderTests {
    @Test func noteStartsAtTheOnsetPeakAndEndsWhereTheFrameDrops() throws {
        var roll = Roll(40)
        // C4: onset rises 0.3, 0.6, 0.9, 0.7 (peak at frame 6), frames 5..<20 sound, velocity 0.5 at the peak.
        roll.set(\.onset, pitch: 60, [4: 0.3, 5: 0.6, 6: 0.9, 7: 0.7])
        roll.sound(pitch: 60, frames: 5..<20)
        roll.set(\.velocity, pitch: 60, [5: 0.9, 6: 0.5])
        for block in [1, 3, 7, 40] {
            let (notes, pedal) = try decode(roll, block: block)
            #expect(notes == [PianoNote(pitch: 60, onsetFrame: 6, offsetFrame: 20, velocity: 64)], "blocks of \(block)")
            #expect(pedal.isEmpty)
        }
        #expect(PianoNote(pitch: 60, onsetFrame: 6, offsetFrame: 20, velocity: 64).onsetSeconds(framesPerSecond: 100) == 0.06)
    }

    @Test func frameWithoutOnsetIsNoNote() throws {
        var roll = Roll(30)
        roll.sound(pitch: 64, frames: 2..<25)
        roll.set(\.onset, pitch: 64, [10: 0.49])   // under the threshold
        #expect(try decode(roll).notes.isEmpty)
        var lower = oaf
        lower.onsetThreshold = 0.4
        #expect(try decode(roll, lower).notes == [PianoNote(pitch: 64, onsetFrame: 10, offsetFrame: 25, velocity: 1)])
    }

    @Test func frameRiseStartsANoteOnlyWhenAsked() throws {
        var roll = Roll(40)
        roll.sound(pitch: 64, frames: 5..<20)           // no onset at all
        roll.set(\.velocity, pitch: 64, [5: 0.5])
        roll.set(\.onset, pitch: 67, [8: 0.9])          // an onset peak inside a sounding frame run
        roll.sound(pitch: 67, frames: 3..<30)
        roll.set(\.offset, pitch: 67, [30: 0.9])
        roll.sound(pitch: 67, frames: 30..<32)           // frames again after the offset: no rise (it never fell)
        #expect(try decode(roll).notes == [PianoNote(pitch: 67, onsetFrame: 8, offsetFrame: 30, velocity: 1)])
        var frames = oaf
        frames.frameStartsNotes = true
        #expect(try decode(roll, frames, block: 3).notes == [PianoNote(pitch: 67, onsetFrame: 3, offsetFrame: 8, velocity: 1),
                                                             PianoNote(pitch: 64, onsetFrame: 5, offsetFrame: 20, velocity: 64),
                                                             PianoNote(pitch: 67, onsetFrame: 8, offsetFrame: 30, velocity: 1)])
    }

    @Test func offsetHeadEndsTheNote() throws {
        var roll = Roll(30)
        roll.set(\.onset, pitch: 21, [3: 0.8])
        roll.sound(pitch: 21, frames: 3..<28)
        roll.set(\.offset, pitch: 21, [12: 0.7])
        roll.set(\.velocity, pitch: 21, [3: 1])
        #expect(try decode(roll).notes == [PianoNote(pitch: 21, onsetFrame: 3, offsetFrame: 12, velocity: 127)])
        var high = oaf
        high.offsetThreshold = 0.75
        #expect(try decode(roll, high).notes == [PianoNote(pitch: 21, onsetFrame: 3, offsetFrame: 28, velocity: 127)])
    }

    /// The offset head ends a note only where the frame probability is at most the offset frame
    /// limit (default 0.9): an offset of 0.8 where the frame head says 0.97 leaves the note
    /// sounding; the same offset where it says 0.6 ends it. With the limit at 1 (the rule before)
    /// the first offset ends the note, and the frames after it start nothing.
    @Test func offsetEndsANoteOnlyBelowTheFrameLimit() throws {
        var roll = Roll(60)
        roll.set(\.onset, pitch: 40, [4: 0.9])
        roll.sound(pitch: 40, frames: 4..<50, 0.97)
        roll.sound(pitch: 40, frames: 30..<50, 0.6)
        roll.set(\.offset, pitch: 40, [15: 0.8, 35: 0.8])
        roll.set(\.velocity, pitch: 40, [4: 0.5])
        #expect(try decode(roll, block: 6).notes == [PianoNote(pitch: 40, onsetFrame: 4, offsetFrame: 35, velocity: 64)])
        var always = oaf
        always.offsetFrameLimit = 1
        #expect(try decode(roll, always, block: 6).notes == [PianoNote(pitch: 40, onsetFrame: 4, offsetFrame: 15, velocity: 64)])
    }

    /// A key struck again as its note ends: the offset head fires on the restrike's frame and the
    /// next (the old note's end) while the frame head is sure the key sounds. Under the limit both
    /// notes are found; with the limit at 1 the offset ends the new note one frame (10 ms) after it
    /// started and it is dropped as shorter than 30 ms.
    @Test func aRestrikeSurvivesThePreviousNotesOffset() throws {
        var roll = Roll(60)
        roll.set(\.onset, pitch: 67, [5: 0.9, 25: 0.95, 26: 0.6])
        roll.sound(pitch: 67, frames: 5..<45, 0.98)
        roll.set(\.offset, pitch: 67, [25: 0.7, 26: 0.66])
        roll.set(\.velocity, pitch: 67, [5: 0.5, 25: 0.6])
        let expected = [PianoNote(pitch: 67, onsetFrame: 5, offsetFrame: 25, velocity: 64), PianoNote(pitch: 67, onsetFrame: 25, offsetFrame: 45, velocity: 76)]
        #expect(try decode(roll, block: 4).notes == expected)
        #expect(try decode(roll, NoteDecodingSettings(), block: 4).notes == expected)
        var always = oaf
        always.offsetFrameLimit = 1
        #expect(try decode(roll, always, block: 4).notes == [PianoNote(pitch: 67, onsetFrame: 5, offsetFrame: 25, velocity: 64)])
    }

    @Test func secondOnsetPeakRestrikesTheKey() throws {
        var roll = Roll(50)
        roll.set(\.onset, pitch: 108, [5: 0.9, 6: 0.6, 20: 0.55, 21: 0.8, 22: 0.2])
        roll.sound(pitch: 108, frames: 5..<40)
        roll.set(\.velocity, pitch: 108, [5: 0.2, 21: 0.4])
        #expect(try decode(roll, block: 4).notes == [PianoNote(pitch: 108, onsetFrame: 5, offsetFrame: 21, velocity: 25),
                                                     PianoNote(pitch: 108, onsetFrame: 21, offsetFrame: 40, velocity: 51)])
    }

    /// With the defaults (onset 0.2, restrike 0.6), a peak of 0.45 while the key's note sounds
    /// leaves the note whole; a peak of 0.7 strikes it again; a peak of 0.45 after the note ended
    /// starts a new one (the restrike threshold is only for a key still sounding).
    @Test func aRestrikeNeedsTheRestrikeThreshold() throws {
        var roll = Roll(80)
        roll.set(\.onset, pitch: 60, [5: 0.9, 6: 0.1, 20: 0.45, 21: 0.1, 35: 0.7, 36: 0.1, 60: 0.45, 61: 0.1])
        roll.sound(pitch: 60, frames: 5..<50)
        roll.sound(pitch: 60, frames: 60..<75)
        roll.set(\.velocity, pitch: 60, [5: 0.5, 20: 0.3, 35: 0.6, 60: 0.4])
        #expect(try decode(roll, NoteDecodingSettings(), block: 7).notes == [
            PianoNote(pitch: 60, onsetFrame: 5, offsetFrame: 35, velocity: 64), PianoNote(pitch: 60, onsetFrame: 35, offsetFrame: 50, velocity: 76),
            PianoNote(pitch: 60, onsetFrame: 60, offsetFrame: 75, velocity: 51)])
        var low = NoteDecodingSettings()
        low.restrikeThreshold = 0.4
        #expect(try decode(roll, low).notes.map(\.onsetFrame) == [5, 20, 35, 60])
        // A restrike threshold below the onset threshold: the onset threshold still decides.
        low.onsetThreshold = 0.5
        low.restrikeThreshold = 0.1
        #expect(try decode(roll, low).notes.map(\.onsetFrame) == [5, 35])
    }

    /// With the defaults (harmonic ratio 0.5): C4 struck at 0.9 in frame 5. C5 (an octave up) at
    /// 0.4 in the same frame and G5 (an octave and a fifth) at 0.3 a frame later are taken for its
    /// overtones; C6 (two octaves) at 0.3 three frames later, E5 (not a harmonic) at 0.3 and C5 again
    /// at 0.5 (above half of 0.9) in a second chord are notes. The lower note starting in the same
    /// frame counts because keys are decided from the lowest.
    @Test func theHarmonicRuleDropsWeakOnsetsAboveAStruckNote() throws {
        var roll = Roll(100)
        roll.set(\.onset, pitch: 60, [5: 0.9, 6: 0.1, 50: 0.9, 51: 0.1])
        roll.set(\.onset, pitch: 72, [5: 0.4, 6: 0.1, 50: 0.5, 51: 0.1])
        roll.set(\.onset, pitch: 79, [6: 0.3, 7: 0.1])
        roll.set(\.onset, pitch: 84, [8: 0.3, 9: 0.1])
        roll.set(\.onset, pitch: 76, [5: 0.3, 6: 0.1])
        for (pitch, start) in [(60, 5), (72, 5), (79, 6), (84, 8), (76, 5)] { roll.sound(pitch: pitch, frames: start..<30) }
        roll.sound(pitch: 60, frames: 50..<70)
        roll.sound(pitch: 72, frames: 50..<70)
        let notes = try decode(roll, NoteDecodingSettings(), block: 3).notes
        #expect(notes.map { [$0.pitch, $0.onsetFrame, $0.offsetFrame] } == [[60, 5, 30], [76, 5, 30], [84, 8, 30], [60, 50, 70], [72, 50, 70]])
        var off = NoteDecodingSettings()
        off.harmonicRatio = 0
        #expect(try decode(roll, off).notes.map { [$0.pitch, $0.onsetFrame] } == [[60, 5], [72, 5], [76, 5], [79, 6], [84, 8], [60, 50], [72, 50]])
        // A ratio of 1: an onset as high as the lower note's is kept; lower ones are dropped.
        var strict = NoteDecodingSettings()
        strict.harmonicRatio = 1
        #expect(try decode(roll, strict).notes.map { [$0.pitch, $0.onsetFrame] } == [[60, 5], [76, 5], [84, 8], [60, 50]])
    }

    @Test func onlyTheFirstPeakOfARunAboveTheThresholdCounts() throws {
        var roll = Roll(30)
        // 0.9, 0.6, 0.62, 0.3: the wobble at frame 6 stays above 0.5, so it is the same onset.
        roll.set(\.onset, pitch: 70, [4: 0.9, 5: 0.6, 6: 0.62, 7: 0.3])
        roll.sound(pitch: 70, frames: 4..<15)
        #expect(try decode(roll).notes == [PianoNote(pitch: 70, onsetFrame: 4, offsetFrame: 15, velocity: 1)])
    }

    @Test func plateauPeaksOnItsLastFrameAndTheLastFrameCanBeAPeak() throws {
        var roll = Roll(12)
        roll.set(\.onset, pitch: 50, [2: 0.7, 3: 0.7, 4: 0.1])
        roll.sound(pitch: 50, frames: 2..<9)
        roll.set(\.onset, pitch: 51, [10: 0.3, 11: 0.95])   // the audio's last frame: its next onset is 0
        let notes = try decode(roll, block: 5).notes
        #expect(notes == [PianoNote(pitch: 50, onsetFrame: 3, offsetFrame: 9, velocity: 1)])   // 51 lasts 10 ms < 30 ms
        var keepAll = oaf
        keepAll.minimumNoteMilliseconds = 0
        #expect(try decode(roll, keepAll).notes.last == PianoNote(pitch: 51, onsetFrame: 11, offsetFrame: 12, velocity: 1))
    }

    @Test func notesShorterThanTheMinimumAreDropped() throws {
        var roll = Roll(40)
        roll.set(\.onset, pitch: 60, [2: 0.9]); roll.sound(pitch: 60, frames: 2..<4)     // 20 ms
        roll.set(\.onset, pitch: 62, [2: 0.9]); roll.sound(pitch: 62, frames: 2..<5)     // 30 ms
        roll.set(\.onset, pitch: 64, [2: 0.9]); roll.sound(pitch: 64, frames: 2..<12)    // 100 ms
        #expect(try decode(roll).notes.map(\.pitch) == [62, 64])
        var longer = oaf
        longer.minimumNoteMilliseconds = 100
        #expect(try decode(roll, longer).notes.map(\.pitch) == [64])
        longer.minimumNoteMilliseconds = 100.1
        #expect(try decode(roll, longer).notes.isEmpty)
    }

    @Test func notesStillSoundingEndAtTheEndOfTheAudio() throws {
        var roll = Roll(25)
        roll.set(\.onset, pitch: 40, [20: 0.9])
        roll.sound(pitch: 40, frames: 20..<25)
        #expect(try decode(roll, block: 2).notes == [PianoNote(pitch: 40, onsetFrame: 20, offsetFrame: 25, velocity: 1)])
    }

    @Test func pedalBecomesDownAndUpEvents() throws {
        var roll = Roll(30, pedal: true)
        for f in 3..<10 { roll.pedal![f] = 0.8 }
        roll.pedal![10] = 0.49
        for f in 20..<30 { roll.pedal![f] = 0.5 }
        let (notes, pedal) = try decode(roll, block: 6)
        #expect(notes.isEmpty)
        #expect(pedal == [PedalEvent(frame: 3, down: true), PedalEvent(frame: 10, down: false),
                          PedalEvent(frame: 20, down: true), PedalEvent(frame: 30, down: false)])
        // A higher threshold keeps only the first press; `pedal` off keeps none.
        var high = oaf
        high.pedalThreshold = 0.7
        #expect(try decode(roll, high, block: 4).pedal == [PedalEvent(frame: 3, down: true), PedalEvent(frame: 10, down: false)])
        var off = oaf
        off.pedal = false
        #expect(try decode(roll, off, block: 4).pedal.isEmpty)
    }

    @Test func defaultsAreTheDocumentedOnes() {
        let d = NoteDecodingSettings()
        #expect(d.onsetThreshold == 0.2 && d.frameThreshold == 0.2 && d.offsetThreshold == 0.5 && d.minimumNoteMilliseconds == 80
                 && d.pedalThreshold == 0.5 && d.pedal && !d.frameStartsNotes && d.restrikeThreshold == 0.6 && d.offsetFrameLimit == 0.9
                 && d.harmonicRatio == 0.5 && NoteDecodingSettings.harmonicIntervals == [12, 19, 24] && NoteDecodingSettings.harmonicFrames == 2)
    }

    @Test func velocityIsScaledRoundedAndClamped() {
        #expect(NoteDecoder.midiVelocity(0) == 1)
        #expect(NoteDecoder.midiVelocity(0.5) == 64)     // 63.5 rounds up
        #expect(NoteDecoder.midiVelocity(100.0 / 127) == 100)
        #expect(NoteDecoder.midiVelocity(1.2) == 127)
        #expect(NoteDecoder.midiVelocity(.nan) == 1)
    }

    @Test func settingsOutOfRangeAreRefused() {
        var s = NoteDecodingSettings()
        s.onsetThreshold = 0
        #expect(throws: TranscriberError.settingOutOfRange(name: "onset threshold", value: 0, allowed: "0.01...1")) { try NoteDecoder(settings: s) }
        s = NoteDecodingSettings()
        s.frameThreshold = 1.5
        #expect(throws: TranscriberError.settingOutOfRange(name: "frame threshold", value: 1.5, allowed: "0.01...1")) { try s.validate() }
        s = NoteDecodingSettings()
        s.minimumNoteMilliseconds = -1
        #expect(throws: TranscriberError.settingOutOfRange(name: "minimum note length", value: -1, allowed: "0...10000 ms")) { try s.validate() }
        s = NoteDecodingSettings()
        s.restrikeThreshold = 1.01
        #expect(throws: TranscriberError.settingOutOfRange(name: "restrike threshold", value: 1.01, allowed: "0.01...1")) { try s.validate() }
        s = NoteDecodingSettings()
        s.harmonicRatio = -0.1
        #expect(throws: TranscriberError.settingOutOfRange(name: "harmonic ratio", value: -0.1, allowed: "0...1")) { try s.validate() }
        s.harmonicRatio = 0
        #expect(throws: Never.self) { try s.validate() }
        s = NoteDecodingSettings()
        s.offsetFrameLimit = 0
        #expect(throws: TranscriberError.settingOutOfRange(name: "offset frame limit", value: 0, allowed: "0.01...1")) { try s.validate() }
        s.offsetFrameLimit = 1
        #expect(throws: Never.self) { try s.validate() }
    }
}
