import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

/// One row of the genie evaluation: a way of choosing the notes, measured on every held-out tune.
struct GenieEvaluationRow: Codable {
    var melodies: String
    var notes: Int
    /// Of the presses after the first whose button went up or down: the share whose note moved the same way.
    var contourUpDown: Double
    /// Of all presses after the first: up/down as above, or a repeated button giving the same or a neighbouring (<= 2 semitones) note.
    var contourOverall: Double
    /// Of the intervals whose original moved: the share moving the same way as the original tune.
    var originalDirection: Double
    /// Notes in the tune's key (`Key.contains`).
    var inKey: Double
    /// Mean natural-log probability per note under the Markov model (trained on the training split) and the RNN (step events).
    var markovLogPPerNote: Double
    var rnnLogPPerNote: Double?
    /// Decoding time per press, microseconds.
    var microsecondsPerPress: Double?
}

struct EvaluateGenieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genie",
        abstract: "Measure Piano Genie on held-out melodies turned into button sequences: contour, key, likelihood.",
        discussion: """
            Each held-out tune's pitches become buttons 1-8 by their place in the tune's own range \
            (GenieDecoder.buttons(for:)); the decoder replays them with the tune's own rhythm and \
            rests, in its key and meter, with a Markov model trained on the training split (order 5). \
            Rows: the original tunes; the decoder at temperature 0 (the likeliest note) and at \
            --temperature; and a baseline that draws uniformly among the notes the constraints allow. \
            Likelihoods: the Markov token model (nats per note, end token included) and the shipped \
            RNN (step events, per note-on), the RNN having been trained with the same split.
            """
    )

    @Option(help: "Folder of MIDI files.")
    var corpus: String

    @Option(name: .customLong("held-out"), help: "Held-out fraction scored (the rest trains the Markov model).")
    var heldOut = 0.1

    @Option(name: .customLong("split-seed"), help: "Seed of the held-out split.")
    var splitSeed: UInt64 = 2024

    @Option(help: "Temperature of the sampled row.")
    var temperature = 0.5

    @Option(help: "Seed of the sampled rows (tune i uses seed + i).")
    var seed: UInt64 = 1

    @Option(name: .customLong("rnn-model"), help: "RNN model JSON (default: the shipped Models/melody-rnn.json; \"none\" skips it).")
    var rnnModel: String?

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Flag(help: "Print the table as JSON.")
    var json = false

    func validate() throws {
        guard heldOut > 0 && heldOut < 1 else { throw ValidationError("--held-out must be in (0, 1), got \(heldOut)") }
        guard temperature > 0 && temperature.isFinite else { throw ValidationError("--temperature must be above 0, got \(temperature)") }
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        BLAS.setThreads(threads)
        let loaded = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus))
        let (training, test) = loaded.split(heldOutFraction: heldOut, seed: splitSeed)
        log("\(test.tunes.count) held-out tunes, \(training.tunes.count) for training (MelodyCorpus.split seed \(splitSeed))")
        let markov = try MarkovMelodyModel(tunes: training.tunes, name: "training split")
        var rnn: RNNMelodyModel?
        if rnnModel != "none" {
            if let m = try? ModelCatalog.loadRNNMelody(from: rnnModel.map { URL(fileURLWithPath: $0) }) { rnn = m }
            if rnn == nil { log("no RNN model found: its column is left out") }
        }
        let tunes = test.tunes.filter { $0.noteCount >= 2 }

        func pitchesOf(_ tune: EncodedTune) -> [Int] {
            MelodyEncoding.melody(of: tune.tokens, reference: MelodyEncoding.referencePitch(for: tune.key)).notes.map(\.pitch)
        }
        /// `decodedPitches[i]`: the MIDI pitches chosen for tune i (the tokens fold them into the token range).
        func measure(_ name: String, _ decoded: [EncodedTune], _ decodedPitches: [[Int]], seconds: Double?) -> GenieEvaluationRow {
            var upDown = 0, upDownOK = 0, all = 0, allOK = 0, moved = 0, sameWay = 0, inKey = 0, notes = 0
            for (k, tune) in decoded.enumerated() {
                let pitches = decodedPitches[k]
                let originalPitches = pitchesOf(tunes[k])
                let buttons = GenieDecoder.buttons(for: originalPitches)
                notes += pitches.count
                inKey += pitches.filter { tune.key.contains(pitchClass: $0) }.count
                for i in 1..<pitches.count {
                    let db = buttons[i] - buttons[i - 1], dp = pitches[i] - pitches[i - 1]
                    let ok = db == 0 ? abs(dp) <= 2 : db.signum() == dp.signum()
                    all += 1; allOK += ok ? 1 : 0
                    if db != 0 { upDown += 1; upDownOK += ok ? 1 : 0 }
                    let dOriginal = originalPitches[i] - originalPitches[i - 1]
                    if dOriginal != 0 { moved += 1; sameWay += dOriginal.signum() == dp.signum() ? 1 : 0 }
                }
            }
            let markovLogP = decoded.reduce(0) { $0 + markov.logProbability(of: $1) } / Double(notes)
            let rnnLogP = rnn.map { -$0.evaluateSteps(decoded).natsPerNote }
            return GenieEvaluationRow(melodies: name, notes: notes, contourUpDown: Double(upDownOK) / Double(max(upDown, 1)),
                                      contourOverall: Double(allOK) / Double(max(all, 1)), originalDirection: Double(sameWay) / Double(max(moved, 1)),
                                      inKey: Double(inKey) / Double(max(notes, 1)), markovLogPPerNote: markovLogP, rnnLogPPerNote: rnnLogP,
                                      microsecondsPerPress: seconds.map { $0 * 1e6 / Double(max(notes, 1)) })
        }

        /// Decodes every tune's buttons with its own rhythm and rests.
        func decodeAll(temperature: Double, scoring: GenieDecoder.Scoring) throws -> ([EncodedTune], [[Int]], Double) {
            let start = Date()
            var result: [EncodedTune] = []
            var chosen: [[Int]] = []
            for (i, tune) in tunes.enumerated() {
                var decoder = GenieDecoder(model: markov, key: tune.key, meter: tune.meter, start: tune.startPosition,
                                           temperature: temperature, seed: seed + UInt64(i))
                decoder.scoring = scoring
                let (melody, tokens) = try decoder.decode(buttons: GenieDecoder.buttons(for: pitchesOf(tune)), rhythm: tune.tokens)
                var decoded = tune
                decoded.tokens = tokens
                result.append(decoded)
                chosen.append(melody.notes.map(\.pitch))
            }
            return (result, chosen, Date().timeIntervalSince(start))
        }

        var rows = [measure("original tunes", tunes, tunes.map(pitchesOf), seconds: nil)]
        for (name, t, scoring) in [("genie, temperature 0", 0.0, GenieDecoder.Scoring.model),
                                   ("genie, temperature \(temperature.formatted())", temperature, .model),
                                   ("constraints only (uniform)", 1.0, .uniform)] {
            let (decoded, chosen, seconds) = try decodeAll(temperature: t, scoring: scoring)
            log(String(format: "%@: %.1f s", name, seconds))
            rows.append(measure(name, decoded, chosen, seconds: seconds))
        }

        if json {
            print(try jsonText(rows))
            return
        }
        let corpusName = URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent
        print("\(corpusName): \(counted(tunes.count, "held-out tune")) (\(String(format: "%.0f%%", heldOut * 100)), split seed \(splitSeed)), \(counted(rows[0].notes, "note")) as buttons 1-8")
        print("| melodies | contour up/down | contour overall | same direction as original | in key | Markov ln P/note | RNN ln P/note | µs/press |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows {
            let shares: String = String(format: "%.2f%% | %.2f%% | %.2f%% | %.2f%%", r.contourUpDown * 100, r.contourOverall * 100,
                                        r.originalDirection * 100, r.inKey * 100)
            let markovText: String = String(format: "%.3f", r.markovLogPPerNote)
            let rnnText: String = r.rnnLogPPerNote.map { String(format: "%.3f", $0) } ?? "-"
            let timeText: String = r.microsecondsPerPress.map { String(format: "%.0f", $0) } ?? "-"
            print("| \(r.melodies) | \(shares) | \(markovText) | \(rnnText) | \(timeText) |")
        }
    }

    func log(_ s: String) { if !json { printError(s) } }
}
