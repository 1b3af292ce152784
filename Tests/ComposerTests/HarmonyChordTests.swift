import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

/// The shipped harmony model, found from the package root (it is part of the repository).
enum ShippedHarmonyModel {
    static let url = SharedCorpus.packageRoot.appendingPathComponent("Models/harmony.json")
    static let model: HarmonyModel? = try? HarmonyModel.load(from: url)
}

/// The shared lead-sheet and chorale corpora (skipped when ../shared is absent).
enum SharedHarmonyCorpus {
    static let leadSheets = SharedCorpus.melody.deletingLastPathComponent().appendingPathComponent("leadsheets")
    static let chorales = SharedCorpus.melody.deletingLastPathComponent().appendingPathComponent("chorales")
    static let available = SharedCorpus.available && FileManager.default.fileExists(atPath: leadSheets.path)
        && FileManager.default.fileExists(atPath: chorales.path)
}

@Suite struct HarmonyChordSymbolTests {
    func named(_ pcs: Set<Int>, bass: Int? = nil, rootIsBass: Bool = false) -> String? {
        ChordSymbol.identify(pitchClasses: pcs, bass: bass, rootIsBass: rootIsBass)?.description
    }

    @Test func namesChordsFromPitchClassSets() {
        #expect(named([0, 4, 7]) == "C")
        #expect(named([9, 0, 4]) == "Am")
        #expect(named([7, 11, 2, 5], bass: 7) == "G7")
        #expect(named([11, 2, 5], bass: 11) == "Bdim")
        #expect(named([2, 6, 9, 0], bass: 2) == "D7")
        #expect(named([0, 4, 8]) == "Caug")
        #expect(named([5, 9, 0, 4]) == "Fmaj7")
        #expect(named([11, 2, 5, 8], bass: 11) == "Bdim7")
        // Symmetric chords without a bass: the lowest root pitch class wins the tie.
        #expect(named([11, 2, 5, 8]) == "Ddim7")
        #expect(named([11, 2, 5, 9], bass: 11) == "Bm7b5")
        #expect(named([7, 0, 2], bass: 7) == "Gsus4")
        // Root position lead-sheet voicing: C E G A over C is C6; read freely it is Am7.
        #expect(named([0, 4, 7, 9], bass: 0, rootIsBass: true) == "C6")
        #expect(named([0, 4, 7, 9], bass: 9) == "Am7")
        // Incomplete chords: a bare third or fifth is a major triad; a 7th without its fifth.
        #expect(named([0, 4]) == "C")
        #expect(named([7, 2]) == "G")
        #expect(named([7, 11, 5], bass: 7) == "G7")
        // A passing note does not change the triad (C E G + D over C).
        #expect(named([0, 4, 7, 2], bass: 0) == "C")
        #expect(named([]) == nil)
        #expect(named([3]) == "D#")
    }

    @Test func parsesSpellsAndReduces() throws {
        let bb7 = try #require(ChordSymbol("Bb7"))
        #expect(bb7.root == 10 && bb7.quality == .dominant7)
        #expect(bb7.name(in: Key(tonic: 5, mode: .major)) == "Bb7")
        #expect(bb7.name(in: Key(tonic: 7, mode: .major)) == "Bb7")
        func spelled(_ chord: String, _ tonic: String, _ mode: Key.Mode) -> String? {
            ChordSymbol(chord)?.name(in: Key(tonicName: tonic, mode: mode)!)
        }
        // Diatonic roots take the scale's letters.
        #expect(spelled("Dbdim", "D", .minor) == "C#dim")
        #expect(spelled("A#", "D", .minor) == "Bb")
        #expect(spelled("A7", "D", .minor) == "A7")
        #expect(spelled("Gb", "D", .major) == "F#")
        #expect(spelled("Gbm", "D", .major) == "F#m")
        #expect(spelled("A#dim", "B", .minor) == "A#dim")
        #expect(spelled("Bbdim", "B", .minor) == "A#dim")
        #expect(spelled("C#7", "Ab", .major) == "Db7")
        #expect(spelled("Db7", "Gb", .major) == "C#7")   // Gb major is named F# major (Key.signature)
        // Chromatic roots: diminished and the raised 4th as sharps, the others as flats.
        #expect(spelled("F#dim", "C", .major) == "F#dim")
        #expect(spelled("Gbdim7", "C", .major) == "F#dim7")
        #expect(spelled("C#dim", "C", .major) == "C#dim")
        #expect(spelled("D#", "C", .major) == "Eb")
        #expect(spelled("G#", "C", .major) == "Ab")
        #expect(spelled("A#", "C", .major) == "Bb")
        #expect(spelled("C#", "C", .major) == "Db")
        #expect(spelled("D", "D", .minor) == "D")
        #expect(spelled("F#", "D", .minor) == "F#")
        #expect(ChordSymbol("F#m7b5")?.quality == .halfDiminished7)
        #expect(ChordSymbol("Bbm")?.description == "A#m")
        #expect(ChordSymbol("H7") == nil)
        #expect(ChordSymbol("C13") == nil)
        #expect(ChordSymbol("Cmaj7")?.reduced == ChordSymbol("C"))
        #expect(ChordSymbol("Am7")?.reduced == ChordSymbol("Am"))
        #expect(ChordSymbol("Bm7b5")?.reduced == ChordSymbol("Bdim"))
        #expect(ChordSymbol("G7")?.isDiatonic(in: Key(tonic: 0, mode: .major)) == true)
        #expect(ChordSymbol("D7")?.isDiatonic(in: Key(tonic: 0, mode: .major)) == false)
        // E major (with G#) is diatonic in A minor: the raised 7th counts.
        #expect(ChordSymbol("E")?.isDiatonic(in: Key(tonic: 9, mode: .minor)) == true)
        #expect(ChordSymbol("G7")?.role(of: 5) == 3)
        #expect(ChordSymbol("G7")?.role(of: 0) == nil)
    }

    @Test func slotsFollowTheMeter() {
        let six8 = [TimeSignature(numerator: 6, denominator: 8)]
        let two = HarmonySlot.slots(timeSignatures: six8, ticksPerQuarter: 480, endTick: 2880, grid: .perBar(2))
        #expect(two.map(\.start) == [0, 720, 1440, 2160])
        #expect(two.map(\.isBarStart) == [true, false, true, false])
        #expect(two.map(\.unitTicks) == [240, 240, 240, 240])
        let three4 = [TimeSignature(numerator: 3, denominator: 4)]
        let waltz = HarmonySlot.slots(timeSignatures: three4, ticksPerQuarter: 480, endTick: 2000, grid: .perBar(2))
        #expect(waltz.map { [$0.start, $0.end, $0.beats] } == [[0, 960, 2], [960, 1440, 1], [1440, 2000, 2]])
        let beats = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 1920, grid: .beat)
        #expect(beats.map(\.start) == [0, 480, 960, 1440])
        // A change from 4/4 to 3/4 at bar 2.
        let change = [TimeSignature(tick: 0, numerator: 4, denominator: 4), TimeSignature(tick: 1920, numerator: 3, denominator: 4)]
        let bars = HarmonySlot.slots(timeSignatures: change, ticksPerQuarter: 480, endTick: 4800, grid: .perBar(1))
        #expect(bars.map(\.start) == [0, 1920, 3360])
    }
}

@Suite struct HarmonyDecodingTests {
    /// C major, 4/4, one bar each of C E G C / F A C A / G B D F / E G C(half): the chords are
    /// C, F, G7, C.
    static let melody: [Note] = {
        let pitches: [[Int]] = [[72, 76, 79, 76], [77, 81, 84, 81], [79, 83, 74, 77], [76, 79, 72]]
        var notes: [Note] = []
        for (bar, line) in pitches.enumerated() {
            for (i, p) in line.enumerated() {
                let length = i == 2 && line.count == 3 ? 960 : 480
                notes.append(note(p, bar * 1920 + i * 480, length))
            }
        }
        return notes
    }()

    @Test(.enabled(if: ShippedHarmonyModel.model != nil, "Models/harmony.json not readable"))
    func shippedModelDecodesKnownChords() throws {
        let model = try #require(ShippedHarmonyModel.model)
        var score = Score(parts: [Part(name: "Melody", notes: Self.melody)], timeSignatures: [TimeSignature(numerator: 4, denominator: 4)],
                          keySignatures: [KeySignature(sharpsFlats: 0, minor: false)])
        score.parts[0].controls = []
        let result = try Harmonizer.chords(for: score, model: model, chordsPerBar: 1, style: .block, program: 0)
        #expect(result.key == Key(tonic: 0, mode: .major))
        #expect(result.chords.map(\.description) == ["C", "F", "G7", "C"])
        #expect(result.chordChart == "| C | F | G7 | C |")
        // The same melody in F major: every chord a fourth up, named with flats.
        var up = score
        up.parts[0].notes = Self.melody.map { var n = $0; n.pitch += 5; return n }
        up.keySignatures = [KeySignature(sharpsFlats: -1, minor: false)]
        let f = try Harmonizer.chords(for: up, model: model, chordsPerBar: 1, style: .block, program: 0)
        #expect(f.chordChart == "| F | Bb | C7 | F |")
    }

    /// A tiny hand-counted model: C and G7 only; the melody's pitch classes pick the chord, and a
    /// transition table that forbids nothing still lets the emissions win.
    @Test func viterbiFollowsEmissionsAndTransitions() throws {
        let key = Key(tonic: 0, mode: .major)
        let slots = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 4 * 1920, grid: .perBar(1))
        func observation(_ pcs: [Int]) -> [Double] { (0..<12).map { pcs.contains($0) ? 1 : 0 } }
        let c = ChordSymbol(root: 0, quality: .major), g7 = ChordSymbol(root: 7, quality: .dominant7)
        let training = (0..<20).map { i in
            HarmonyExample(name: "t\(i)", key: key, slots: slots,
                           observations: [observation([0, 4, 7]), observation([7, 11, 2, 5]), observation([7, 11, 2, 5]), observation([0, 4, 7])],
                           chords: [c, g7, g7, c])
        }
        let hmm = try ChordHMM(training: training)
        let melody = HarmonyExample(name: "m", key: key, slots: slots,
                                    observations: [observation([4]), observation([11, 5]), observation([2]), observation([0])])
        #expect(hmm.decode(melody) == [c, g7, g7, c])
        // Minor has no examples: it falls back to the major counts.
        var minor = melody
        minor.key = Key(tonic: 0, mode: .minor)
        #expect(hmm.decode(minor) == [c, g7, g7, c])
        #expect(throws: ComposerError.self) { try ChordHMM(training: []) }
        // Two slots per bar, G7 melody notes in the second half of bar 1: free decoding follows
        // them; with changes only at bar lines the bar keeps one chord.
        let halves = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 2 * 1920, grid: .perBar(2))
        let split = HarmonyExample(name: "h", key: key, slots: halves,
                                   observations: [observation([0, 4]), observation([11, 5]), observation([2]), observation([0])])
        #expect(hmm.decode(split) == [c, g7, g7, c])
        let tied = hmm.decode(split, changesOnlyAtBarLines: true)
        #expect(tied[0] == tied[1] && tied[2] == tied[3])
    }

    @Test(.enabled(if: SharedHarmonyCorpus.available, "../shared/corpus/leadsheets not present"))
    func leadSheetChordTrackIsNamed() throws {
        let url = SharedHarmonyCorpus.leadSheets.appendingPathComponent("jigs10.mid")
        let sheet = try #require(LeadSheet(score: Score(contentsOf: url), name: "jigs10.mid"))
        #expect(sheet.key == Key(tonic: 4, mode: .minor))
        #expect(sheet.chords.prefix(5).map(\.chord.description) == ["Em", "D7", "Em", "Em", "D7"])
        #expect(sheet.chords.prefix(5).map(\.start) == [3072, 9216, 15360, 18432, 21504])
        #expect(sheet.chords[0].end == 9216)
        let example = sheet.example(grid: .perBar(2))
        // 6/8 at 1024 PPQN: half a bar is 1536 ticks; the first chord starts in slot 2, relative to E.
        #expect(example.chords.prefix(3).map { $0?.description } == [nil, nil, "Cm"])
    }

    @Test func modelFileRoundTrips() throws {
        let slots = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 1920, grid: .beat)
        let example = HarmonyExample(name: "x", key: Key(tonic: 2, mode: .minor), slots: slots,
                                     observations: Array(repeating: (0..<12).map { Double($0 % 3) }, count: 4),
                                     chords: [ChordSymbol("Cm"), ChordSymbol("G7"), nil, ChordSymbol("Cm")])
        let hmm = try ChordHMM(training: [example])
        let chorale = Chorale(name: "c", key: Key(tonic: 0, mode: .major),
                              voices: [[note(72, 0, 480)], [note(67, 0, 480)], [note(64, 0, 480)], [note(48, 0, 480)]],
                              timeSignatures: [], ticksPerQuarter: 480)
        var voicing = VoicingStatistics()
        voicing.add(chorale)
        #expect(voicing.beats == 1 && voicing.bassRole[0] == [1, 0, 0, 0] && voicing.doubling[0] == ["2110": 1])
        let model = HarmonyModel(leadSheetModel: hmm, choraleModel: hmm, voicing: voicing,
                                 provenance: .init(leadSheets: "a", leadSheetCount: 1, chorales: "b", choraleCount: 1, heldOutFraction: 0, splitSeed: 2024))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("harmony-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try HarmonyModel.load(from: url)
        #expect(loaded.leadSheetModel.counts == hmm.counts)
        #expect(loaded.voicing == voicing)
        #expect(loaded.provenance == model.provenance)
        #expect(loaded.choraleModel.decode(example) == hmm.decode(example))
        try Data("{\"format\": \"something else\"}".utf8).write(to: url)
        #expect(throws: (any Error).self) { try HarmonyModel.load(from: url) }
    }
}
