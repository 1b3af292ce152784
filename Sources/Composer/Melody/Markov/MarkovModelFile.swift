import FileIO
import ModelKit
import Representations
import Foundation
import SMF
import Music
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON model file of a `MarkovMelodyModel`.
///
/// The file stores the model's sufficient statistics in their most compact form: the training
/// token sequences per mode, one string per tune, `"<meter>@<start position>: <tokens>"`, e.g.
/// `"6/8@10: 7/2 9/2 r4 ..."` (see `MelodyToken.description`), plus the order, the discounts of
/// each mode's model and a corpus summary. Loading recounts the n-grams (deterministic) and uses
/// the stored discounts, which gives exactly the trained model. Keys are sorted and the output
/// pretty-printed, one tune per line, so files diff well. About 1 MB for the 1,261-tune shared
/// melody corpus.
struct MarkovModelFile: ModelConfig {
    static let formatName = "LittleMozart Markov melody model"
    static let currentVersion = 1

    struct Encoding: Codable, Equatable {
        var stepsPerQuarter: Int
        var offsetRange: [Int]
        var maxSteps: Int
        var reference: String
        var metricConditions: String

        static let current = Encoding(stepsPerQuarter: 4,
                                      offsetRange: [MelodyToken.offsetRange.lowerBound, MelodyToken.offsetRange.upperBound],
                                      maxSteps: MelodyToken.maxSteps,
                                      reference: "semitones from MIDI note 60 + key tonic",
                                      metricConditions: "downbeat, beat, eighth, 16th; +4 in compound meters")
    }

    var format: String
    var version: Int
    var order: Int
    /// Whether tokens are predicted under their metrical position.
    var metricConditioning: Bool
    /// How the discounts were obtained, in words.
    var smoothing: String
    /// "major" / "minor" -> `[D1, D2, D3+]` for each context length 0 ..< order.
    var discounts: [String: [[Double]]]
    var encoding: Encoding
    var corpus: MarkovMelodyModel.CorpusInfo
    /// "major" / "minor" -> one line per tune.
    var sequences: [String: [String]]
}

extension MarkovMelodyModel {
    /// Writes the model as JSON (see `MarkovModelFile`), atomically with `SMF.AtomicFile`, so
    /// readers never see a half-written file.
    /// - Throws: `FileIOError` naming the path when it cannot be written.
    public func save(to url: URL) throws {
        let file = MarkovModelFile(
            format: MarkovModelFile.formatName, version: MarkovModelFile.currentVersion, order: order,
            metricConditioning: metricConditioning, smoothing: smoothingDescription,
            discounts: Dictionary(uniqueKeysWithValues: models.map { ($0.key.rawValue, $0.value.discounts) }),
            encoding: .current, corpus: corpus,
            sequences: Dictionary(uniqueKeysWithValues: sequences.map { mode, seqs in
                (mode.rawValue, seqs.map { "\($0.meter)@\($0.start): " + $0.tokens.map(\.description).joined(separator: " ") })
            }))
        try ModelFiles.write(file, to: url)
    }

    /// Reads a model written by `save(to:)` and rebuilds its statistics.
    /// - Throws: `FileIOError` when the file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON, another token encoding or a bad token.
    public static func load(from url: URL) throws -> MarkovMelodyModel {
        let file = try ModelFiles.read(MarkovModelFile.self, from: url)
        guard file.encoding == .current else {
            throw ModelFileError(file: url.path, .malformed("token encoding \(file.encoding) differs from this build's \(MarkovModelFile.Encoding.current)"))
        }
        var sequences: [Key.Mode: [TrainingSequence]] = [:]
        var models: [Key.Mode: KneserNeyModel] = [:]
        for (name, lines) in file.sequences {
            guard let mode = Key.Mode(rawValue: name) else {
                throw ModelFileError(file: url.path, .malformed("unknown mode \"\(name)\""))
            }
            sequences[mode] = try lines.enumerated().map { index, line in
                func bad(_ what: String) -> ModelFileError { ModelFileError(file: url.path, .malformed("\(name) tune \(index + 1): \(what)")) }
                guard let colon = line.firstIndex(of: ":") else { throw bad("no \"<meter>@<start>:\" prefix") }
                let head = line[..<colon].split(separator: "@")
                let meterParts = head.first?.split(separator: "/") ?? []
                guard head.count == 2, meterParts.count == 2, let n = Int(meterParts[0]), let d = Int(meterParts[1]),
                      let meter = try? Meter(n, d), let start = Int(head[1]), (0..<meter.stepsPerBar).contains(start) else {
                    throw bad("bad prefix \"\(line[..<colon])\"")
                }
                let tokens = try line[line.index(after: colon)...].split(separator: " ").map { text in
                    guard let token = MelodyToken(text: text), token != .begin, token != .end else { throw bad("bad token \"\(text)\"") }
                    return token
                }
                return TrainingSequence(meter: meter, start: start, tokens: tokens)
            }
        }
        for (mode, seqs) in sequences where !seqs.isEmpty {
            guard let discounts = file.discounts[mode.rawValue] else {
                throw ModelFileError(file: url.path, .malformed("no discounts for the \(mode.rawValue) model"))
            }
            do {
                models[mode] = try countModel(seqs, order: file.order, metricConditioning: file.metricConditioning,
                                              smoothing: .perOrder(discounts))
            } catch let error as ParameterError {
                throw ModelFileError(file: url.path, .malformed(error.description))
            }
        }
        guard !models.isEmpty else { throw ModelFileError(file: url.path, .malformed("no training sequences")) }
        return MarkovMelodyModel(models: models, sequences: sequences, order: file.order, metricConditioning: file.metricConditioning,
                                 smoothingDescription: file.smoothing, corpus: file.corpus)
    }
}
