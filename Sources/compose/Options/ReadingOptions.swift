import ArgumentParser
import SMF

/// `--strict`: how a command that reads MIDI files (`render`, `roll`, `play`, `evaluate transcribe`) reads them: leniently
/// (repairs in one warning line on stderr) unless `--strict`, which refuses a file that breaks the
/// SMF 1.0 spec (exit 65, one line naming the file and byte offset). See `readMIDIFile(_:strict:)`.
struct ReadingOptions: ParsableArguments {
    @Flag(help: "Refuse a MIDI file that breaks the SMF 1.0 spec instead of repairing it with a warning.")
    var strict = false

    /// The SMF reader's options for this choice.
    var readOptions: ReadOptions { strict ? .strict : .lenient }
}
