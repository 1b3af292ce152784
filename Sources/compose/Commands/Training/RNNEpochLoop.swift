import Composer
import ModelKit
import Representations
import Foundation

/// Runs `trainer` epoch by epoch up to `epochs` (counting resumed ones), with a progress bar per
/// epoch (a log line a minute when stderr is not a terminal), a checkpoint after each epoch, and
/// `saveBest()` after each completed epoch. Stops early, keeping the checkpoint, on Ctrl-C or after
/// `maxMinutes`. `quiet` hides the progress bar and the minute log lines (epoch summaries stay).
/// Any `Trainer`: the RNNs' and the loops VAE's.
func runEpochs<Model: TrainableModel, Source: MinibatchSource>(_ trainer: Trainer<Model, Source>, epochs: Int, checkpoint: URL, maxMinutes: Double?,
                                                               quiet: Bool = false, saveBest: () throws -> Void) throws
    where Source.Batch == Model.Batch {
    let interrupt = Interrupt.catching()
    defer { interrupt.restore() }
    let deadline = maxMinutes.map { Date().addingTimeInterval($0 * 60) }
    while trainer.epoch < epochs {
        let epochBar = ProgressBar("epoch \(trainer.epoch + 1)/\(epochs)", total: 1000, enabled: !quiet)
        var lastLog = Date()
        let r = trainer.runEpoch(progress: { done, total, loss, rate in
            let detail = String(format: "loss %.3f  %.0f steps/s", loss, rate)
            epochBar.update(done * 1000 / total, detail: detail)
            if !quiet && isatty(2) == 0 && Date().timeIntervalSince(lastLog) > 60 {
                lastLog = Date()
                printError("epoch \(trainer.epoch + 1) \(done)/\(total) " + detail)
            }
        }, shouldStop: { Interrupt.requested || (deadline.map { Date() > $0 } ?? false) })
        epochBar.finish()
        try writing("checkpoint", checkpoint.path) { try trainer.saveCheckpoint(to: checkpoint) }
        guard let r else {
            printError("stopped during epoch \(trainer.epoch + 1); checkpoint \(checkpoint.path) (resume with --resume)")
            break
        }
        let validation = trainer.validation.isEmpty ? "no validation set"
            : String(format: "validation %.4f nats/step (accuracy %.1f%%)", r.validationLoss, r.validationAccuracy * 100)
        printError(String(format: "epoch %d: loss %.4f, %@, %.0f s, %.0f steps/s", r.epoch, r.trainingLoss, validation, r.seconds, r.itemsPerSecond))
        try saveBest()
        if let deadline, Date() > deadline { printError("--max-minutes reached"); break }
    }
    if trainer.best != nil { try saveBest() }
}
