import Foundation
import SMF
import Testing
@testable import Transcription

/// Generated training material: seeded, on the keyboard, one note per key at a time, note-offs
/// before note-ons at a shared tick, labels equal to the notes, and the textures the corpus lacks.
@Suite struct GeneratedPianoPiecesTests {
    static let pieces = (0..<12).map { GeneratedPianoPieces.notes(index: $0, seed: 1, seconds: 30) }

    @Test func namesAreNumberedFromOneInTheGeneratedFolder() {
        #expect(GeneratedPianoPieces.name(index: 0) == "generated/gen-0001.mid")
        #expect(GeneratedPianoPieces.name(index: 41) == "generated/gen-0042.mid")
        #expect(GeneratedPianoPieces.name(index: 12344) == "generated/gen-12345.mid")
    }

    @Test func theSameIndexAndSeedGiveTheSameFileOthersDiffer() {
        let a = GeneratedPianoPieces.file(index: 3, seed: 7, seconds: 20).bytes()
        #expect(a == GeneratedPianoPieces.file(index: 3, seed: 7, seconds: 20).bytes())
        #expect(a != GeneratedPianoPieces.file(index: 4, seed: 7, seconds: 20).bytes())
        #expect(a != GeneratedPianoPieces.file(index: 3, seed: 8, seconds: 20).bytes())
    }

    @Test func notesStayOnTheKeyboardOnTheGridAndNeverOverlapOnOneKey() {
        for notes in Self.pieces {
            #expect(!notes.isEmpty)
            #expect(notes.allSatisfy { (21...108).contains($0.pitch) && (1...127).contains($0.velocity) && $0.offset > $0.onset })
            // On the 960-ticks-per-second grid, exactly.
            #expect(notes.allSatisfy { ($0.onset * 960).rounded() / 960 == $0.onset && ($0.offset * 960).rounded() / 960 == $0.offset })
            #expect(zip(notes, notes.dropFirst()).allSatisfy { ($0.onset, $0.pitch) <= ($1.onset, $1.pitch) })
            for key in Set(notes.map(\.pitch)) {
                let same = notes.filter { $0.pitch == key }
                #expect(zip(same, same.dropFirst()).allSatisfy { $0.offset <= $1.onset }, "key \(key) overlaps itself")
            }
            // About the length asked for: segments start before 30 s and last at most 7 s (+ a 1 s rest).
            let end = notes.map(\.offset).max()!
            #expect(end > 25 && end <= 38.25, "ends at \(end) s")
        }
    }

    @Test func theyHoldWhatTheCorpusLacks() {
        let all = Self.pieces.flatMap { $0 }
        // Restrikes: a key that starts on the tick its last note ended (legato repeated notes and chords).
        var restrikes = 0
        for notes in Self.pieces {
            var lastEnd: [Int: Double] = [:]
            for n in notes {
                if lastEnd[n.pitch] == n.onset { restrikes += 1 }
                lastEnd[n.pitch] = n.offset
            }
        }
        #expect(restrikes >= all.count / 20, "\(restrikes) restrikes of \(all.count) notes")
        // Velocities from soft to loud, keys across the keyboard.
        #expect(all.contains { $0.velocity <= 30 } && all.contains { $0.velocity >= 115 })
        #expect(all.contains { $0.pitch <= 30 } && all.contains { $0.pitch >= 96 })
        #expect(Set(all.map(\.velocity)).count >= 100)
        // Chords: onsets shared by three keys or more.
        let onsets = Dictionary(grouping: all.map { ($0.onset * 960).rounded() }, by: { $0 }).values
        #expect(onsets.contains { $0.count >= 3 })
    }

    @Test func theFileEndsAKeyBeforeStartingItAgainAndItsLabelsAreTheNotes() throws {
        let seconds = 30.0
        for index in 0..<4 {
            let file = GeneratedPianoPieces.file(index: index, seed: 1, seconds: seconds)
            let notes = GeneratedPianoPieces.notes(index: index, seed: 1, seconds: seconds)
            #expect(file.format == .singleTrack && file.division == .ticksPerQuarter(480) && file.tracks.count == 1)
            // Walk the events: at each tick, a key's note-off comes before its note-on.
            var tick = 0, sounding = Set<UInt8>(), ons = 0
            var offsAtTick: Set<UInt8> = [], onsAtTick: Set<UInt8> = []
            for e in file.tracks[0].events {
                if e.delta > 0 { tick += Int(e.delta); offsAtTick = []; onsAtTick = [] }
                switch e.event {
                case .channel(.noteOn(0, let key, let v)) where v > 0:
                    #expect(!sounding.contains(key), "key \(key) struck while sounding at tick \(tick)")
                    sounding.insert(key); onsAtTick.insert(key); ons += 1
                case .channel(.noteOff(0, let key, _)):
                    #expect(!onsAtTick.contains(key), "key \(key) ended after it started at tick \(tick)")
                    sounding.remove(key); offsAtTick.insert(key)
                default: break
                }
            }
            #expect(sounding.isEmpty && ons == notes.count)
            // Read back as the training set reads it: the labels are the notes, in 10 ms frames.
            let labels = PianoPerformance.labelNotes(try MIDIFile(bytes: file.bytes()))
            // (A note on a half frame, e.g. tick 24 = 2.5 frames, may round either way through the tempo map.)
            let key = { (a: [Int], b: [Int]) in a.lexicographicallyPrecedes(b) }
            let fromLabels = labels.map { [$0.pitch, $0.velocity, $0.onsetFrame] }.sorted(by: key)
            let fromNotes = notes.map { [$0.pitch, $0.velocity, Int(($0.onset * 100).rounded())] }.sorted(by: key)
            #expect(fromLabels.map { $0.prefix(2) } == fromNotes.map { $0.prefix(2) })
            #expect(zip(fromLabels, fromNotes).allSatisfy { abs($0[2] - $1[2]) <= 1 })
        }
    }

    /// Pedalled pieces: named apart, another stream of the seed, presses within the piece in order
    /// and apart, controller 64 in the file (127 down, 0 up) after the note-offs and before the
    /// note-ons of its tick, and labels that sustain what is released under the pedal.
    @Test func pedalledPiecesPressTheSustainPedal() throws {
        #expect(GeneratedPianoPieces.pedalName(index: 0) == "generated/pedal-0001.mid")
        #expect(GeneratedPianoPieces.isGenerated(GeneratedPianoPieces.pedalName(index: 9)))
        var presses = 0, sustained = 0
        for index in 0..<8 {
            let (notes, pedal) = GeneratedPianoPieces.piece(index: index, seed: 1, seconds: 30, pedalled: true)
            #expect(notes != GeneratedPianoPieces.notes(index: index, seed: 1, seconds: 30))
            #expect(zip(pedal, pedal.dropFirst()).allSatisfy { $0.up < $1.down })
            #expect(pedal.allSatisfy { $0.down < $0.up && $0.down > 0 })
            presses += pedal.count
            let file = GeneratedPianoPieces.file(index: index, seed: 1, seconds: 30, pedalled: true)
            var tick = 0, kinds: [(tick: Int, kind: Int)] = [], controls: [UInt8] = []
            for e in file.tracks[0].events {
                tick += Int(e.delta)
                switch e.event {
                case .channel(.noteOff): kinds.append((tick, 0))
                case .channel(.noteOn(_, _, let v)) where v > 0: kinds.append((tick, 3))
                case .channel(.controlChange(0, 64, let v)): kinds.append((tick, v == 0 ? 1 : 2)); controls.append(v)
                default: break
                }
            }
            #expect(zip(kinds, kinds.dropFirst()).allSatisfy { $0.tick < $1.tick || $0.kind <= $1.kind })
            #expect(controls == pedal.flatMap { _ in [UInt8(127), 0] })
            let labels = PianoPerformance.labelNotes(PianoPerformance.piano(file))
            #expect(labels.count == notes.count)
            sustained += zip(labels, notes).filter { Double($0.offsetFrame) / 100 > $1.offset + 0.02 }.count
        }
        #expect(presses >= 20, "\(presses) presses")
        #expect(sustained >= 50, "\(sustained) notes sustained by the pedal")
    }
}
