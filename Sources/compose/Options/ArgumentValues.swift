import ArgumentParser
import Composer
import Music

// The values that options take and how they are parsed: model kinds, modes, meters, programs.

extension MelodyModel.Kind: ExpressibleByArgument {}

extension MelodyForm: ExpressibleByArgument {}

extension Key.Mode: ExpressibleByArgument {}

extension Accompaniment.Style: ExpressibleByArgument {}

/// "6/8" -> Meter; the error names the argument.
func parseMeter(_ text: String) throws -> Meter {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]) else {
        throw ValidationError("--meter \(text): expected a time signature like 4/4, 3/4 or 6/8")
    }
    do { return try Meter(n, d) } catch { throw ValidationError("--meter \(text): \(error)") }
}

/// "40" or "violin" -> General MIDI program 0-127.
func parseProgram(_ text: String) throws -> Int {
    if let n = Int(text) {
        guard (0...127).contains(n) else { throw ValidationError("--program \(text): a General MIDI program is 0-127") }
        return n
    }
    guard let n = GeneralMIDI.program(named: text) else {
        throw ValidationError("--program \(text): no General MIDI instrument has that name")
    }
    return n
}
