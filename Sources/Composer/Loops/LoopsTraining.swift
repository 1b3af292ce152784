import Foundation
import ModelKit
import Representations

/// The generic trainer over a loops model's `SequenceVAE`.
public typealias LoopsTrainer = Trainer<SequenceVAE, LengthGroupedBatches>

/// What a loops model was trained on and how training went, as recorded in its JSON config.
public struct LoopsTrainingRecord: Hashable, Sendable, Codable {
    /// Corpus label (folder name), its MIDI files, and how it was split (by tune or groove).
    public var corpus: String
    public var files: Int
    public var split: String
    /// Tunes (or grooves) trained on, validated on (best epoch), and held out for evaluation.
    public var trainingItems: Int
    public var validationItems: Int
    public var heldOutItems: Int
    /// 2-bar windows trained and validated on (after augmentation).
    public var trainingWindows: Int
    public var validationWindows: Int
    /// Semitone shifts of the key-relative offsets used as augmentation (melody).
    public var shifts: [Int]
    /// Drums: mixed windows added per real training window (`DrumWindowMixing`); nil for none.
    public var drumMixes: Int?
    public var options: VAETrainingOptions
    public var epochs: Int
    public var bestEpoch: Int
    public var updates: Int
    public var seconds: Double
    public var secondsToBest: Double
    /// Teacher-forced reconstruction from the means at the best epoch: nats per step, accuracy.
    public var validationNatsPerStep: Double
    public var validationAccuracy: Double
    public var history: [EpochRecord]

    /// The record of `trainer` as it stands, with the data's facts.
    public init(trainer: LoopsTrainer, corpus: String, files: Int, split: String, trainingItems: Int, validationItems: Int,
                heldOutItems: Int, shifts: [Int], drumMixes: Int? = nil) {
        self.corpus = corpus
        self.files = files
        self.split = split
        self.trainingItems = trainingItems
        self.validationItems = validationItems
        self.heldOutItems = heldOutItems
        trainingWindows = trainer.training.examples.count
        validationWindows = trainer.validation.count
        self.shifts = shifts
        self.drumMixes = drumMixes
        options = trainer.options
        epochs = trainer.epoch
        bestEpoch = trainer.best?.epoch ?? trainer.epoch
        updates = trainer.updates
        seconds = trainer.seconds
        secondsToBest = trainer.best?.seconds ?? trainer.seconds
        validationNatsPerStep = trainer.best?.validationLoss ?? .nan
        validationAccuracy = trainer.best?.validationAccuracy ?? .nan
        history = trainer.history
    }
}

/// Building, resuming and saving the training of a loops model.
public enum LoopsTraining {
    /// The melody windows of `tunes` (`MelodyLoop.windows`), class ids only.
    public static func melodyWindows(_ tunes: [EncodedTune], shifts: [Int], hopBars: Int = 1) -> [[Int32]] {
        tunes.flatMap { MelodyLoop.windows(of: $0, shifts: shifts, hopBars: hopBars).map(\.events) }
    }

    /// The drum windows of `grooves` (`DrumLoop.windows`), class ids only.
    public static func drumWindows(_ grooves: [DrumGroove], hopBars: Int = 1) -> [[Int32]] {
        grooves.flatMap { DrumLoop.windows(of: $0, hopBars: hopBars).map(\.steps) }
    }

    /// The model shape that `options` give for `kind`.
    public static func shape(_ kind: LoopKind, _ options: VAETrainingOptions) -> SequenceVAEShape {
        SequenceVAEShape(classes: kind.classes, features: kind.features, encoderHidden: options.encoderHidden,
                         latentSize: options.latentSize, decoderHidden: options.decoderHidden, decoderLayers: options.decoderLayers)
    }

    /// A trainer of a new model of `kind` (weights from `options.seed`).
    /// - Throws: `ComposerError.noTrainingExamples` without training windows.
    public static func trainer(_ kind: LoopKind, options: VAETrainingOptions, training: [[Int32]], validation: [[Int32]]) throws -> LoopsTrainer {
        guard !training.isEmpty else { throw ComposerError.noTrainingExamples(kind: "2-bar windows") }
        return LoopsTrainer(model: SequenceVAE(shape: shape(kind, options), seed: options.seed), options: options,
                            training: LengthGroupedBatches(training, batchSize: options.batchSize), validation: validation)
    }

    /// A trainer resumed from a checkpoint (its options win).
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for a file that is not a loops
    ///   training checkpoint of this kind's sizes; `ComposerError.noTrainingExamples`.
    public static func resume(_ kind: LoopKind, from url: URL, training: [[Int32]], validation: [[Int32]]) throws -> LoopsTrainer {
        let checkpoint = try TrainingCheckpoint<VAETrainingOptions>.read(from: url, format: SequenceVAE.checkpointFormat)
        let trainer = try trainer(kind, options: checkpoint.options, training: training, validation: validation)
        try trainer.restore(from: checkpoint)
        return trainer
    }

    /// The model with the trainer's best validation weights so far, with `record` in its config.
    public static func best(of trainer: LoopsTrainer, kind: LoopKind, record: LoopsTrainingRecord?) -> LoopsModel {
        let vae = SequenceVAE(shape: trainer.model.shape, parameters: trainer.bestParameters)
        return LoopsModel(vae: vae, config: LoopsModelConfig(weights: "", kind: kind, shape: vae.shape, training: record))
    }
}
