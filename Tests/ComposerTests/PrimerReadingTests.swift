import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

/// Primers read from files (issue 16): a pickup keeps its place, velocities are kept, what was
/// quantized or dropped is counted, the voice can be chosen, `--bars` counts new bars.
@Suite struct PrimerReadingTests {
    func played(_ pitch: Int, _ start: Int, _ duration: Int, velocity: UInt8 = 90, channel: UInt8 = 0) -> Note {
        Note(pitch: UInt8(pitch), velocity: velocity, channel: channel, start: start, duration: duration)
    }

    /// 4/4 at 480 PPQ: E4 (velocity 70) on beat 4 of bar 1, then C4 (100) and G4 (80) in bar 2.
    var pickupScore: Score {
        Score(ticksPerQuarter: 480, parts: [Part(name: "Tune", notes: [
            played(64, 1440, 480, velocity: 70), played(60, 1920, 480, velocity: 100), played(67, 2400, 960, velocity: 80),
        ])], timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
    }

    @Test func aPickupKeepsItsPlaceAndVelocitiesAreKept() throws {
        let reading = try Primer.read(from: pickupScore)
        #expect(reading.notes == [PrimerNote(pitch: nil, steps: 12), PrimerNote(pitch: 64, steps: 4, velocity: 70),
                                  PrimerNote(pitch: 60, steps: 4, velocity: 100), PrimerNote(pitch: 67, steps: 8, velocity: 80)])
        #expect(reading.pickupSteps == 12)
        #expect(reading.meter == .common)
        #expect((reading.track, reading.trackName, reading.channels) == (0, "Tune", [0]))
        #expect((reading.notesInVoice, reading.notesTaken, reading.notesMoved, reading.notesDropped) == (3, 3, 0, 0))
        // Whole empty bars before the pickup are not kept; the place in the bar is.
        var later = pickupScore
        later.parts[0].notes = later.parts[0].notes.map { var n = $0; n.start += 2 * 1920; return n }
        #expect(try Primer.read(from: later).notes == reading.notes)
        // The old reading moved the pickup to step 0.
        #expect(Primer.notes(from: pickupScore).first == PrimerNote(pitch: 64, steps: 4))
    }

    @Test func aShortFirstBarIsAPickupToTheNextMeter() throws {
        // 1/4 for one beat, then 4/4: the G4 on tick 0 is the last beat before the first full bar.
        let score = Score(ticksPerQuarter: 480, parts: [Part(notes: [played(67, 0, 480), played(72, 480, 1920)])],
                          timeSignatures: [TimeSignature(tick: 0, numerator: 1, denominator: 4), TimeSignature(tick: 480, numerator: 4, denominator: 4)])
        let reading = try Primer.read(from: score)
        #expect(reading.meter == .common)
        #expect(reading.pickupSteps == 12)
        #expect(reading.notes == [PrimerNote(pitch: nil, steps: 12), PrimerNote(pitch: 67, steps: 4, velocity: 90),
                                  PrimerNote(pitch: 72, steps: 16, velocity: 90)])
    }

    @Test func tripletsMovedToSixteenthsAreCounted() throws {
        // Eighth-note triplets (160 ticks) from tick 0, then a quarter on beat 2.
        let score = Score(ticksPerQuarter: 480, parts: [Part(notes: [
            played(60, 0, 160), played(62, 160, 160), played(64, 320, 160), played(65, 480, 480),
        ])])
        let reading = try Primer.read(from: score)
        // Starts 0, 160, 320 ticks -> steps 0, 1 (1.33), 3 (2.67); ends 160 -> 1, 320 -> 3, 480 -> 4.
        #expect(reading.notes.compactMap(\.pitch) == [60, 62, 64, 65])
        #expect(reading.notes.map(\.steps) == [1, 2, 1, 4])
        #expect(reading.notesMoved == 3)
        #expect(reading.largestMoveTicks == 40)       // 160 -> 120 and 320 -> 360
        #expect(reading.notesDropped == 0)
    }

    @Test func chordNotesAndInnerVoicesAreCountedAsDropped() throws {
        // A C major chord, then a held C5 over a short inner E4, then a legato overlap.
        let score = Score(ticksPerQuarter: 480, parts: [Part(notes: [
            played(60, 0, 480), played(64, 0, 480), played(67, 0, 480),
            played(72, 480, 960), played(64, 720, 240),
            played(71, 1440, 600), played(69, 1920, 480),
        ])])
        let reading = try Primer.read(from: score)
        #expect(reading.notes == [PrimerNote(pitch: 67, steps: 4, velocity: 90), PrimerNote(pitch: 72, steps: 8, velocity: 90),
                                  PrimerNote(pitch: 71, steps: 4, velocity: 90), PrimerNote(pitch: 69, steps: 4, velocity: 90)])
        #expect(reading.notesDropped == 3)           // C4 and E4 of the chord, the inner E4
        #expect(reading.notesShortened == 1)         // B4 (1440-2040) cut at A4's start (1920)
        #expect(reading.notesMoved == 0)
    }

    /// Conductor track, a tune on channel 1 (track 1), a held pad above it on channel 2 (track 2).
    var tuneAndPad: Score {
        Score(ticksPerQuarter: 480, parts: [
            Part(),
            Part(name: "Tune", notes: [played(60, 0, 480), played(62, 480, 480), played(64, 960, 960)]),
            Part(name: "Pad", notes: [played(84, 0, 1920, velocity: 40, channel: 1)]),
        ])
    }

    @Test func theVoiceIsChosenByTrackOrChannel() throws {
        let byRule = try Primer.read(from: tuneAndPad)
        #expect((byRule.track, byRule.trackName, byRule.channels) == (2, "Pad", [1]))
        #expect(byRule.notes == [PrimerNote(pitch: 84, steps: 16, velocity: 40)])
        let byTrack = try Primer.read(from: tuneAndPad, track: 1)
        #expect((byTrack.track, byTrack.trackName, byTrack.channels, byTrack.notesTaken) == (1, "Tune", [0], 3))
        #expect(byTrack.notes.compactMap(\.pitch) == [60, 62, 64])
        let byChannel = try Primer.read(from: tuneAndPad, channel: 0)
        #expect(byChannel.track == 1 && byChannel.notes == byTrack.notes)
        #expect(throws: PrimerReadingError.noSuchTrack(track: 5, trackCount: 3)) { try Primer.read(from: tuneAndPad, track: 5) }
        #expect(throws: PrimerReadingError.noNotes(track: 1, channel: 1)) { try Primer.read(from: tuneAndPad, track: 1, channel: 1) }
        #expect(throws: PrimerReadingError.noNotes(track: nil, channel: 5)) { try Primer.read(from: tuneAndPad, channel: 5) }
        #expect(PrimerReadingError.noSuchTrack(track: 5, trackCount: 3).description
                == "there is no track 5; the file has 3 track(s), numbered 0-2 (as inspect lists them)")
    }

    @Test func aComposedMelodyKeepsThePrimerVelocitiesAndPickup() throws {
        let reading = try Primer.read(from: pickupScore)
        let key = Key(tonic: 0, mode: .major)
        let bars = CompositionRequest.totalBars(newBars: 2, primer: reading.notes, meter: .common)
        #expect(bars == 4)                            // the primer's 2 bars (28 steps) + 2 new
        let c = try SyntheticCorpus.model.compose(bars: bars, key: key, seed: 3, primer: reading.notes)
        let notes = c.score().allNotes
        #expect(Array(notes.prefix(3).map { [Int($0.start), Int($0.pitch), Int($0.velocity)] })
                == [[1440, 64, 70], [1920, 60, 100], [2400, 67, 80]])
        // Generated notes keep the composer's velocities: 100 on a downbeat, else 90.
        #expect(notes.dropFirst(3).allSatisfy { $0.velocity == ($0.start % 1920 == 0 ? 100 : 90) })
        #expect(notes.map(\.end).max() == 4 * 1920)
        // The phrase of a continuation keeps its velocities and place too.
        let answer = try MelodyModel.markov(SyntheticCorpus.model).continuation(of: reading.notes, bars: 2, seed: 3, key: key)
        #expect(answer.answerStart == 32)
        let both = answer.score(includePhrase: true).allNotes.prefix(3)
        #expect(both.map { [Int($0.start), Int($0.pitch), Int($0.velocity)] } == [[1440, 64, 70], [1920, 60, 100], [2400, 67, 80]])
    }

    @Test func newBarsAfterAPrimerEndingInsideABar() {
        // 20 steps of 4/4: the rest of bar 2, then 3 new bars.
        #expect(CompositionRequest.totalBars(newBars: 3, primer: [PrimerNote(pitch: 60, steps: 20)], meter: .common) == 5)
        #expect(CompositionRequest.totalBars(newBars: 3, primer: [PrimerNote(pitch: 60, steps: 12)], meter: try! Meter(6, 8)) == 4)
    }

    @Test func drumsFromOneTrackOrAnotherChannel() throws {
        let score = Score(ticksPerQuarter: 480, parts: [
            Part(name: "Kit", notes: [played(36, 0, 60, velocity: 110, channel: 9), played(38, 490, 60, velocity: 70, channel: 9)]),
            Part(name: "Other", notes: [played(42, 0, 60, velocity: 50, channel: 9)]),
            Part(name: "Channel 1 drums", notes: [played(36, 0, 60, velocity: 99, channel: 0), played(38, 960, 60, velocity: 98, channel: 0)]),
        ])
        let all = try DrumGrid.groove(of: score)
        #expect(all.groove.notes.map(\.drum) == [.kick, .closedHiHat, .snare])
        #expect(all.report.tracks == [0, 1])
        #expect(all.report.offGrid == 1 && abs(all.report.largestOffset - 10.0 / 120) < 1e-12)
        let kit = try DrumGrid.groove(of: score, track: 0)
        #expect(kit.groove.notes.map { [$0.step, Int($0.velocity)] } == [[0, 110], [4, 70]])
        #expect(kit.report.tracks == [0])
        let channel1 = try DrumGrid.groove(of: score, channel: 0)
        #expect(channel1.groove.notes.map { [$0.step, Int($0.velocity)] } == [[0, 99], [8, 98]])
        #expect(channel1.report.tracks == [2])
        #expect(throws: PrimerReadingError.noSuchTrack(track: 3, trackCount: 3)) { try DrumGrid.groove(of: score, track: 3) }
    }
}
