import TestSupport
import Testing
import Music
@testable import Pictures

func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }
func close(_ r: PictureRect, _ x: Double, _ y: Double, _ w: Double, _ h: Double) -> Bool {
    close(r.x, x) && close(r.y, y) && close(r.width, w) && close(r.height, h)
}

/// The layout of `Support.twoBars` at 835 px: labels need 33 px (the widest, "snare", is
/// 5 x 9 x 0.6 + 6), the keyboard 16 px from x = 41, so the plot starts at x = 59 and is
/// 835 - 8 - 59 = 768 px wide for 3840 ticks: 0.2 px per tick. Rows: 8 px from y = 51 (margin 8,
/// bar numbers, tempo and signature rows), pitches 71 (B4) down to 60 (C4); drum lanes 12 px from
/// y = 151 (4 px below the rows).
@Suite struct PianoRollLayoutTests {
    let layout = try! PianoRollLayout(score: Support.twoBars, options: .init(width: 835))

    @Test func horizontalScaleAndAreas() {
        #expect(layout.firstTick == 0 && layout.endTick == 3840)
        #expect(close(layout.pixelsPerTick, 0.2))
        #expect(close(layout.plot, 59, 51, 768, 12 * 8 + 4 + 2 * 12))
        #expect(close(layout.keyboard, 41, 51, 16, 96))
        #expect(layout.width == 835)
        #expect(layout.height == 207)        // legend row from 183, 16 px, margin 8
    }

    @Test func notesBecomeRectanglesAtTheirTicksAndPitches() {
        #expect(layout.notes.count == 4)
        let byPitch = Dictionary(uniqueKeysWithValues: layout.notes.map { (Int($0.note.pitch) + ($0.note.channel == 9 ? 1000 : 0), $0) })
        // C4: 480 ticks = 96 px, drawn 1 px short; row of pitch 60 is the 12th: y = 51 + 11 * 8 (+0.5 inset).
        let c4 = byPitch[60]!
        #expect(close(c4.rect, 59, 139.5, 95, 7))
        #expect(close(c4.opacity, 1.0))
        #expect(c4.voice == 0)
        // E4 from tick 960 (x = 59 + 192) for 1440 ticks (288 px - 1), row 71 - 64 = 7.
        let e4 = byPitch[64]!
        #expect(close(e4.rect, 251, 107.5, 287, 7))
        #expect(close(e4.opacity, 0.3 + 0.7 * 64 / 127))
        // Drums: snare (38) lane on top at 151, kick (36) below at 163; 2 px inset.
        let kick = byPitch[1036]!, snare = byPitch[1038]!
        #expect(close(kick.rect, 59, 165, 3, 8))            // zero length: widened to 3 px
        #expect(close(snare.rect, 155, 153, 11, 8))         // 60 ticks = 12 px, 1 px short
        #expect(kick.voice == 1 && snare.voice == 1)
    }

    @Test func keyboardRowsAndDrumLanes() {
        #expect(layout.rows.map(\.pitch) == Array((60...71).reversed()))
        #expect(close(layout.rows[0].rect.y, 51) && close(layout.rows[11].rect.y, 139))
        #expect(layout.rows.filter(\.isBlackKey).map(\.pitch) == [70, 68, 66, 63, 61])
        #expect(layout.rows.compactMap(\.label) == ["C4"])
        #expect(layout.lanes.map(\.name) == ["snare", "kick"])
        #expect(layout.lanes.map(\.rect.y) == [151, 163])
    }

    @Test func barAndBeatGrid() {
        #expect(layout.grid.filter { $0.kind == .bar }.map(\.tick) == [0, 1920, 3840])
        #expect(layout.grid.filter { $0.kind == .beat }.map(\.tick) == [480, 960, 1440, 2400, 2880, 3360])
        #expect(layout.grid.filter { $0.kind == .bar }.map(\.x) == [59, 443, 827])
        #expect(layout.grid.compactMap(\.label) == ["1", "2"])
    }

    @Test func tempoAndKeyMarkersAndLegend() {
        let markers = layout.markers.map { "\($0.kind) \($0.tick) \($0.x) \($0.y) \($0.text) \($0.labelled)" }
        #expect(markers == ["tempo 0 59.0 32.0 120 bpm true", "tempo 1920 443.0 32.0 90 bpm true",
                            "key 0 59.0 46.0 G major true"])
        #expect(layout.legend.map(\.text) == ["Lead: Flute (ch 1)", "Drums: GM percussion (ch 10)"])
        #expect(close(layout.legend[0].swatch, 8, 185, 10, 10))
        #expect(close(layout.legend[1].swatch, 146, 185, 10, 10))   // 8 + 14 + 18 chars x 6 px + 16
    }

    @Test func barRangeSelectsTicksAndRejectsBarsOutsideTheScore() throws {
        let second = try PianoRollLayout(score: Support.twoBars, options: .init(width: 835, bars: 2...2))
        #expect(second.firstTick == 1920 && second.endTick == 3840)
        // No drums in bar 2: the widest label is "C#10" (4 x 5.4 + 6 = 27.6 px), so the plot starts
        // at 8 + 27.6 + 16 + 2 = 53.6 and is 835 - 8 - 53.6 = 773.4 px wide for 1920 ticks.
        #expect(close(second.plot.x, 53.6) && close(second.plot.width, 773.4))
        #expect(close(second.pixelsPerTick, 773.4 / 1920))
        #expect(second.lanes.isEmpty)
        // Only E4 (it sounds into bar 2) is drawn, from the window's left edge: 480 ticks, 1 px short.
        #expect(second.notes.map(\.note.pitch) == [64])
        #expect(close(second.notes[0].rect.x, 53.6) && close(second.notes[0].rect.width, 480 * 773.4 / 1920 - 1))
        // The tempo in force at bar 2 is the change at its first tick; no default marker.
        #expect(second.markers.filter { $0.kind == .tempo }.map(\.text) == ["90 bpm"])
        #expect(throws: PictureError.barRange(first: 2, last: 3, barCount: 2)) {
            try PianoRollLayout(score: Support.twoBars, options: .init(bars: 2...3))
        }
        #expect(throws: PictureError.tooNarrow(width: 100, minimum: 240)) {
            try PianoRollLayout(score: Support.twoBars, options: .init(width: 100))
        }
    }

    @Test func drumLaneNamesFollowTheGMPercussionMap() {
        #expect(DrumLaneNames.gmName(of: 35) == "Acoustic Bass Drum")
        #expect(DrumLaneNames.gmName(of: 42) == "Closed Hi-Hat")
        #expect(DrumLaneNames.gmName(of: 81) == "Open Triangle")
        #expect(DrumLaneNames.gmName(of: 34) == nil && DrumLaneNames.gmName(of: 82) == nil)
        #expect(DrumLaneNames.laneName(of: 36) == "kick" && DrumLaneNames.laneName(of: 38) == "snare")
        #expect(DrumLaneNames.laneName(of: 22) == "key 22")
        #expect(DrumLaneNames.table.count == 47)
    }
}
