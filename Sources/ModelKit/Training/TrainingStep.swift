/// Where training is when a `TrainableModel.trainingPass` runs, for models whose loss follows a
/// schedule of its own (a VAE's KL weight rising with the updates, say).
public struct TrainingStep: Hashable, Sendable {
    /// The epoch running, from 0 (`Trainer.epoch` before it completes).
    public var epoch: Int
    /// Adam steps taken before this pass, over all epochs (and resumes).
    public var update: Int

    public init(epoch: Int, update: Int) {
        self.epoch = epoch
        self.update = update
    }
}
