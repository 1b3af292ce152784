import Composer
import ModelKit
import Representations
import Music
import SMF

/// How the piano learns that a key was released.
package enum ReleaseMode: Sendable, Hashable {
    /// The kitty keyboard protocol reports presses and releases: notes last as long as keys are held.
    case kitty
    /// Ordinary terminals send only presses (and auto-repeats while a key is held): a note ends
    /// this many milliseconds after its key was last seen; key repeat refreshes it.
    case timeout(milliseconds: Int)

    var description: String {
        switch self {
        case .kitty: return "kitty protocol: notes last while keys are held"
        case .timeout(let ms): return "no key releases from this terminal: notes end \(ms) ms after the last key repeat"
        }
    }
}

/// What the piano wants done after an input.
package enum PianoAction: Sendable, Hashable {
    /// Play this message now (and record it when recording).
    case send(ChannelMessage)
    /// A command that needs the application (files, recording, playback, quitting, metronome timing).
    case perform(PianoCommand)
}

/// The piano's state and its reaction to keys: pure logic (no terminal, no sound), driven with
/// explicit times in seconds so it can be tested exactly.
package struct PianoModel: Sendable {
    enum Mode: Sendable, Hashable {
        case play
        /// Typing a `:`-command; the text so far.
        case command(String)
        case help
        /// Asking whether to recover an unsaved recording found at start-up.
        case recoverPrompt
    }

    var layout: KeyLayout
    /// The octave of the layout's lowest C: 4 puts `z` on C4 (MIDI 60).
    var octave: Int
    var transpose: Int = 0
    var velocity: Int
    var sustain = false
    var program: Int
    var channel: Int
    var bpm: Double
    var metronome = false
    var releaseMode: ReleaseMode
    var mode: Mode = .play
    /// The line shown above the command line (results, errors).
    var message = ""
    /// Completion candidates shown after Tab.
    var completions: [String] = []

    /// Held computer keys (by unshifted character): the pitch each sounds and when it was last seen.
    private(set) var held: [Character: HeldKey] = [:]

    /// A computer key whose note is sounding.
    struct HeldKey: Sendable, Hashable {
        var pitch: UInt8
        /// When the key was last seen (press or auto-repeat), seconds.
        var lastSeen: Double
        /// Timeout mode: a stream of fast auto-repeats has been seen for this key.
        var repeating = false
        /// Timeout mode: the gap before the second event, while it is unknown whether that was the
        /// first auto-repeat or a second press.
        var firstGap: Double?
    }

    /// Timeout mode: gaps shorter than this are auto-repeats (terminals repeat every ~30 ms).
    static let repeatGap = 0.1
    /// Timeout mode: the terminal's delay before the first auto-repeat, learnt from the first key
    /// held long enough to repeat. Until it is known, a second press of a key that is still
    /// sounding cannot be told from its first auto-repeat and just keeps the note going; after
    /// that, a press whose gap is not the repeat delay strikes the note again.
    var learnedRepeatDelay: Double?
    /// Notes held on a MIDI input keyboard and notes sounding in playback, to light them.
    var externalNotes: Set<UInt8> = []
    /// Notes of the duet's answer sounding now (lit in another colour).
    var answerNotes: Set<UInt8> = []

    /// The loops grid is shown: the arrow keys move its selection and Esc leaves it.
    var loopsShown = false

    /// Piano Genie, when on: the keys `a s d f j k l ;` are buttons 1-8 whose notes it chooses.
    var genie: GenieDecoder?
    /// When the last genie button was pressed (seconds), for the rhythm the model sees.
    var genieLastPress: Double?
    /// The genie buttons, low to high (unshifted US layout).
    static let genieKeys: [Character] = ["a", "s", "d", "f", "j", "k", "l", ";"]

    /// The genie button (1...8) of a key while genie is on, else nil.
    func genieButton(_ key: Character) -> Int? {
        guard genie != nil, let i = PianoModel.genieKeys.firstIndex(of: key) else { return nil }
        return i + 1
    }

    /// The pitch a note key plays now: a genie button asks the decoder (one press, with the time
    /// since the previous press in 16th-note steps at `bpm`); other keys follow the layout.
    mutating func strike(_ key: Character, now: Double) -> UInt8? {
        guard let button = genieButton(key) else { return pitch(for: key) }
        let stepSeconds = 15 / bpm
        let elapsed = genieLastPress.map { Int(((now - $0) / stepSeconds).rounded()) } ?? 0
        genieLastPress = now
        return genie.map { _ in UInt8(clamping: genie!.press(button: button, elapsed: elapsed)) }
    }

    /// Velocity presets for Up/Down and the 1/4/8 keys.
    static let velocityLevels = [16, 32, 48, 64, 80, 96, 112, 127]
    static let dynamicNames = [16: "ppp", 32: "pp", 48: "p", 64: "mp", 80: "mf", 96: "f", 112: "ff", 127: "fff"]

    package init(layout: KeyLayout = .tracker, octave: Int = 4, velocity: Int = 80, program: Int = 0, channel: Int = 0,
                bpm: Double = 120, releaseMode: ReleaseMode = .timeout(milliseconds: 600)) {
        self.layout = layout
        self.octave = octave
        self.velocity = velocity
        self.program = program
        self.channel = channel
        self.bpm = bpm
        self.releaseMode = releaseMode
    }

    /// MIDI note number of the layout's lowest C.
    var basePitch: Int { (octave + 1) * 12 }

    /// The pitch a layout key plays now, or nil (not a note key, or outside 0...127).
    func pitch(for key: Character) -> UInt8? {
        guard let offset = layout.offset(of: key) else { return nil }
        let p = basePitch + offset + transpose
        return (0...127).contains(p) ? UInt8(p) : nil
    }

    /// Every pitch sounding from keys, MIDI input or playback (for lighting keys).
    var litPitches: Set<UInt8> { Set(held.values.map(\.pitch)).union(externalNotes) }

    /// Pitches held on the computer keyboard, ascending.
    var heldPitches: [UInt8] { Set(held.values.map(\.pitch)).sorted() }

    var ch: UInt8 { UInt8(channel) }

    /// Reacts to one key event at time `now` (seconds).
    package mutating func handle(_ event: KeyEvent, now: Double) -> [PianoAction] {
        switch mode {
        case .command(let text): return handleCommandKey(event, text: text)
        case .help:
            guard event.kind == .press else { return [] }
            mode = .play
            // The key that closes help does nothing else, unless it is a command or a note.
            if case .char(let c) = event.key, c == "?" { return [] }
            if case .escape = event.key { return [] }
            return handle(event, now: now)
        case .recoverPrompt:
            guard event.kind == .press, case .char(let c) = event.key else { return [] }
            switch c.lowercased() {
            case "y": mode = .play; return [.perform(.recover(save: true))]
            case "n": mode = .play; return [.perform(.recover(save: false))]
            case "l": mode = .play; message = "The unsaved recording is kept for later (piano --recover writes it)."; return []
            default: return []
            }
        case .play:
            return handlePlayKey(event, now: now)
        }
    }

    mutating func handlePlayKey(_ event: KeyEvent, now: Double) -> [PianoAction] {
        if event.kind == .release {
            guard let base = event.base, let h = held.removeValue(forKey: base) else { return [] }
            return [.send(.noteOff(channel: ch, note: h.pitch, velocity: 0))]
        }
        if !event.shift, let base = event.base, case .char = event.key, layout.offset(of: base) != nil || genieButton(base) != nil {
            if var h = held[base] {
                if releaseMode == .kitty || !isNewPress(&h, now: now) {
                    // Kitty repeat, or (timeout mode) an auto-repeat: keep sounding.
                    h.lastSeen = now
                    held[base] = h
                    return []
                }
                // Timeout mode, pressed again: strike the note again.
                held.removeValue(forKey: base)
                guard let p = strike(base, now: now) else { return [.send(.noteOff(channel: ch, note: h.pitch, velocity: 0))] }
                held[base] = HeldKey(pitch: p, lastSeen: now)
                return [.send(.noteOff(channel: ch, note: h.pitch, velocity: 0)), .send(.noteOn(channel: ch, note: p, velocity: UInt8(velocity)))]
            }
            guard event.kind == .press || releaseMode != .kitty, let p = strike(base, now: now) else { return [] }
            held[base] = HeldKey(pitch: p, lastSeen: now)
            // Another key already sounding this pitch (after transposing): restart it cleanly.
            return [.send(.noteOn(channel: ch, note: p, velocity: UInt8(velocity)))]
        }
        guard event.kind == .press || event.kind == .repeat else { return [] }
        if loopsShown {
            switch event.key {
            case .left: return [.perform(.loops(.move(rows: 0, columns: -1)))]
            case .right: return [.perform(.loops(.move(rows: 0, columns: 1)))]
            case .up: return [.perform(.loops(.move(rows: -1, columns: 0)))]
            case .down: return [.perform(.loops(.move(rows: 1, columns: 0)))]
            case .escape: return allNotesOff() + [.perform(.loops(.enabled(false)))]
            default: break
            }
        }
        switch event.key {
        case .char(":"):
            mode = .command("")
            completions = []
            return []
        case .char("?"), .function(1):
            mode = .help
            return []
        case .char(" "):
            return apply(.sustain(nil))
        case .left: return apply(.octave(max(octave - 1, 0)))
        case .right: return apply(.octave(min(octave + 1, 8)))
        case .up: return apply(.velocity(Self.velocityLevels.first { $0 > velocity } ?? 127))
        case .down: return apply(.velocity(Self.velocityLevels.last { $0 < velocity } ?? Self.velocityLevels[0]))
        case .char("<"): return apply(.transpose(max(transpose - 1, -24)))
        case .char(">"): return apply(.transpose(min(transpose + 1, 24)))
        case .char("1"): return apply(.velocity(40))
        case .char("4"): return apply(.velocity(80))
        case .char("8"): return apply(.velocity(120))
        case .escape:
            message = "All notes off."
            return allNotesOff() + [.perform(.stop)]
        case .ctrl("c"), .ctrl("d"), .ctrl("q"):
            return [.perform(.quit)]
        default:
            return []
        }
    }

    /// Timeout mode: is this event for a key that is still sounding a new press (true) or an
    /// auto-repeat (false)? Updates the key's repeat state and learns the first-repeat delay.
    mutating func isNewPress(_ h: inout HeldKey, now: Double) -> Bool {
        let gap = now - h.lastSeen
        if gap < Self.repeatGap {
            if let first = h.firstGap, learnedRepeatDelay == nil { learnedRepeatDelay = first }
            h.repeating = true
            h.firstGap = nil
            return false
        }
        // A pause after a stream of repeats: the key was released and pressed again.
        if h.repeating { return true }
        if h.firstGap != nil { return true } // a third slow press: presses, not repeats
        if let delay = learnedRepeatDelay {
            if abs(gap - delay) <= 0.05 { h.firstGap = gap; return false }
            return true
        }
        h.firstGap = gap // unknown yet: the next gap tells
        return false
    }

    mutating func handleCommandKey(_ event: KeyEvent, text: String) -> [PianoAction] {
        guard event.kind != .release else { return [] }
        switch event.key {
        case .enter:
            mode = .play
            completions = []
            switch CommandParser.parse(text) {
            case .success(let command): return apply(command)
            case .failure(let error):
                message = error.message
                return []
            }
        case .escape, .ctrl("c"):
            mode = .play
            completions = []
            return []
        case .backspace:
            if text.isEmpty { mode = .play } else { mode = .command(String(text.dropLast())) }
            return []
        case .tab:
            let (line, candidates) = CommandParser.complete(text)
            mode = .command(line)
            completions = candidates.count > 1 ? candidates : []
            return []
        case .ctrl("u"):
            mode = .command("")
            return []
        case .char(let c):
            mode = .command(text + String(c))
            return []
        default:
            return []
        }
    }

    /// Applies a command: state changes happen here; the rest is returned for the application.
    mutating func apply(_ command: PianoCommand) -> [PianoAction] {
        switch command {
        case .program(let p):
            program = p
            message = "Program \(p + 1): \(GeneralMIDI.programNames[p])"
            return [.send(.programChange(channel: ch, program: UInt8(p)))]
        case .channel(let c):
            var actions = allNotesOff()
            channel = c
            message = "Channel \(c + 1)"
            actions.append(.send(.programChange(channel: ch, program: UInt8(program))))
            return actions
        case .tempo(let bpm):
            self.bpm = bpm
            message = "Tempo \(Journal.format(bpm)) bpm"
            return [.perform(command)]
        case .metronome(let on):
            metronome = on ?? !metronome
            message = "Metronome \(metronome ? "on" : "off") at \(Journal.format(bpm)) bpm"
            return [.perform(.metronome(metronome))]
        case .layout(let name):
            let actions = allNotesOff()
            layout = KeyLayout.named(name) ?? layout
            message = "Layout \(layout.name)"
            return actions
        case .octave(let o):
            octave = o
            message = "Octave \(o): \(layout.rows.first?.first.map(String.init) ?? "z") plays C\(o)"
            return []
        case .velocity(let v):
            velocity = v
            message = "Velocity \(v)"
            return []
        case .transpose(let t):
            transpose = t
            message = "Transpose \(t > 0 ? "+" : "")\(t)"
            return []
        case .sustain(let on):
            sustain = on ?? !sustain
            message = "Sustain \(sustain ? "on" : "off")"
            return [.send(.controlChange(channel: ch, controller: 64, value: sustain ? 127 : 0))]
        case .releaseTimeout(let ms):
            if case .timeout = releaseMode {
                releaseMode = .timeout(milliseconds: ms)
                message = "Notes now end \(ms) ms after the last key repeat"
            } else {
                message = "The kitty protocol reports releases: no timeout needed"
            }
            return []
        case .help:
            mode = .help
            return []
        case .genie(nil):
            let actions = allNotesOff()
            genie = nil
            message = "Genie off: a s d f j k l ; play their notes again"
            return actions
        case .record, .recordDiscarding, .stop, .save, .play, .quit, .recover, .duet, .genie, .loops:
            return [.perform(command)]
        }
    }

    /// Note-offs for keys not seen within the release timeout (timeout mode only).
    mutating func expire(now: Double) -> [PianoAction] {
        guard case .timeout(let ms) = releaseMode else { return [] }
        let limit = Double(ms) / 1000
        var actions: [PianoAction] = []
        for (key, h) in held.sorted(by: { $0.value.lastSeen < $1.value.lastSeen }) where now - h.lastSeen >= limit {
            held.removeValue(forKey: key)
            actions.append(.send(.noteOff(channel: ch, note: h.pitch, velocity: 0)))
        }
        return actions
    }

    /// When the next timed note-off is due (timeout mode), or nil.
    var nextExpiry: Double? {
        guard case .timeout(let ms) = releaseMode, let oldest = held.values.map(\.lastSeen).min() else { return nil }
        return oldest + Double(ms) / 1000
    }

    /// Note-offs for every held key.
    mutating func allNotesOff() -> [PianoAction] {
        let actions = held.values.sorted { $0.lastSeen < $1.lastSeen }.map { PianoAction.send(.noteOff(channel: ch, note: $0.pitch, velocity: 0)) }
        held.removeAll()
        return actions
    }
}
