import ModelKit
import Representations
import Music
import Foundation

/// Measures Piano Genie on melodies turned into button sequences: each scored tune's pitches
/// become buttons 1-8 by their place in the tune's own range (`GenieDecoder.buttons(for:)`); the
/// decoder replays them with the tune's own rhythm and rests, in its key and meter. Rows: the
/// original tunes; the decoder at temperature 0 (the likeliest note) and at `temperature`; and a
/// baseline that draws uniformly among the notes the constraints allow. Each row is measured by
/// `GenieMetrics` and by its likelihood under the Markov model (tokens, `end` included) and the
/// RNN (step events, per note-on).
public enum GenieEvaluation {
    /// One row: a way of choosing the notes, measured on every scored tune.
    public struct Row: Codable, Sendable {
        public var melodies: String
        public var notes: Int
        /// `GenieMetrics.contourUpDown`.
        public var contourUpDown: Double
        /// `GenieMetrics.contourOverall`.
        public var contourOverall: Double
        /// `GenieMetrics.originalDirection`.
        public var originalDirection: Double
        /// `GenieMetrics.inKeyShare`.
        public var inKey: Double
        /// Mean natural-log probability per note under the Markov model and the RNN (step events).
        public var markovLogPPerNote: Double
        public var rnnLogPPerNote: Double?
        /// Decoding time per press, microseconds (decoded rows only).
        public var microsecondsPerPress: Double?
    }

    /// What `run` measured.
    public struct Report: Sendable {
        /// The tunes scored (those with at least two notes), what to call one ("held-out tune",
        /// "tune") and how they were chosen, in words.
        public var tunes: Int
        public var tuneNoun: String
        public var split: String
        public var rows: [Row]

        /// The table `compose evaluate genie` prints, headed by `corpus` (the folder's name).
        public func text(corpus: String) -> String {
            var lines = ["\(corpus): \(counted(tunes, tuneNoun)) (\(split)), \(counted(rows.first?.notes ?? 0, "note")) as buttons 1-8",
                         "| melodies | contour up/down | contour overall | same direction as original | in key | Markov ln P/note | RNN ln P/note | µs/press |",
                         "|---|---|---|---|---|---|---|---|"]
            for r in rows {
                let shares = String(format: "%.2f%% | %.2f%% | %.2f%% | %.2f%%", r.contourUpDown * 100, r.contourOverall * 100,
                                    r.originalDirection * 100, r.inKey * 100)
                let rnnText = r.rnnLogPPerNote.map { String(format: "%.3f", $0) } ?? "-"
                let timeText = r.microsecondsPerPress.map { String(format: "%.0f", $0) } ?? "-"
                lines.append("| \(r.melodies) | \(shares) | \(String(format: "%.3f", r.markovLogPPerNote)) | \(rnnText) | \(timeText) |")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Evaluates on `corpus`. With `.heldOut(fraction:seed:)` the held-out tunes are scored and a
    /// Markov model (order 5) is trained on the rest; with `.all` every tune is scored with
    /// `markov` (the shipped model). `rnn` (nil: its column is left out) scores every row.
    /// `temperature` is the sampled row's; tune i is decoded with seed `seed + i`.
    /// - Throws: `EvaluationError.nothingHeldOut` for `.all` without `markov`;
    ///   `CorpusError.noSplitTable` for `.corpusSplit`; `ParameterError` for a temperature not
    ///   above 0; the decoder's errors.
    public static func run(corpus: MelodyCorpus, split: DataSplit, markov shipped: MarkovMelodyModel?, rnn: RNNMelodyModel?,
                           temperature: Double, seed: UInt64, progress: (String) -> Void = { _ in }) throws -> Report {
        guard temperature > 0 && temperature.isFinite else { throw ParameterError("temperature", value: temperature, allowed: "above 0") }
        let markov: MarkovMelodyModel, description: String, noun: String, test: [EncodedTune]
        if case .heldOut(let fraction, let splitSeed) = split, fraction > 0 {
            let (training, heldOut) = try corpus.split(split)
            progress("\(heldOut.count) held-out tunes, \(training.count) for training (MelodyCorpus.split seed \(splitSeed))")
            markov = try MarkovMelodyModel(tunes: training, name: "training split")
            (noun, description) = ("held-out tune", "\(String(format: "%.0f%%", fraction * 100)), split seed \(splitSeed)")
            test = heldOut
        } else {
            if case .corpusSplit = split { throw CorpusError.noSplitTable }
            guard let shipped else { throw EvaluationError.nothingHeldOut(kind: "tune") }
            markov = shipped
            (noun, description) = ("tune", "all of them, with the shipped Markov model: not held-out if it was trained on them")
            test = corpus.tunes
        }
        let tunes = test.filter { $0.noteCount >= 2 }
        let originals = tunes.map(pitches)

        func measure(_ name: String, _ decoded: [EncodedTune], _ decodedPitches: [[Int]], seconds: Double?) -> Row {
            var m = GenieMetrics()
            for (k, tune) in decoded.enumerated() {
                m.add(decoded: decodedPitches[k], original: originals[k], buttons: GenieDecoder.buttons(for: originals[k]), key: tune.key)
            }
            let markovLogP = decoded.reduce(0) { $0 + markov.logProbability(of: $1) } / Double(m.notes)
            let rnnLogP = rnn.map { -$0.score(decoded).totalNats / Double(max(NLLReport.noteOns(of: decoded), 1)) }
            return Row(melodies: name, notes: m.notes, contourUpDown: m.contourUpDown, contourOverall: m.contourOverall,
                       originalDirection: m.originalDirection, inKey: m.inKeyShare, markovLogPPerNote: markovLogP, rnnLogPPerNote: rnnLogP,
                       microsecondsPerPress: seconds.map { $0 * 1e6 / Double(max(m.notes, 1)) })
        }

        var rows = [measure("original tunes", tunes, originals, seconds: nil)]
        for (name, t, scoring) in [("genie, temperature 0", 0.0, GenieDecoder.Scoring.model),
                                   ("genie, temperature \(temperature.formatted())", temperature, .model),
                                   ("constraints only (uniform)", 1.0, .uniform)] {
            let start = Date()
            var decoded: [EncodedTune] = [], chosen: [[Int]] = []
            for (i, tune) in tunes.enumerated() {
                var decoder = GenieDecoder(model: markov, key: tune.key, meter: tune.meter, start: tune.startPosition,
                                           temperature: t, seed: seed + UInt64(i))
                decoder.scoring = scoring
                let (melody, tokens) = try decoder.decode(buttons: GenieDecoder.buttons(for: originals[i]), rhythm: tune.tokens)
                var d = tune
                d.tokens = tokens
                decoded.append(d)
                chosen.append(melody.notes.map(\.pitch))
            }
            let seconds = Date().timeIntervalSince(start)
            progress(String(format: "%@: %.1f s", name, seconds))
            rows.append(measure(name, decoded, chosen, seconds: seconds))
        }
        return Report(tunes: tunes.count, tuneNoun: noun, split: description, rows: rows)
    }

    /// A tune's melody pitches (MIDI; its tokens fold them into the token range).
    static func pitches(_ tune: EncodedTune) -> [Int] {
        MelodyEncoding.melody(of: tune.tokens, reference: MelodyEncoding.referencePitch(for: tune.key)).notes.map(\.pitch)
    }
}
