import ArgumentParser
import Composer
import ModelKit
import Representations
import Music

/// What `melody --primer-file` and `continue` take from the primer's MIDI file when the user does
/// not say: the key (`Continuation.key(of:signature:)`: the first key signature's major key or its
/// relative minor, whichever fits the primer's notes; without a signature, or one the notes do not
/// fit, the Krumhansl-Schmuckler estimate), the first time signature and the first tempo.
struct PrimerFileDefaults {
    var key: Key
    var meter: Meter?
    /// Quarter notes per minute, clamped to 4...1000 (what the SMF tempo meta can hold) and rounded
    /// to 0.01 (545455 microseconds per quarter reads as 110, not 109.999908).
    var tempo: Double?

    init(score: Score, primer: [PrimerNote]) {
        key = Continuation.key(of: primer, signature: score.keySignatures.first)
        meter = score.timeSignatures.first.flatMap { try? Meter($0.numerator, $0.denominator) }
        tempo = score.tempoChanges.first.map { (min(max($0.bpm, 4), 1000) * 100).rounded() / 100 }
    }
}

/// The key from `--key`/`--mode`, filling what is not given from `fromFile` (a primer file's key):
/// - neither given: `fromFile`, else C major;
/// - `--key` given: that tonic, in `--mode`, else in `fromFile`'s mode, else major;
/// - only `--mode`: `fromFile` if its mode is that one, else its relative key in that mode
///   (same key signature), else C in that mode.
/// - Throws: `ValidationError` (exit 64) naming `--key` when it is not a note name.
func chooseKey(key: String?, mode: Key.Mode?, fromFile: Key?) throws -> Key {
    if let key {
        guard let chosen = Key(tonicName: key, mode: mode ?? fromFile?.mode ?? .major) else {
            throw ValidationError("--key \(key): not a note name like C, F# or Bb")
        }
        return chosen
    }
    guard let fromFile else { return Key(tonic: 0, mode: mode ?? .major) }
    guard let mode, mode != fromFile.mode else { return fromFile }
    return Key(tonic: fromFile.tonic + (mode == .minor ? 9 : 3), mode: mode)
}
