import Composer
import ModelKit
import Representations
import Foundation
import Music

/// Parses and completes `:`-commands.
enum CommandParser {
    /// Command names, for completion and help.
    static let names = ["program", "channel", "tempo", "metronome", "record", "stop", "save", "play",
                               "layout", "octave", "velocity", "transpose", "sustain", "timeout", "duet", "genie", "loops", "help", "quit"]

    /// Parses one command line (without the leading ":"). Returns the command, or a message saying
    /// what is wrong.
    static func parse(_ line: String) -> Result<PianoCommand, CommandError> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(CommandError("empty command (try :help)")) }
        let word: String
        let argument: String
        if let space = trimmed.firstIndex(of: " ") {
            word = String(trimmed[..<space]).lowercased()
            argument = trimmed[space...].trimmingCharacters(in: .whitespaces)
        } else {
            word = trimmed.lowercased()
            argument = ""
        }
        func int(_ range: ClosedRange<Int>, _ what: String) -> Result<Int, CommandError> {
            guard let n = Int(argument), range.contains(n) else {
                return .failure(CommandError("\(what) must be a whole number \(range.lowerBound)...\(range.upperBound), got \"\(argument)\""))
            }
            return .success(n)
        }
        func onOff() -> Result<Bool?, CommandError> {
            switch argument.lowercased() {
            case "": return .success(nil)
            case "on", "yes", "1": return .success(true)
            case "off", "no", "0": return .success(false)
            default: return .failure(CommandError("say on or off, not \"\(argument)\""))
            }
        }
        switch word {
        case "program", "prog", "p", "instrument", "i":
            guard !argument.isEmpty else { return .failure(CommandError("usage: :program NUMBER (1-128) or NAME, e.g. :program violin")) }
            if let n = Int(argument) {
                guard (1...128).contains(n) else { return .failure(CommandError("program numbers are 1...128 (GM numbering), got \(n)")) }
                return .success(.program(n - 1))
            }
            guard let p = GeneralMIDI.program(named: argument) else {
                return .failure(CommandError("no General MIDI instrument is called \"\(argument)\" (Tab completes names)"))
            }
            return .success(.program(p))
        case "channel", "ch":
            return int(1...16, "the channel").map { .channel($0 - 1) }
        case "tempo", "bpm":
            guard let bpm = Double(argument), (20...400).contains(bpm) else {
                return .failure(CommandError("the tempo must be 20...400 bpm, got \"\(argument)\""))
            }
            return .success(.tempo(bpm))
        case "metronome", "metro", "m", "click":
            return onOff().map { .metronome($0) }
        case "record", "rec", "r":
            return .success(.record)
        case "record!", "rec!", "r!":
            return .success(.recordDiscarding)
        case "stop", "s":
            return .success(.stop)
        case "save", "w", "write":
            guard !argument.isEmpty else { return .failure(CommandError("usage: :save FILE.mid")) }
            var path = filePath(argument)
            if !path.lowercased().hasSuffix(".mid") && !path.lowercased().hasSuffix(".midi") { path += ".mid" }
            return .success(.save(path))
        case "play":
            return .success(.play)
        case "layout":
            guard let layout = KeyLayout.named(argument) else {
                return .failure(CommandError("layouts: \(KeyLayout.all.map(\.name).joined(separator: ", "))"))
            }
            return .success(.layout(layout.name))
        case "octave", "oct", "o":
            return int(0...8, "the octave").map { .octave($0) }
        case "velocity", "vel", "v":
            return int(1...127, "the velocity").map { .velocity($0) }
        case "transpose", "tr", "t":
            return int(-24...24, "the transposition").map { .transpose($0) }
        case "sustain", "sus", "pedal":
            return onOff().map { .sustain($0) }
        case "timeout":
            return int(50...5000, "the release timeout (ms)").map { .releaseTimeout($0) }
        case "duet":
            let words = argument.lowercased().split(separator: " ").map(String.init)
            switch words.first {
            case nil: return .success(.duet(.enabled(nil)))
            case "on", "off":
                return .success(.duet(.enabled(words[0] == "on")))
            case "bars":
                guard words.count == 2, let n = Int(words[1]), (1...16).contains(n) else {
                    return .failure(CommandError("usage: :duet bars N (1...16)"))
                }
                return .success(.duet(.bars(n)))
            case "pause":
                guard words.count == 2, let s = Double(words[1]), (0.2...5).contains(s) else {
                    return .failure(CommandError("usage: :duet pause SECONDS (0.2...5)"))
                }
                return .success(.duet(.pause(s)))
            case "model":
                guard words.count == 2, let kind = MelodyModel.Kind(rawValue: words[1]) else {
                    return .failure(CommandError("usage: :duet model rnn|markov"))
                }
                return .success(.duet(.model(kind)))
            default:
                return .failure(CommandError("usage: :duet [on|off] | :duet bars N | :duet pause SECONDS | :duet model rnn|markov"))
            }
        case "genie":
            let words = argument.split(separator: " ").map(String.init)
            if words.isEmpty || words[0].lowercased() == "on" { return .success(.genie(Music.Key(tonic: 0, mode: .major))) }
            if words[0].lowercased() == "off" { return .success(.genie(nil)) }
            let mode: Music.Key.Mode = words.count > 1 && words[1].lowercased().hasPrefix("min") ? .minor : .major
            guard words.count <= 2, let key = Music.Key(tonicName: words[0].prefix(1).uppercased() + words[0].dropFirst(), mode: mode) else {
                return .failure(CommandError("usage: :genie [on|off] | :genie KEY [major|minor], e.g. :genie D minor"))
            }
            return .success(.genie(key))
        case "loops", "loop":
            return parseLoops(argument)
        case "help", "h", "?":
            return .success(.help)
        case "quit", "q", "exit", "q!":
            return .success(.quit)
        default:
            return .failure(CommandError("unknown command \"\(word)\" (commands: \(names.joined(separator: " ")))"))
        }
    }

    static let loopsUsage = "usage: :loops [on|off] | :loops melody|drums | :loops corner 1-4 FILE.mid | :loops phrases | :loops size N"

    /// `:loops ...` (the text after the command word).
    static func parseLoops(_ argument: String) -> Result<PianoCommand, CommandError> {
        let words = argument.split(separator: " ", maxSplits: 2).map(String.init)
        switch words.first?.lowercased() {
        case nil, "on": return words.count <= 1 ? .success(.loops(.enabled(true))) : .failure(CommandError(loopsUsage))
        case "off": return words.count == 1 ? .success(.loops(.enabled(false))) : .failure(CommandError(loopsUsage))
        case "melody", "drums":
            return words.count == 1 ? .success(.loops(.kind(LoopKind(rawValue: words[0].lowercased())!))) : .failure(CommandError(loopsUsage))
        case "kind":
            guard words.count == 2, let kind = LoopKind(rawValue: words[1].lowercased()) else {
                return .failure(CommandError("usage: :loops kind melody|drums"))
            }
            return .success(.loops(.kind(kind)))
        case "phrases":
            return words.count == 1 ? .success(.loops(.phrases)) : .failure(CommandError(loopsUsage))
        case "size":
            guard words.count == 2, let n = Int(words[1]), LoopLimits.gridSize.contains(n) else {
                return .failure(CommandError("the grid size must be a whole number \(LoopLimits.gridSize.lowerBound)...\(LoopLimits.gridSize.upperBound), got \"\(words.dropFirst().joined(separator: " "))\""))
            }
            return .success(.loops(.size(n)))
        case "corner":
            guard words.count == 3 else { return .failure(CommandError("usage: :loops corner 1-4 FILE.mid (1 = A top left, 2 = B top right, 3 = C bottom left, 4 = D bottom right)")) }
            let letters = ["a", "b", "c", "d"]
            guard let index = Int(words[1]).flatMap({ (1...4).contains($0) ? $0 - 1 : nil }) ?? letters.firstIndex(of: words[1].lowercased()) else {
                return .failure(CommandError("the corner must be 1-4 or A-D, got \"\(words[1])\""))
            }
            return .success(.loops(.corner(index, path: filePath(words[2]))))
        default:
            return .failure(CommandError(loopsUsage))
        }
    }

    /// A file path as typed after a command: trimmed, one pair of surrounding quotes ("..." or
    /// '...', as a shell would take them) removed, and a leading `~/` expanded to the home folder.
    static func filePath(_ typed: String) -> String {
        var path = typed.trimmingCharacters(in: .whitespaces)
        if path.count >= 2, let first = path.first, first == "\"" || first == "'", path.last == first {
            path = String(path.dropFirst().dropLast())
        }
        if path.hasPrefix("~/"), let home = ProcessEnvironment.home { path = home + path.dropFirst(1) }
        return path
    }

    /// Tab completion: the completed line and the candidates (several when ambiguous). Completes
    /// command names, then program names for `program`, layouts for `layout`, on/off.
    static func complete(_ line: String) -> (line: String, candidates: [String]) {
        guard let space = line.firstIndex(of: " ") else {
            let matches = names.filter { $0.hasPrefix(line.lowercased()) }
            if matches.count == 1 { return (matches[0] + " ", matches) }
            return (commonPrefix(matches, fallback: line), matches)
        }
        let word = line[..<space].lowercased()
        let argument = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
        let options: [String]
        switch word {
        case "program", "prog", "p", "instrument", "i": options = GeneralMIDI.programNames
        case "layout": options = KeyLayout.all.map(\.name)
        case "metronome", "metro", "m", "sustain", "sus", "pedal", "genie": options = ["on", "off"]
        case "duet": options = ["on", "off", "bars", "pause", "model rnn", "model markov"]
        case "loops", "loop": options = ["on", "off", "melody", "drums", "corner", "phrases", "size"]
        default: return (line, [])
        }
        let q = argument.lowercased()
        var matches = options.filter { $0.lowercased().hasPrefix(q) }
        if matches.isEmpty { matches = options.filter { $0.lowercased().contains(q) } }
        let prefix = String(line[...space])
        if matches.count == 1 { return (prefix + matches[0], matches) }
        let common = commonPrefix(matches, fallback: argument)
        return (prefix + (common.count > argument.count ? common : argument), matches)
    }

    /// The longest common prefix (case-insensitive, keeping the first match's spelling).
    static func commonPrefix(_ strings: [String], fallback: String) -> String {
        guard let first = strings.first else { return fallback }
        var end = first.endIndex
        for s in strings.dropFirst() {
            let a = Array(first.lowercased()), b = Array(s.lowercased())
            var n = 0
            while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
            end = min(end, first.index(first.startIndex, offsetBy: n))
        }
        let common = String(first[..<end])
        return common.count >= fallback.count ? common : fallback
    }
}

/// The user's home folder, for `~/` in paths typed at the command line.
enum ProcessEnvironment {
    static var home: String? { ProcessInfo.processInfo.environment["HOME"] }
}
