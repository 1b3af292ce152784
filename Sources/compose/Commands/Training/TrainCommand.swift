import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from a folder of MIDI files.",
        subcommands: [TrainMelodyCommand.self, TrainDrumsCommand.self, TrainHarmonyCommand.self, TrainLoopsCommand.self,
                      TrainTranscriptionCommand.self]
    )
}
