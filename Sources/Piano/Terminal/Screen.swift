import Foundation
import Music

/// What the screen shows besides the model: facts the application knows.
struct ScreenStatus: Sendable, Hashable {
    /// "ALSA "default" 256x2 @ 44100 Hz: 11.6 ms" or "file out.wav ...".
    var audio: String = ""
    /// "REC 00:12.3  7 notes" / "not recording" / "playing".
    var recording: String = "not recording"
    var isRecording = false
    /// Measured key-to-note-on time, if any.
    var keyLatency: String = ""
    /// MIDI input state, if any.
    var midiInput: String = ""
    /// The duet's state ("Duet ON (...)"), empty when it is off.
    var duet: String = ""
    /// The loops grid, when shown (drawn in place of the keyboard).
    var loops: LoopGridView?
    init() {}
}

/// Draws the piano screen as lines of text with ANSI colours (lit keys are also drawn with
/// different characters, so they show without colour too). With `NO_COLOR` set and non-empty
/// (https://no-color.org) no colour or text attribute is written.
enum Screen {
    /// False when `NO_COLOR` is set to a non-empty value.
    static let usesColour: Bool = {
        guard let value = getenv("NO_COLOR") else { return true }
        return value.pointee == 0
    }()
    static let reset = usesColour ? "\u{1B}[0m" : ""
    static let litColour = usesColour ? "\u{1B}[1;36m" : ""
    static let dim = usesColour ? "\u{1B}[2m" : ""
    static let bold = usesColour ? "\u{1B}[1m" : ""
    static let red = usesColour ? "\u{1B}[1;31m" : ""
    /// The selected loops cell.
    static let reverse = usesColour ? "\u{1B}[7m" : ""
    /// The duet's answer notes.
    static let answerColour = usesColour ? "\u{1B}[1;35m" : ""

    /// The screen as `height` lines of at most `width` visible columns.
    static func render(_ model: PianoModel, status: ScreenStatus, width: Int, height: Int) -> [String] {
        var lines: [String] = []
        func add(_ s: String = "") { lines.append(s) }
        let program = "\(String(format: "%03d", model.program + 1)) \(GeneralMIDI.programNames[model.program])"
        add(bold + "LittleMozart piano" + reset + "   ? help   : command   Esc all notes off   Ctrl-C quit")
        add("Instrument \(bold)\(program)\(reset)   Channel \(model.channel + 1)   Layout \(model.layout.name)")
        let dyn = PianoModel.dynamicNames[model.velocity].map { " (\($0))" } ?? ""
        add("Octave \(model.octave)   Transpose \(model.transpose > 0 ? "+" : "")\(model.transpose)   Velocity \(model.velocity)\(dyn)   Sustain \(model.sustain ? "\(bold)ON\(reset)" : "off")   Tempo \(Journal.format(model.bpm)) bpm   Metronome \(model.metronome ? "on" : "off")")
        add("Audio \(status.audio)")
        add("Keys  \(model.releaseMode.description)")
        if !status.keyLatency.isEmpty || !status.midiInput.isEmpty {
            add([status.keyLatency, status.midiInput].filter { !$0.isEmpty }.joined(separator: "   "))
        }
        add((status.isRecording ? red : "") + status.recording + (status.isRecording ? reset : ""))
        if !status.duet.isEmpty { add(answerColour + status.duet + reset) }
        if let genie = model.genie {
            add(bold + "Genie ON" + reset + " (\(genie.key)): a s d f j k l ; are buttons 1-8, low to high; the model picks each note   :genie off")
        }
        add()
        switch model.mode {
        case .help:
            lines += help(model)
        case .recoverPrompt:
            add(bold + "An unsaved recording was found (a previous session ended without saving it)." + reset)
            add("  y  save it now as a MIDI file in this directory (recovered-DATE.mid)")
            add("  n  discard it")
            add("  l  later: keep it (`piano --recover` writes it)")
        default:
            if let grid = status.loops {
                // Room above the Held line and the message, command and completion lines.
                lines += grid.lines(width: width, height: max(height - lines.count - 4, 0))
            } else {
                lines += keyboard(model, width: width)
            }
            let heldNames = model.litPitches.sorted().map { PitchName.name(of: $0) }
            add("Held: " + (heldNames.isEmpty ? "-" : heldNames.joined(separator: " "))
                + (model.answerNotes.isEmpty ? "" : "   " + answerColour + "Answer: " + model.answerNotes.sorted().map { PitchName.name(of: $0) }.joined(separator: " ") + reset))
        }
        // Bottom: completions, message, command line.
        var bottom: [String] = []
        if !model.completions.isEmpty {
            bottom.append(dim + fit(model.completions.prefix(40).joined(separator: " | "), width) + reset)
        }
        bottom.append(model.message)
        if case .command(let text) = model.mode {
            bottom.append(":" + text + "\u{2588}")
        } else {
            bottom.append(dim + "press : for commands (program NAME, tempo N, metronome, record, stop, save FILE, play, duet, genie, loops, layout, quit)" + reset)
        }
        let room = max(height - bottom.count, 0)
        if lines.count > room { lines = Array(lines.prefix(room)) }
        while lines.count < room { lines.append("") }
        return (lines + bottom).map { fit($0, width) }
    }

    /// Cuts a line to `width` visible columns (escape sequences take none), resetting attributes.
    static func fit(_ line: String, _ width: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        var cut = false
        for c in line {
            if inEscape {
                out.append(c)
                if c.isLetter { inEscape = false }
                continue
            }
            if c == "\u{1B}" { inEscape = true; out.append(c); continue }
            if visible >= width { cut = true; continue }
            out.append(c)
            visible += 1
        }
        return cut || line.contains("\u{1B}") ? out + reset : out
    }

    static let whiteOffsets = [0, 2, 4, 5, 7, 9, 11]

    /// The drawn keyboard: from the C at or below the lowest playable note, as many white keys as fit
    /// (at most to the layout's top note's octave end, at least two octaves when the width allows).
    static func keyboard(_ model: PianoModel, width: Int) -> [String] {
        let lowest = max(model.basePitch + model.transpose, 0)
        let startC = lowest / 12 * 12
        let top = min(model.basePitch + model.transpose + model.layout.span, 127)
        var whites: [Int] = []
        var p = startC
        while p <= 127 {
            if whiteOffsets.contains(p % 12) { whites.append(p) }
            if p >= top && whiteOffsets.contains(p % 12) && whites.count >= 15 { break }
            p += 1
        }
        let maxWhites = max((width - 1) / 4, 1)
        if whites.count > maxWhites { whites = Array(whites.prefix(maxWhites)) }
        let lit = model.litPitches.union(model.answerNotes)
        /// The colour of a lit key: the answer's own colour unless the player also sounds it.
        func colour(_ p: Int) -> String {
            model.answerNotes.contains(UInt8(p)) && !model.litPitches.contains(UInt8(p)) ? answerColour : litColour
        }
        // Which computer key plays each pitch now (for labels).
        // Where two rows play the same pitch, the upper row's key is shown.
        var keyFor: [Int: Character] = [:]
        for row in model.layout.rows {
            for c in row { if let off = model.layout.offset(of: c) { keyFor[model.basePitch + off + model.transpose] = c } }
        }
        let columns = whites.count * 4 + 1
        // For each column: the black key pitch covering it in the upper rows, if any.
        var blackAt = [Int?](repeating: nil, count: columns)
        for (j, w) in whites.enumerated() where j < whites.count - 1 {
            let pc = w % 12
            if [0, 2, 5, 7, 9].contains(pc) {
                for col in (4 * j + 3)...(4 * j + 5) { blackAt[col] = w + 1 }
            }
        }
        func whiteIndex(_ col: Int) -> Int { min(col / 4, whites.count - 1) }
        func cell(_ col: Int, row: Int) -> String {
            if row < 3, let b = blackAt[col] {
                let isLit = lit.contains(UInt8(b))
                let label = (row == 2 && col % 4 == 0) ? keyFor[b] : nil
                if let label { return (isLit ? colour(b) : "") + String(label) + (isLit ? reset : "") }
                return isLit ? colour(b) + "\u{2592}" + reset : "\u{2588}"
            }
            if col % 4 == 0 { return "\u{2502}" }
            let w = whites[whiteIndex(col)]
            let isLit = lit.contains(UInt8(w))
            if row == 4, col % 4 == 2, let k = keyFor[w] {
                return (isLit ? colour(w) : "") + String(k) + (isLit ? reset : "")
            }
            return isLit ? colour(w) + "\u{2592}" + reset : " "
        }
        var rows: [String] = []
        rows.append("\u{250C}" + String(repeating: "\u{2500}", count: columns - 2) + "\u{2510}")
        for row in 0..<5 {
            rows.append((0..<columns).map { cell($0, row: row) }.joined())
        }
        var bottom = "\u{2514}"
        for j in 0..<whites.count { bottom += "\u{2500}\u{2500}\u{2500}" + (j == whites.count - 1 ? "\u{2518}" : "\u{2534}") }
        rows.append(bottom)
        rows.append(" " + whites.map { PitchName.name(of: UInt8($0)).padding(toLength: 4, withPad: " ", startingAt: 0) }.joined())
        return rows
    }

    static func help(_ model: PianoModel) -> [String] {
        let rows = model.layout.rows
        return [
            bold + "Keys (\(model.layout.name) layout)" + reset,
            "  \(rows.count > 1 ? rows[1] : "")   from C\(model.octave + 1)",
            "  \(rows.first ?? "")   from C\(model.octave)",
            "  Left/Right octave down/up     < >  transpose -1/+1     Up/Down velocity     1 4 8  soft/medium/loud",
            "  Space  sustain pedal on/off   Esc  all notes off, stop playback     ? or F1  this help",
            "  Ctrl-C  quit (an unsaved recording is kept and offered next time)",
            bold + "Commands (type : then Enter; Tab completes)" + reset,
            "  :program violin | :program 41   :channel 1-16   :tempo 96   :metronome [on|off]",
            "  :record   :stop   :save take.mid   :play   :layout tracker|vmpk   :octave 3",
            "  :velocity 100   :transpose -2   :sustain [on|off]   :timeout 600   :quit",
            "  :duet [on|off]  play, pause: the model answers (any key stops it)   :duet bars 4   :duet pause 0.8   :duet model rnn|markov",
            "  :genie [KEY [minor]] | :genie off   a s d f j k l ; become buttons 1-8; the model picks the notes",
            "  :loops [melody|drums]  a grid of loops between 4 corners (your last 4 phrases); arrows choose the looping cell   :loops off",
            "  :loops corner 1-4 FILE.mid   :loops phrases   :loops size 6",
            "Any key closes this help.",
        ]
    }
}

import Foundation
