import TestSupport
import Testing
import Music
@testable import Pictures

@Suite struct TerminalPianoRollTests {
    /// Two bars of 4/4 (3840 ticks) in 20 columns of 192 ticks: C4 0-960, D4 960-1920, E4 1920-3840,
    /// kicks at 0 and 1920.
    let score = Score(ticksPerQuarter: 480, parts: [
        Part(name: "Lead", notes: [
            Note(pitch: 60, channel: 0, start: 0, duration: 960),
            Note(pitch: 62, channel: 0, start: 960, duration: 960),
            Note(pitch: 64, channel: 0, start: 1920, duration: 1920),
        ]),
        Part(name: "Drums", notes: [
            Note(pitch: 36, channel: 9, start: 0, duration: 120),
            Note(pitch: 36, channel: 9, start: 1920, duration: 120),
        ]),
    ])

    @Test func halfBlocksBarLinesLanesAndLegendWithoutColour() throws {
        let roll = try TerminalPianoRoll(score: score, width: 25)
        #expect(roll.labelWidth == 5 && roll.columns == 20)
        // Lines as an array: trailing spaces are part of the picture.
        #expect(roll.render(colour: false) == [
            "bar  1         2         ",
            "     │         ▄▄▄▄▄▄▄▄▄▄",
            "     │    ▄▄▄▄▄│         ",
            "C4   ▄▄▄▄▄     │         ",
            "kick █         █         ",
            "█ Lead: Acoustic Grand Piano (ch 1)",
            "█ Drums: GM percussion (ch 10)",
        ].joined(separator: "\n") + "\n")
    }

    @Test func colourUsesTheVoicePaletteAsXterm256Colours() throws {
        #expect(RollColour.voice(0).xterm256Index == 67)       // #4e79a7 -> cube (1, 2, 3)
        #expect(RollColour.voice(1).xterm256Index == 208)      // #f28e2b -> cube (5, 2, 0)
        let text = try TerminalPianoRoll(score: score, width: 25).render(colour: true)
        #expect(text.contains("\u{1B}[0m\u{1B}[38;5;67m▄▄▄▄▄"))     // C4, one escape for the run
        #expect(text.contains("\u{1B}[0m\u{1B}[38;5;208m█"))        // the kick
        #expect(!text.contains("\u{1B}[48;5;"))                     // no cell holds two voices
    }

    @Test func twoVoicesInOneCellUseForegroundAndBackground() throws {
        let duet = Score(ticksPerQuarter: 480, parts: [
            Part(name: "A", notes: [Note(pitch: 61, channel: 0, start: 0, duration: 1920)]),
            Part(name: "B", notes: [Note(pitch: 60, channel: 1, start: 0, duration: 1920)]),
        ])
        let line = try TerminalPianoRoll(score: duet, width: 25).lines(colour: true)[1]
        #expect(line.hasPrefix("C4   \u{1B}[0m\u{1B}[38;5;67m\u{1B}[48;5;208m▀"))
        #expect(throws: PictureError.tooNarrow(width: 10, minimum: 20)) { try TerminalPianoRoll(score: duet, width: 10) }
    }
}
