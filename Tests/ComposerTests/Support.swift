import Foundation
import Music
import TestSupport
@testable import Composer
@testable import ModelKit
@testable import Representations

/// The shared melody corpus, found from the package root (`../shared/corpus/melody`).
enum SharedCorpus {
    static let packageRoot = TestPaths.packageRoot
    static let melody = TestPaths.corpusRoot.appendingPathComponent("melody")
    /// Set COMPOSER_TESTS_NO_CORPUS=1 to run as if the corpus were absent (the synthetic fallback).
    static let available = FileManager.default.fileExists(atPath: melody.path)
        && ProcessInfo.processInfo.environment["COMPOSER_TESTS_NO_CORPUS"] == nil

    /// Loaded once for all tests (Swift Testing runs tests in parallel; a static let is
    /// initialized once, thread-safely).
    static let corpus: MelodyCorpus? = available ? try? MelodyCorpus.load(directory: melody) : nil
    /// The 90% / 10% split used for held-out evaluation (seed 2024).
    static let split: (training: MelodyCorpus, heldOut: MelodyCorpus)? = corpus.flatMap { corpus in
        (try? corpus.split(.shipped)).map { (MelodyCorpus(tunes: $0.training), MelodyCorpus(tunes: $0.heldOut)) }
    }
    /// Trained once, with the default settings, on the training 90%.
    static let model: MarkovMelodyModel? = split.flatMap { try? MarkovMelodyModel.train(corpus: $0.training, name: "melody-train") }
}

/// A small synthetic in-key corpus: stepwise scale melodies in 4/4 and 6/8, major and minor,
/// eighth and quarter notes, each ending on the tonic.
enum SyntheticCorpus {
    static func tunes(count: Int = 40, seed: UInt64 = 7) -> [EncodedTune] {
        var rng = SeededGenerator(seed: seed)
        var tunes: [EncodedTune] = []
        for i in 0..<count {
            let mode: Key.Mode = i % 2 == 0 ? .major : .minor
            let scale = mode.scale
            let meter = i % 4 < 2 ? Meter.common : try! Meter(6, 8)
            let bars = 8
            var tokens: [MelodyToken] = []
            var degree = 7          // the tonic an octave up, as an index into the scale over 3 octaves
            var position = 0
            let total = bars * meter.stepsPerBar
            while position < total - meter.beatSteps {
                let move = Int(rng.next() % 5) - 2
                degree = min(max(degree + move, 0), 17)
                let offset = (degree / 7) * 12 + scale[degree % 7] - 12
                var steps = rng.next() % 3 == 0 ? 4 : 2
                if position + steps > total - meter.beatSteps { steps = total - meter.beatSteps - position }
                tokens.append(.note(offset: offset, steps: steps))
                position += steps
            }
            tokens.append(.note(offset: 0, steps: meter.beatSteps))
            tunes.append(EncodedTune(name: "synthetic\(i)", key: Key(tonic: 0, mode: mode), meter: meter, startPosition: 0,
                                     tokens: tokens, endsOnTonic: true))
        }
        return tunes
    }

    static let model: MarkovMelodyModel = try! MarkovMelodyModel(tunes: tunes(), name: "synthetic", order: 4)
}

/// The corpus model when the shared corpus is present, else the synthetic one.
var testModel: MarkovMelodyModel { SharedCorpus.model ?? SyntheticCorpus.model }

func note(_ pitch: Int, _ start: Int, _ duration: Int) -> Note {
    Note(pitch: UInt8(pitch), velocity: 90, channel: 0, start: start, duration: duration)
}
