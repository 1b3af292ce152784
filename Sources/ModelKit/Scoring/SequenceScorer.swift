/// A model that scores whole sequences: for each element of each sequence, the probability it
/// gave the actual element given what came before (and whatever the sequence itself tells it:
/// a key, a meter), summed in one `NLLReport`.
///
/// Conforming types say what a sequence is (`Scored`: an encoded tune, a drum groove) and what a
/// step is (a 16th-note step event, a token, a step set); reports of the same kind of step from
/// different models are comparable, nats per step against nats per step.
public protocol SequenceScorer {
    /// What one scored sequence is.
    associatedtype Scored
    /// Scores every step of every sequence in `sequences` (`NLLReport.sequences` = `sequences.count`).
    func score(_ sequences: [Scored]) -> NLLReport
}
