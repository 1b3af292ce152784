import Composer
import ModelKit
import Representations
import Foundation
import Music

/// A `:`-command typed at the piano's command line.
package enum PianoCommand: Sendable, Hashable {
    /// A General MIDI program 0-127.
    case program(Int)
    /// A MIDI channel 0-15 (typed 1-16).
    case channel(Int)
    case tempo(Double)
    /// nil toggles.
    case metronome(Bool?)
    case record
    /// Start a new recording even though the last one is unsaved.
    case recordDiscarding
    case stop
    case save(String)
    case play
    case layout(String)
    case octave(Int)
    case velocity(Int)
    case transpose(Int)
    /// nil toggles.
    case sustain(Bool?)
    /// Release timeout in milliseconds (timeout mode).
    case releaseTimeout(Int)
    case help
    case quit
    /// The answer to the start-up recovery question: save the found recording, or discard it.
    case recover(save: Bool)
    /// AI duet settings (`DuetSetting`).
    case duet(DuetSetting)
    /// Piano Genie: nil turns it off; a key turns it on in that key.
    case genie(Music.Key?)
    /// The loops grid (`LoopsSetting`).
    case loops(LoopsSetting)
}

/// What `:duet` changes.
package enum DuetSetting: Sendable, Hashable {
    /// On, off, or (nil) toggle.
    case enabled(Bool?)
    /// Answer length in bars, 1...16.
    case bars(Int)
    /// The silence (seconds, 0.2...5) after which the model answers.
    case pause(Double)
    /// Which melody model answers.
    case model(MelodyModel.Kind)
}

/// What `:loops` (and, while the grid shows, the arrow keys) change.
package enum LoopsSetting: Sendable, Hashable {
    /// Show the grid and loop its selected cell (true), or leave it (false).
    case enabled(Bool)
    /// Melody or drum loops (shows the grid).
    case kind(LoopKind)
    /// Corner 0...3 (A top left, B top right, C bottom left, D bottom right) from a MIDI file.
    case corner(Int, path: String)
    /// The corners again from the last four phrases played.
    case phrases
    /// Cells per side (`LoopLimits.gridSize`).
    case size(Int)
    /// Move the selection by rows and columns (the arrow keys).
    case move(rows: Int, columns: Int)
}
