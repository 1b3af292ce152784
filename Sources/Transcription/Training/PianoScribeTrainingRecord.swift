import ModelKit

/// What a Piano Scribe model learned from and how its training went, as its config records it.
package struct PianoScribeTrainingRecord: Sendable, Hashable, Codable {
    /// The MIDI pieces rendered, the SoundFonts (file names) and the hours of audio.
    package var pieces: Int
    package var soundFonts: [String]
    package var hours: Double
    /// Pieces and hours kept aside to choose the best epoch.
    package var validationPieces: Int
    package var options: PianoScribeTrainingOptions
    package var epochs: Int
    package var bestEpoch: Int
    package var updates: Int
    package var seconds: Double
    /// The best epoch's validation loss (summed over the four heads, nats per frame and key); nil
    /// when the run had no validation pieces (the key is then absent from the file).
    package var validationLoss: Double?
    package var history: [EpochRecord]
    /// Of `pieces`, the renders of generated material (`GeneratedPianoPieces`), and their hours;
    /// nil in models trained before it existed.
    package var generatedPieces: Int? = nil
    package var generatedHours: Double? = nil
}
