import ArgumentParser

@main
struct Compose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Compose, inspect and render Standard MIDI Files with models learned from real tunes.",
        discussion: ExitStatus.helpText,
        version: LittleMozart.version,
        subcommands: [MelodyCommand.self, DrumsCommand.self, HarmonizeCommand.self, ContinueCommand.self, GenieCommand.self, LoopsCommand.self, TrainCommand.self, EvaluateCommand.self, RenderCommand.self, TranscribeCommand.self, PlayCommand.self, InspectCommand.self, ConvertCommand.self, RollCommand.self, DoctorCommand.self]
    )

    /// `compose` with no command is a usage error: the help on stderr, exit 64 (`EX_USAGE`);
    /// `compose --help` and `compose help` print it on stdout and exit 0.
    func run() throws {
        printError(Compose.helpMessage())
        throw ExitCode.validationFailure
    }
}
