import Foundation
import ModelKit

/// The generic trainer over the Piano Scribe network.
package typealias PianoScribeTrainer = Trainer<PianoScribeNetwork, PianoChunkSource>

/// Building, resuming and saving a Piano Scribe training run over a `PianoTrainingSet`.
package enum PianoScribeTraining {
    /// Every `validationStep`-th piece of the set (the 1st, ...) validates; the others train.
    package static func split(_ set: PianoTrainingSet, validationStep: Int = 20) -> (training: [Int], validation: [Int]) {
        let all = Array(set.index.pieces.indices)
        guard validationStep > 1, all.count >= validationStep else { return (all, []) }
        return (all.filter { $0 % validationStep != 0 }, all.filter { $0 % validationStep == 0 })
    }

    /// The mean and 1 / standard deviation of the set's non-silent log-mel values (every 50th frame).
    package static func normalisation(_ set: PianoTrainingSet) -> (mean: Float, scale: Float) {
        var sum = 0.0, sq = 0.0, n = 0.0
        for p in set.index.pieces.indices {
            for f in stride(from: 0, to: set.index.pieces[p].frames, by: 50) {
                for v in set.frames(piece: p, start: f, count: 1, silenceDB: -100) where v > -100 {
                    sum += Double(v); sq += Double(v) * Double(v); n += 1
                }
            }
        }
        guard n > 1 else { return (-40, 1.0 / 20) }
        let mean = sum / n, sd = max((sq / n - mean * mean).squareRoot(), 1)
        return (Float(mean), Float(1 / sd))
    }

    /// A trainer of a new network (weights from `options.seed`, input normalised by the set's
    /// statistics); with `initial`, a network of `options.shape` that starts from `initial`'s
    /// weights and input normalisation wherever a layer has the same name and shape (a new head,
    /// such as the pedal's, starts from the seed), with a new optimiser.
    /// - Throws: `TranscriptionError.noTrainingPieces` when the set has no training frames.
    package static func trainer(_ set: PianoTrainingSet, options: PianoScribeTrainingOptions, normalisation: (mean: Float, scale: Float)? = nil,
                                initial: PianoScribeNetwork? = nil, validationChunks: Int = 64) throws -> PianoScribeTrainer {
        let (training, validation) = split(set)
        guard training.contains(where: { set.index.pieces[$0].frames > 0 }) else { throw TranscriptionError.noTrainingPieces(corpus: set.directory.path) }
        // A network started from `initial` takes its normalisation (no pass over the set for it).
        let norm = normalisation ?? initial.map { ($0.inputMean, $0.inputScale) } ?? Self.normalisation(set)
        var shape = options.shape
        shape.melBins = set.index.logMel.melBins
        var network = PianoScribeNetwork(shape: shape, seed: options.seed, inputMean: norm.mean, inputScale: norm.scale)
        if let initial { network.adopt(initial) }
        let source = PianoChunkSource(set: set, pieces: training, frames: options.chunkFrames, batchSize: options.batchSize,
                                      batchesPerEpoch: options.batchesPerEpoch)
        return PianoScribeTrainer(model: network, options: options, training: source,
                                  validation: PianoChunkSource.validationBatches(set: set, pieces: validation, frames: options.chunkFrames, count: validationChunks))
    }

    /// A trainer resumed from a checkpoint (its options and input normalisation win, except the
    /// loss weights, the equaliser and the noise augmentation when given).
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for a file that is not a Piano
    ///   Scribe checkpoint of these sizes; `TranscriptionError.noTrainingPieces`.
    package static func resume(_ set: PianoTrainingSet, from url: URL, onsetPositiveWeight: Float? = nil,
                               framePositiveWeight: Float? = nil, eqDB: Float? = nil, noiseDB: Float? = nil,
                               pedalWeight: Float? = nil) throws -> PianoScribeTrainer {
        var checkpoint = try TrainingCheckpoint<PianoScribeTrainingOptions>.read(from: url, format: PianoScribeNetwork.checkpointFormat)
        if let w = onsetPositiveWeight { checkpoint.options.onsetPositiveWeight = w }
        if let w = framePositiveWeight { checkpoint.options.framePositiveWeight = w }
        if let eqDB { checkpoint.options.eqDB = eqDB }
        if let noiseDB { checkpoint.options.noiseDB = noiseDB }
        if let pedalWeight { checkpoint.options.pedalWeight = pedalWeight }
        // The checkpoint's tensors carry the input normalisation; `restore` loads it.
        let trainer = try trainer(set, options: checkpoint.options, normalisation: (0, 1))
        try trainer.restore(from: checkpoint)
        return trainer
    }

    /// The model with the trainer's current weights. (The validation loss is the unweighted
    /// cross-entropy, which the positive weights of training move away from, so the lowest one
    /// does not pick the best transcriber; every epoch's is recorded in the history.)
    package static func current(of trainer: PianoScribeTrainer, set: PianoTrainingSet) -> PianoScribeModel {
        let network = trainer.model
        let (training, validation) = split(set)
        let frames = training.reduce(0) { $0 + set.index.pieces[$1].frames }
        var record = PianoScribeTrainingRecord(
            pieces: training.count, soundFonts: Array(Set(set.index.pieces.map { URL(fileURLWithPath: $0.variant.soundFont).lastPathComponent })).sorted(),
            hours: Double(frames) / set.index.logMel.framesPerSecond / 3600, validationPieces: validation.count, options: trainer.options,
            epochs: trainer.epoch, bestEpoch: trainer.best?.epoch ?? trainer.epoch, updates: trainer.updates, seconds: trainer.seconds,
            validationLoss: trainer.validation.isEmpty ? nil : trainer.best?.validationLoss, history: trainer.history)
        let generated = training.filter { GeneratedPianoPieces.isGenerated(set.index.pieces[$0].source) }
        if !generated.isEmpty {
            record.generatedPieces = generated.count
            record.generatedHours = Double(generated.reduce(0) { $0 + set.index.pieces[$1].frames }) / set.index.logMel.framesPerSecond / 3600
        }
        return PianoScribeModel(network: network, logMel: set.index.logMel, training: record)
    }
}
