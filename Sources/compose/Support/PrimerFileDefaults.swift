import ArgumentParser
import Composer
import ModelKit
import Representations
import Music

/// What `melody --primer-file` and `continue` take from the primer's MIDI file when the user does
/// not say: the key (`Continuation.key(of:signature:)`: the first key signature's major key or its
/// relative minor, whichever fits the primer's notes; without a signature, or one the notes do not
/// fit, the Krumhansl-Schmuckler estimate), the meter whose bar lines place the primer
/// (`PrimerReading.meter`: the first time signature, or the one after a pickup bar) and the first tempo.
struct PrimerFileDefaults {
    var key: Key
    var meter: Meter?
    /// Quarter notes per minute, clamped to 4...1000 (what the SMF tempo meta can hold) and rounded
    /// to 0.01 (545455 microseconds per quarter reads as 110, not 109.999908).
    var tempo: Double?

    init(score: Score, reading: PrimerReading) {
        key = Continuation.key(of: reading.notes, signature: score.keySignatures.first)
        meter = score.timeSignatures.isEmpty ? nil : reading.meter
        tempo = score.tempoChanges.first.map { Self.tempo(bpm: $0.bpm) }
    }

    /// A file's tempo as the commands take it: clamped to 4...1000 quarter notes per minute and
    /// rounded to 0.01 (545455 microseconds per quarter reads as 110, not 109.999908).
    static func tempo(bpm: Double) -> Double {
        (min(max(bpm, 4), 1000) * 100).rounded() / 100
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

/// `--primer-track`, `--primer-channel` and `--strict`: which voice of a primer file to take, and
/// how to read the file; shared by `melody`, `continue` and `drums`.
struct PrimerVoiceOptions: ParsableArguments {
    @Option(name: .customLong("primer-track"), help: "Take the primer from this track (numbered from 0, as inspect lists them; default: the melody rule, or for drums every track).")
    var track: Int?

    @Option(name: .customLong("primer-channel"), help: "Take the primer from this MIDI channel, 1-16 (default: every channel but 10; for drums, 10).")
    var channel: Int?

    @Flag(help: "Refuse a MIDI file that breaks the SMF 1.0 spec instead of repairing it with a warning.")
    var strict = false

    func validate() throws {
        if let track, track < 0 { throw ValidationError("--primer-track \(track): tracks are numbered from 0") }
        if let channel, !(1...16).contains(channel) { throw ValidationError("--primer-channel \(channel): a MIDI channel is 1-16") }
    }

    /// The 0-based channel asked for.
    var channelIndex: UInt8? { channel.map { UInt8($0 - 1) } }

    /// The melody primer of `path` (`Primer.read`); `option` names it in errors ("--primer-file"),
    /// nil for an argument. A note on stderr says what was moved to the grid, shortened or dropped.
    func readMelody(_ path: String, option: String?) throws -> (score: Score, reading: PrimerReading) {
        let score = try readScore(path, strict: strict, option: option)
        let context = option.map { "\($0) \(path)" } ?? path
        do {
            let reading = try Primer.read(from: score, track: track, channel: channelIndex)
            if let note = changesNote(reading) { printError("note: \(context): \(note)") }
            return (score, reading)
        } catch {
            throw voiceError(error, context: context)
        }
    }

    /// A voice that cannot be read: a usage error (64) naming the option when the voice was asked
    /// for (`--primer-track`, `--primer-channel`), else a data error (65): the file has no melody.
    func voiceError(_ error: PrimerReadingError, context: String) -> StatusError {
        var options: [String] = []
        if let track { options.append("--primer-track \(track)") }
        if let channel { options.append("--primer-channel \(channel)") }
        guard !options.isEmpty else { return StatusError(.dataError, "\(context): \(error)") }
        return StatusError(.usage, "\(options.joined(separator: " ")): \(context): \(error)")
    }
}

/// "track 1 "Primer", channel 1, 7 of 7 notes taken" (channels 1-16 as users count them).
func voiceSummary(track: Int, name: String?, channels: [UInt8], taken: Int, inVoice: Int, unit: String = "note") -> String {
    let named = name.map { " \"\($0)\"" } ?? ""
    let channelText = channels.isEmpty ? "" : ", channel\(channels.count > 1 ? "s" : "") \(channels.map { String(Int($0) + 1) }.joined(separator: ", "))"
    return "track \(track)\(named)\(channelText), \(taken) of \(counted(inVoice, unit)) taken"
}

/// The voice summary of a melody primer reading.
func voiceSummary(_ reading: PrimerReading) -> String {
    voiceSummary(track: reading.track, name: reading.trackName, channels: reading.channels, taken: reading.notesTaken,
                 inVoice: reading.notesInVoice)
        + (reading.pickupSteps > 0 ? ", a pickup of \(counted(reading.pickupSteps, "16th")) kept" : "")
}

/// What reading a melody primer changed, in one line; nil when it took every note as written.
func changesNote(_ reading: PrimerReading) -> String? {
    var parts: [String] = []
    if reading.notesMoved > 0 {
        let sixteenth = Double(reading.ticksPerQuarter) / 4
        let fraction = (Double(reading.largestMoveTicks) / sixteenth * 100).rounded() / 100
        parts.append("\(counted(reading.notesMoved, "note")) moved to the 16th-note grid (by up to \(counted(reading.largestMoveTicks, "tick")), \(fraction.formatted()) of a 16th)")
    }
    if reading.notesShortened > 0 {
        parts.append("\(reading.notesShortened) shortened where the next note starts over them")
    }
    if reading.notesDropped > 0 {
        parts.append("\(reading.notesDropped) dropped (under a higher note on the same step, an inner voice under a held note, or zero-length)")
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
}
