import Testing
@testable import Transcription

@Suite struct PianoLabelsTests {
    @Test func framesFollowMirEvalRounding() {
        // 0.004 s -> frame 0; 0.125 s -> floor(12.5 + 0.5) = 13; a 2 ms note keeps one frame.
        #expect(LabelNote(pitch: 60, onset: 0.004, offset: 0.125, velocity: 100) == LabelNote(pitch: 60, onFrame: 0, offFrame: 13, velocity: 100))
        #expect(LabelNote(pitch: 60, onset: 1.0, offset: 1.002, velocity: 1) == LabelNote(pitch: 60, onFrame: 100, offFrame: 101, velocity: 1))
    }
}
