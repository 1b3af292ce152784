import ArgumentParser
import Composer
import Foundation
import Music
import Representations

/// The grid on which the SATB settings (`VoicingSettings`: the search's bass-leap and drone
/// penalties, the ornaments' chances) were chosen: each chorale of one part of the split
/// (`--split train`, the default, so the held-out chorales stay a blind test) is harmonized from
/// its soprano as `compose harmonize --style satb` does it (the shipped harmony model, the key
/// signature's key, a chord per beat), its voices measured by `ChoraleVoiceMetrics` as `compose
/// evaluate form --kind satb` measures them; one JSON line per setting (the cartesian product of
/// the lists given). Not a speed benchmark, but a measurement run like the others here.
struct SATBGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satb-grid",
        abstract: "SATB settings grid: harmonize one part of the chorale split with each setting and measure the voices.")

    @Argument(help: "The chorale corpus folder (../shared/corpus/chorales).")
    var corpus: String

    @Option(help: "The part measured: train (default) or held-out.")
    var split = "train"

    @Option(name: .customLong("held-out"), help: "Held-out fraction of the split.")
    var heldOut = DataSplit.defaultFraction

    @Option(name: .customLong("split-seed"), help: "Seed of the split.")
    var splitSeed = DataSplit.defaultSeed

    @Option(name: .customLong("bass-leap"), help: "Bass-leap penalties, comma-separated.")
    var bassLeap = "\(VoicingSettings.standard.bassLeapPenalty)"

    @Option(name: .customLong("drone-limit"), help: "Drone limits (slots), comma-separated.")
    var droneLimit = "\(VoicingSettings.standard.droneLimit)"

    @Option(name: .customLong("drone-penalty"), help: "Drone penalties, comma-separated.")
    var dronePenalty = "\(VoicingSettings.standard.dronePenalty)"

    @Option(name: .customLong("hold-final"), help: "Whether the lower voices hold the final chord with a long last soprano note: false, true or both.")
    var holdFinal = "\(VoicingSettings.standard.holdFinalNote)"

    @Option(help: "Passing-tone chances, comma-separated.")
    var passing = "\(VoicingSettings.standard.passingProbability)"

    @Option(help: "Neighbour-tone chances, comma-separated.")
    var neighbour = "\(VoicingSettings.standard.neighbourProbability)"

    @Flag(help: "Also list, per setting, the chorales with a lower voice on one pitch over 8 beats or the final bass off the tonic.")
    var list = false

    func run() throws {
        func values<T: LosslessStringConvertible>(_ text: String, _ name: String) throws -> [T] {
            let parsed = text.split(separator: ",").map { T(String($0.trimmingCharacters(in: .whitespaces))) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { throw BenchError("--\(name): not a list of numbers: \(text)") }
            return parsed.map { $0! }
        }
        guard split == "train" || split == "held-out" else { throw BenchError("--split must be train or held-out, got \(split)") }
        let root = URL(fileURLWithPath: corpus)
        let parts = try ChoraleCorpus.load(directory: root).split(.heldOut(fraction: heldOut, seed: splitSeed))
        let names = (split == "train" ? parts.training : parts.heldOut).map(\.name)
        let model = try ModelCatalog.loadHarmony()
        // What does not depend on the settings: each chorale's soprano, key, slots and chords.
        struct Piece { var name: String; var score: Score; var soprano: [Note]; var key: Key; var slots: [HarmonySlot]; var chords: [ChordSymbol] }
        let pieces: [Piece] = try names.map { name in
            let score = try Score(contentsOf: root.appendingPathComponent(name))
            let soprano = try Harmonizer.melody(of: score).part.notes
            let key = Harmonizer.key(of: score, melody: soprano).key
            let (slots, chords) = Harmonizer.chords(melody: soprano, score: score, key: key, model: model.choraleModel, grid: .beat)
            return Piece(name: name, score: score, soprano: soprano, key: key, slots: slots, chords: chords)
        }
        var settings: [VoicingSettings] = []
        for b: Double in try values(bassLeap, "bass-leap") {
            for l: Int in try values(droneLimit, "drone-limit") {
                for d: Double in try values(dronePenalty, "drone-penalty") {
                    for h: Bool in try values(holdFinal, "hold-final") {
                        for p: Double in try values(passing, "passing") {
                            for n: Double in try values(neighbour, "neighbour") {
                                var s = VoicingSettings()
                                s.bassLeapPenalty = b; s.droneLimit = l; s.dronePenalty = d; s.holdFinalNote = h
                                s.passingProbability = p; s.neighbourProbability = n
                                settings.append(s)
                            }
                        }
                    }
                }
            }
        }
        var chosen: [VoicingSettings: [[[Int]]]] = [:]   // the search's choice per search settings
        for s in settings {
            let t0 = Bench.now()
            let searched = pieces.map { VoicingSearch.searched(soprano: $0.soprano, slots: $0.slots, chords: $0.chords, settings: s) }
            if chosen[s.search] == nil {
                chosen[s.search] = zip(pieces, searched).map {
                    VoicingSearch.choose(soprano: $0.soprano, slots: $1.slots, chords: $1.chords, statistics: model.voicing, settings: s)
                }
            }
            var counts = ChoraleVoiceMetrics.Counts()
            for ((piece, pitches), voiced) in zip(zip(pieces, chosen[s.search]!), searched) {
                let lower = VoiceOrnaments.lines(chosen: pitches, slots: voiced.slots, soprano: piece.soprano, key: piece.key,
                                                 velocity: 80, settings: s)
                // The key the written file's measure reads: its first key signature (harmonize keeps the input's).
                let key = piece.score.keySignatures.first?.key ?? piece.key
                let chorale = Chorale(name: piece.name, key: key, voices: [piece.soprano] + lower,
                                      timeSignatures: piece.score.timeSignatures, ticksPerQuarter: piece.score.ticksPerQuarter)
                counts.add(chorale)
                if list {
                    var one = ChoraleVoiceMetrics.Counts()
                    one.add(chorale)
                    if one.longestHeldBeats.dropFirst().contains(where: { $0 > 8 }) || one.finalBassOnTonic == 0 {
                        Bench.report(["row": "satb-grid-piece", "name": piece.name, "longestHeldBeats": one.longestHeldBeats,
                                      "finalBassOnTonic": one.finalBassOnTonic == 1, "key": "\(key)"])
                    }
                }
            }
            let summary = ChoraleFormSummary(counts)
            let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary))
            Bench.report(["row": "satb-grid", "split": split, "chorales": pieces.count,
                          "settings": try JSONSerialization.jsonObject(with: JSONEncoder().encode(s)),
                          "summary": json, "seconds": Bench.now() - t0])
        }
    }
}
