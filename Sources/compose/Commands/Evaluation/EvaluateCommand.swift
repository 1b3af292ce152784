import ArgumentParser

/// `compose evaluate`: the evaluation subcommands; each runs a library evaluation
/// (`Composer.MelodyEvaluation` ...) and prints its report.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure models on held-out data.",
        subcommands: [EvaluateMelodyCommand.self, EvaluateDrumsCommand.self, EvaluateHarmonizeCommand.self, EvaluateLoopsCommand.self,
                      EvaluateGenieCommand.self, EvaluateFormCommand.self, EvaluateTranscribeCommand.self]
    )
}
