import Testing
@testable import Music

@Suite struct KeyTests {
    @Test func keySignatureNamesKey() {
        #expect(KeySignature(sharpsFlats: 2, minor: false).key == Key(tonic: 2, mode: .major))   // D major
        #expect(KeySignature(sharpsFlats: 2, minor: true).key == Key(tonic: 11, mode: .minor))   // B minor
        #expect(KeySignature(sharpsFlats: -1, minor: true).key == Key(tonic: 2, mode: .minor))   // D minor
        #expect(KeySignature(sharpsFlats: -6, minor: false).key == Key(tonic: 6, mode: .major))  // Gb major
        #expect(Key(tonic: 2, mode: .minor).signature == KeySignature(sharpsFlats: -1, minor: true))
        #expect(Key(tonic: 6, mode: .major).signature == KeySignature(sharpsFlats: 6, minor: false))
        #expect(Key(tonic: 10, mode: .major).description == "Bb major")
        #expect(Key(tonicName: "f#", mode: .minor)?.description == "F# minor")
    }

    @Test func krumhanslSchmucklerFindsScaleKeys() {
        func notes(_ pcs: [Int], base: Int, weights: [Int]) -> [Note] {
            pcs.enumerated().map { Note(pitch: UInt8(base + $0.element), start: $0.offset * 480, duration: weights[$0.offset]) }
        }
        // D major scale with tonic and dominant weighted.
        let dMajor = notes([0, 2, 4, 5, 7, 9, 11, 12], base: 62, weights: [960, 480, 480, 480, 960, 480, 480, 960])
        #expect(Key.estimate(dMajor).key == Key(tonic: 2, mode: .major))
        // A natural minor arpeggio-heavy line.
        let aMinor = notes([0, 3, 7, 12, 10, 8, 7, 3, 0], base: 57, weights: [960, 480, 480, 960, 240, 240, 480, 480, 960])
        #expect(Key.estimate(aMinor).key == Key(tonic: 9, mode: .minor))
        #expect(Key.estimate([]).correlation == 0)
    }

    @Test func pitchNames() {
        #expect(PitchName.name(of: 60) == "C4")
        #expect(PitchName.name(of: 69) == "A4")
        #expect(PitchName.pitch(of: "C4") == 60)
        #expect(PitchName.pitch(of: "Bb3") == 58)
        #expect(PitchName.pitch(of: "B#3") == 60)
        #expect(PitchName.pitch(of: "Cb4") == 59)
        #expect(PitchName.pitch(of: "C-1") == 0)
        #expect(PitchName.pitch(of: "G9") == 127)
        #expect(PitchName.pitch(of: "G#9") == nil)
        #expect(PitchName.pitch(of: "H4") == nil)
        #expect(PitchName.pitchClass(of: "Eb") == 3)
    }
}
