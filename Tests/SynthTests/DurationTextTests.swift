import TestSupport
import Synth
import Testing

@Suite("DurationText")
struct DurationTextTests {
    @Test func eachRangeUsesItsUnits() {
        let cases: [(Double, String)] = [
            (0, "0 s"), (4, "4 s"), (4.04, "4 s"), (4.37, "4.3 s"), (59.99, "59.9 s"),
            (60, "1 min"), (200, "3 min 20 s"), (3599.9, "59 min 59 s"),
            (3600, "1 h"), (285 * 3600 + 12 * 60 + 59, "285 h 12 min"), (7200, "2 h"),
        ]
        for (seconds, text) in cases { #expect(DurationText.describe(seconds: seconds) == text, "\(seconds)") }
    }

    @Test func tooLongSaysBothDurationsInReadableUnits() {
        #expect(SynthError.tooLong(seconds: 4.2, limit: 1).description
                == "The MIDI file lasts 4.2 s up to its last event, more than the render limit of 1 s; "
                + "a damaged delta time or tempo is likely (raise the limit to render it anyway).")
        #expect(SynthError.tooLong(seconds: 1_026_720, limit: 14_400).description.hasPrefix(
            "The MIDI file lasts 285 h 12 min up to its last event, more than the render limit of 4 h;"))
    }
}
