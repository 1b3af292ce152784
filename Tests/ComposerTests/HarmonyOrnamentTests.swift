import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite struct HarmonyOrnamentTests {
    let cMajor = Key(tonic: 0, mode: .major), aMinor = Key(tonic: 9, mode: .minor), gMajor = Key(tonic: 7, mode: .major)

    @Test func passingTonesAreScaleSteps() {
        #expect(VoiceOrnaments.passingTone(from: 64, to: 67, key: cMajor) == 65)   // E-F-G
        #expect(VoiceOrnaments.passingTone(from: 62, to: 59, key: cMajor) == 60)   // D-C-B
        #expect(VoiceOrnaments.passingTone(from: 55, to: 59, key: gMajor) == 57)   // G-A-B
        #expect(VoiceOrnaments.passingTone(from: 64, to: 68, key: aMinor) == 66)   // E-F#-G#: no augmented second
        #expect(VoiceOrnaments.passingTone(from: 69, to: 72, key: aMinor) == 71)   // A-B-C
    }

    @Test func neighbourTonesAreScaleSteps() {
        #expect(VoiceOrnaments.neighbourTone(of: 64, above: true, key: cMajor) == 65)
        #expect(VoiceOrnaments.neighbourTone(of: 64, above: false, key: cMajor) == 62)
        #expect(VoiceOrnaments.neighbourTone(of: 60, above: true, key: cMajor) == 62)
        #expect(VoiceOrnaments.neighbourTone(of: 57, above: false, key: aMinor) == 56)  // the leading tone
        #expect(VoiceOrnaments.neighbourTone(of: 57, above: true, key: aMinor) == 59)
    }

    @Test func aKeptPitchIsHeldOverTwoSlotsAtMost() {
        let line = (0..<5).map { note(60, $0 * 480, 480) } + [note(62, 2400, 240), note(62, 2640, 240), note(62, 2880, 480)]
        let tied = VoiceOrnaments.tied(line).map { [Int($0.pitch), $0.start, $0.duration] }
        #expect(tied == [[60, 0, 960], [60, 960, 960], [60, 1920, 480], [62, 2400, 480], [62, 2880, 480]])
    }

    /// Alto, tenor and bass per beat in C major (I - vi - IV - V - I), the soprano in quarters.
    let soprano = [72, 72, 72, 71, 72].enumerated().map { note($1, $0 * 480, 480) }
    let chosen = [[67, 64, 48], [69, 64, 45], [69, 65, 53], [67, 62, 55], [67, 64, 48]]
    var slots: [HarmonySlot] { HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 5 * 480, grid: .beat) }

    @Test func ornamentsFillThirdsWithoutFaults() {
        let plain = VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: nil, velocity: 80)
        let ornamented = VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: cMajor, velocity: 80)
        // Without a key: the chord tones, a kept pitch held over two beats.
        #expect(plain.map { $0.map { [Int($0.pitch), $0.start] } } == [
            [[67, 0], [69, 480], [67, 1440]],
            [[64, 0], [65, 960], [62, 1440], [64, 1920]],
            [[48, 0], [45, 480], [53, 960], [55, 1440], [48, 1920]],
        ])
        // With the key: the bass passes C-B-A, the tenor F-E-D, the alto's G gets its upper
        // neighbour A; each non-chord tone on the beat's second eighth.
        #expect(ornamented.map { $0.map { [Int($0.pitch), $0.start] } } == [
            [[67, 0], [69, 480], [67, 1440], [69, 1680], [67, 1920]],
            [[64, 0], [65, 960], [64, 1200], [62, 1440], [64, 1920]],
            [[48, 0], [47, 240], [45, 480], [53, 960], [55, 1440], [48, 1920]],
        ])
        #expect(VoiceLeadingRules.check([soprano] + plain) == VoiceLeadingRules.Violations())
        let v = VoiceLeadingRules.check([soprano] + ornamented)
        #expect(v == VoiceLeadingRules.Violations())
        // Every beat still starts on the chosen chord tone; the soprano is never touched.
        for (t, slot) in slots.enumerated() {
            for voice in 0..<3 {
                let onBeat = ornamented[voice].first { $0.start <= slot.start && $0.end > slot.start }
                #expect(onBeat.map { Int($0.pitch) } == chosen[t][voice])
            }
        }
    }

    @Test func ornamentChancesComeFromTheSettings() {
        let plain = VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: nil, velocity: 80)
        var none = VoicingSettings.standard
        none.passingProbability = 0
        none.neighbourProbability = 0
        // No chance of either ornament: the chord tones only, as without a key.
        let bare = VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: cMajor, velocity: 80, settings: none)
        #expect(bare == plain)
        // Passing tones only: the bass's C-B-A and the tenor's F-E-D, not the alto's neighbour.
        var passing = none
        passing.passingProbability = 1
        let passed = VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: cMajor, velocity: 80, settings: passing)
        #expect(passed.map { $0.map { [Int($0.pitch), $0.start] } } == [
            [[67, 0], [69, 480], [67, 1440]],
            [[64, 0], [65, 960], [64, 1200], [62, 1440], [64, 1920]],
            [[48, 0], [47, 240], [45, 480], [53, 960], [55, 1440], [48, 1920]],
        ])
    }

    @Test func ornamentsTakeTheBeatsLastEighthInCompoundMeter() {
        let quarter = HarmonySlot(start: 0, end: 480, bar: 0, isBarStart: true, beats: 1, unitTicks: 480, beatTicks: 480)
        let dottedQuarter = HarmonySlot(start: 0, end: 720, bar: 0, isBarStart: true, beats: 1, unitTicks: 240, beatTicks: 720)
        #expect(VoiceOrnaments.ornamentOffset(quarter) == 240)
        #expect(VoiceOrnaments.ornamentOffset(dottedQuarter) == 480)
    }

    @Test func searchKeepsVoicesOffLongDrones() {
        // Sixteen beats of C major under a held soprano C5: no lower voice may sit on one pitch
        // for more than `droneLimit` beats plus the one it is allowed into.
        let slots = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 16 * 480, grid: .beat)
        let chords = Array(repeating: ChordSymbol("C")!, count: 16)
        let lower = VoicingSearch.voice(soprano: [note(72, 0, 16 * 480)], slots: slots, chords: chords,
                                        statistics: VoicingStatistics(), key: cMajor)
        for line in lower {
            var longest = 0, run = 0, last: UInt8?
            for n in line {
                run = n.pitch == last ? run + n.duration : n.duration
                last = n.pitch
                longest = max(longest, run)
            }
            #expect(longest <= (VoicingSettings.standard.droneLimit + 1) * 480)
        }
    }
}
