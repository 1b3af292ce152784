import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite("Melody form")
struct MelodyFormTests {
    static let gMajor = Key(tonic: 7, mode: .major)

    @Test("plans: aabb in 8-bar sections, aaba and abac in quarters, none or an unfit length gives no sections")
    func sections() {
        func letters(_ form: MelodyForm, _ bars: Int) -> String { String(form.sections(bars: bars).map(\.letter)) }
        #expect(letters(.aabb, 16) == "AA")
        #expect(letters(.aabb, 24) == "AAB")
        #expect(letters(.aabb, 32) == "AABB")
        #expect(letters(.aabb, 64) == "AABBAABB")
        #expect(MelodyForm.aabb.sections(bars: 32).map(\.firstBar) == [0, 8, 16, 24])
        #expect(letters(.aaba, 16) == "AABA")
        #expect(MelodyForm.aaba.sections(bars: 16).map(\.bars) == [4, 4, 4, 4])
        #expect(letters(.abac, 32) == "ABAC")
        #expect(MelodyForm.abac.sections(bars: 32).map(\.firstBar) == [0, 8, 16, 24])
        #expect(MelodyForm.aabb.sections(bars: 8).isEmpty)
        #expect(MelodyForm.aabb.sections(bars: 20).isEmpty)
        #expect(MelodyForm.aaba.sections(bars: 18).isEmpty)
        #expect(MelodyForm.none.sections(bars: 16).isEmpty)
        #expect(MelodyForm.default == .aabb)
    }

    @Test("a primer of notes and rests: clipped to the window, silences as rests")
    func primerWindow() {
        let notes = [GridNote(pitch: 60, start: 0, steps: 6), GridNote(pitch: 62, start: 8, steps: 4), GridNote(pitch: 64, start: 14, steps: 6)]
        let primer = MelodyModel.primer(of: notes, from: 4, to: 16)
        #expect(primer == [PrimerNote(pitch: 60, steps: 2), PrimerNote(pitch: nil, steps: 2), PrimerNote(pitch: 62, steps: 4),
                           PrimerNote(pitch: nil, steps: 2), PrimerNote(pitch: 64, steps: 2)])
        #expect(MelodyModel.primer(of: [], from: 0, to: 16) == [PrimerNote(pitch: nil, steps: 16)])
    }

    @Test("aabb: the second 8 bars repeat the first but for the last two, each half closes on the tonic", arguments: [MelodyForm.aabb])
    func aabb(form: MelodyForm) throws {
        let model = MelodyModel.markov(testModel)
        let bar = Meter.common.stepsPerBar
        for seed in UInt64(1)...6 {
            let request = CompositionRequest(bars: 16, key: Self.gMajor, seed: seed)
            let c = try model.compose(request, form: form)
            let again = try model.compose(request, form: form)
            #expect(c == again)
            #expect(c.totalSteps == 16 * bar)
            let notes = c.melody.notes
            for (a, b) in zip(notes, notes.dropFirst()) { #expect(a.end <= b.start, "notes overlap") }
            #expect(notes.last!.end == 16 * bar)
            #expect(notes.last!.pitch % 12 == 7)
            #expect(c.tokens.reduce(0) { $0 + $1.steps } == 16 * bar)
            // Bar 8 closes A on the tonic, held to the section's end.
            let closeA = notes.last { $0.start < 8 * bar }!
            #expect(closeA.end == 8 * bar && closeA.pitch % 12 == 7)
            // Bars 9-14 are bars 1-6, a section later.
            let barred = BarredMelody(name: "", key: Self.gMajor, meter: .common, melody: c.melody)
            for b in 0..<6 { #expect(barred.content(ofBar: b + 8) == barred.content(ofBar: b)) }
            #expect(c.logProbability < 0)
        }
    }

    @Test("none, and a length the plan does not fit, compose as before")
    func unplanned() throws {
        let model = MelodyModel.markov(testModel)
        for bars in [16, 12] {
            let request = CompositionRequest(bars: bars, key: Self.gMajor, seed: 3)
            let plain = try testModel.compose(request)
            #expect(try model.compose(request, form: bars == 16 ? .none : .aabb) == plain)
        }
    }

    @Test("a primer starts section A and is kept as given")
    func primer() throws {
        let model = MelodyModel.markov(testModel)
        let primer = [PrimerNote(pitch: 67, steps: 4), PrimerNote(pitch: 71, steps: 4), PrimerNote(pitch: 74, steps: 8)]
        let c = try model.compose(CompositionRequest(bars: 16, key: Self.gMajor, seed: 5, primer: primer), form: .aabb)
        #expect(Array(c.melody.notes.prefix(3)) == [GridNote(pitch: 67, start: 0, steps: 4), GridNote(pitch: 71, start: 4, steps: 4),
                                                    GridNote(pitch: 74, start: 8, steps: 8)])
        // The repeat starts with the primer too.
        #expect(Array(c.melody.notes.filter { $0.start >= 128 }.prefix(3).map(\.pitch)) == [67, 71, 74])
    }

    @Test("bad constraints are refused")
    func refused() {
        let model = MelodyModel.markov(testModel)
        let request = CompositionRequest(bars: 16, key: Self.gMajor, seed: 1)
        #expect(throws: ParameterError.self) { try model.compose(request, form: .aabb, constraints: FormConstraints(attempts: 0)) }
        #expect(throws: ParameterError.self) { try model.compose(request, form: .aabb, constraints: FormConstraints(variedBars: 8)) }
    }
}

@Suite("Octave repair of a formed melody")
struct OctaveRepairTests {
    @Test("moves the fewest new notes by an octave to keep leaps, range and the join")
    func repairs() {
        // The repeat's kept bars end on 84; the drawn ending 74 76 74 72 leaps 10 into it, and no
        // octave moves mend it within a range of 16 over a tune from 71: nil.
        #expect(OctaveRepair.repaired([71, 79, 84, 74, 76, 74, 72], fixed: 3, following: nil, maxLeap: 9, maxRange: 16) == nil)
        // From 72 the same ending moves up an octave but for its last note: 86 88 86 84.
        #expect(OctaveRepair.repaired([72, 79, 84, 74, 76, 74, 72], fixed: 3, following: nil, maxLeap: 9, maxRange: 16)
                == [72, 79, 84, 86, 88, 86, 84])
        // A join: the section closes on 62 and the repeat starts on 74 (a leap of 12): 62 -> 74.
        #expect(OctaveRepair.repaired([74, 69, 67, 62], fixed: 1, following: 74, maxLeap: 9, maxRange: 16) == [74, 69, 67, 74])
        // Within limits already: unchanged; the same notes before a repeat from 60 (a leap of 12) end an octave lower.
        #expect(OctaveRepair.repaired([60, 64, 67, 72], fixed: 0, following: 64, maxLeap: 9, maxRange: 16) == [60, 64, 67, 72])
        #expect(OctaveRepair.repaired([60, 64, 67, 72], fixed: 0, following: 60, maxLeap: 9, maxRange: 16) == [60, 64, 67, 60])
        // Fixed notes that break the limits themselves cannot be mended.
        #expect(OctaveRepair.repaired([60, 80, 62], fixed: 2, following: nil, maxLeap: 9, maxRange: 16) == nil)
    }

    @Test("every repaired tune keeps the limits and the pitch classes", arguments: [UInt64(1), 2, 3])
    func randomTunes(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let pitches = (0..<12).map { _ in Int.random(in: 55...84, using: &rng) }
            guard let r = OctaveRepair.repaired(pitches, fixed: 0, following: nil, maxLeap: 9, maxRange: 16) else {
                Issue.record("no repair of \(pitches)"); continue
            }
            #expect(zip(r, pitches).allSatisfy { ($0 - $1) % 12 == 0 && abs($0 - $1) <= 12 })
            #expect(zip(r, r.dropFirst()).allSatisfy { abs($1 - $0) <= 9 })
            #expect(r.max()! - r.min()! <= 16)
        }
    }
}
