import Foundation
import Music
@testable import Piano
import SMF
import Testing

@Suite("Piano model")
struct ModelTests {
    func press(_ c: Character, _ kind: KeyEventKind = .press) -> KeyEvent { KeyEvent(.char(c), kind: kind) }

    @Test func kittyNotesLastWhileHeld() {
        var m = PianoModel(releaseMode: .kitty)
        #expect(m.handle(press("z"), now: 0) == [.send(.noteOn(channel: 0, note: 60, velocity: 80))])
        #expect(m.handle(press("c"), now: 0.1) == [.send(.noteOn(channel: 0, note: 64, velocity: 80))])
        #expect(m.handle(press("z", .repeat), now: 0.6) == [])
        #expect(m.litPitches == [60, 64])
        #expect(m.expire(now: 100) == []) // no timeouts in kitty mode
        #expect(m.handle(press("z", .release), now: 1.0) == [.send(.noteOff(channel: 0, note: 60, velocity: 0))])
        #expect(m.heldPitches == [64])
    }

    @Test func releaseUsesThePitchThatWasPlayed() {
        var m = PianoModel(releaseMode: .kitty)
        _ = m.handle(press("z"), now: 0)
        _ = m.handle(KeyEvent(.right), now: 0.1) // octave up while z is held
        #expect(m.octave == 5)
        #expect(m.handle(press("z", .release), now: 0.2) == [.send(.noteOff(channel: 0, note: 60, velocity: 0))])
        #expect(m.handle(press("z"), now: 0.3) == [.send(.noteOn(channel: 0, note: 72, velocity: 80))])
    }

    @Test func timeoutModeEndsNotesAndRepeatRefreshes() {
        var m = PianoModel(releaseMode: .timeout(milliseconds: 500))
        #expect(m.handle(press("n"), now: 10) == [.send(.noteOn(channel: 0, note: 69, velocity: 80))])
        #expect(m.nextExpiry == 10.5)
        #expect(m.expire(now: 10.4) == [])
        // Auto-repeat (same key, as a press) refreshes rather than restarting.
        #expect(m.handle(press("n"), now: 10.45) == [])
        #expect(m.nextExpiry == 10.95)
        #expect(m.expire(now: 10.9) == [])
        #expect(m.expire(now: 10.95) == [.send(.noteOff(channel: 0, note: 69, velocity: 0))])
        #expect(m.nextExpiry == nil)
        #expect(m.litPitches.isEmpty)
    }

    @Test func timeoutModeLearnsTheRepeatDelayAndRestrikesNewPresses() {
        var m = PianoModel(releaseMode: .timeout(milliseconds: 600))
        let on = PianoAction.send(.noteOn(channel: 0, note: 60, velocity: 80))
        let off = PianoAction.send(.noteOff(channel: 0, note: 60, velocity: 0))
        #expect(m.handle(press("z"), now: 0) == [on])
        #expect(m.handle(press("z"), now: 0.5) == [])   // first repeat or second press? unknown: keep sounding
        #expect(m.handle(press("z"), now: 0.53) == [])  // fast repeats: it was the first repeat
        #expect(m.handle(press("z"), now: 0.56) == [])
        #expect(m.learnedRepeatDelay == 0.5)
        #expect(m.expire(now: 1.15) == [])
        #expect(m.expire(now: 1.17) == [off])
        #expect(m.handle(press("z"), now: 2.0) == [on])
        #expect(m.handle(press("z"), now: 2.2) == [off, on]) // 0.2 s is not the repeat delay: a new press
        #expect(m.handle(press("z"), now: 2.7) == [])        // 0.5 s: the first repeat
        #expect(m.handle(press("z"), now: 2.73) == [])
        #expect(m.handle(press("z"), now: 2.9) == [off, on]) // a pause in the repeats: pressed again
        #expect(m.heldPitches == [60])
    }

    @Test func shiftedCharactersAreNotNotes() {
        var m = PianoModel()
        #expect(m.handle(KeyEvent(.char("Z"), shift: true), now: 0) == [])
        #expect(m.handle(KeyEvent(.char("?"), shift: true), now: 0) == [])
        #expect(m.mode == .help)
        #expect(m.handle(KeyEvent(.char("?"), shift: true), now: 0) == [])
        #expect(m.mode == .play)
    }

    @Test func controlKeys() {
        var m = PianoModel()
        #expect(m.handle(KeyEvent(.char(" ")), now: 0) == [.send(.controlChange(channel: 0, controller: 64, value: 127))])
        #expect(m.sustain)
        _ = m.handle(KeyEvent(.up), now: 0)
        #expect(m.velocity == 96)
        _ = m.handle(KeyEvent(.down), now: 0)
        _ = m.handle(KeyEvent(.down), now: 0)
        #expect(m.velocity == 64)
        _ = m.handle(KeyEvent(.char("8")), now: 0)
        #expect(m.velocity == 120)
        _ = m.handle(KeyEvent(.char(">"), shift: true), now: 0)
        _ = m.handle(KeyEvent(.char(">"), shift: true), now: 0)
        #expect(m.transpose == 2)
        #expect(m.handle(press("z"), now: 0) == [.send(.noteOn(channel: 0, note: 62, velocity: 120))])
        _ = m.handle(KeyEvent(.left), now: 0)
        #expect(m.octave == 3)
        #expect(m.handle(KeyEvent(.ctrl("c")), now: 0) == [.perform(.quit)])
    }

    func type(_ m: inout PianoModel, _ text: String) -> [PianoAction] {
        var actions: [PianoAction] = []
        for c in text {
            let event: KeyEvent = c == "\r" ? KeyEvent(.enter) : c == "\t" ? KeyEvent(.tab) : KeyEvent(.char(c), shift: KeyParser.unshifted(c) != c)
            actions += m.handle(event, now: 0)
        }
        return actions
    }

    @Test func commandLineProgramByName() {
        var m = PianoModel()
        #expect(type(&m, ":program violin\r") == [.send(.programChange(channel: 0, program: 40))])
        #expect(m.program == 40)
        #expect(m.mode == .play)
        #expect(m.message == "Program 41: Violin")
    }

    @Test func commandLineTabCompletion() {
        var m = PianoModel()
        _ = type(&m, ":prog\tvioli\t")
        #expect(m.mode == .command("program Violin"))
        _ = type(&m, "\r")
        #expect(m.program == 40)
        _ = type(&m, ":program tr\t")
        // Trombone, Trumpet, Tremolo Strings, ...: ambiguous, candidates listed.
        #expect(m.completions.contains("Trumpet"))
        #expect(m.completions.contains("Trombone"))
        #expect(m.mode == .command("program tr"))
    }

    @Test func commandsNotesDuringCommandAreText() {
        var m = PianoModel()
        // Typing in the command line must not play notes.
        #expect(type(&m, ":zxc") == [])
        #expect(m.heldPitches.isEmpty)
        _ = m.handle(KeyEvent(.escape), now: 0)
        #expect(m.mode == .play)
    }

    @Test func commandErrorsShowAMessage() {
        var m = PianoModel()
        #expect(type(&m, ":program kazoo\r") == [])
        #expect(m.message.contains("kazoo"))
        #expect(type(&m, ":frobnicate\r") == [])
        #expect(m.message.hasPrefix("unknown command"))
    }

    @Test func appCommandsArePassedOn() {
        var m = PianoModel()
        #expect(type(&m, ":record\r") == [.perform(.record)])
        #expect(type(&m, ":stop\r") == [.perform(.stop)])
        #expect(type(&m, ":save take\r") == [.perform(.save("take.mid"))])
        #expect(type(&m, ":play\r") == [.perform(.play)])
        #expect(type(&m, ":q\r") == [.perform(.quit)])
        #expect(type(&m, ":tempo 96\r") == [.perform(.tempo(96))])
        #expect(m.bpm == 96)
        #expect(type(&m, ":metronome\r") == [.perform(.metronome(true))])
        #expect(type(&m, ":metronome off\r") == [.perform(.metronome(false))])
        #expect(type(&m, ":layout vmpk\r") == [])
        #expect(m.layout == .vmpk)
    }

    @Test func recoverPrompt() {
        var m = PianoModel()
        m.mode = .recoverPrompt
        #expect(m.handle(press("z"), now: 0) == []) // no notes while asking
        #expect(m.handle(press("y"), now: 0) == [.perform(.recover(save: true))])
        #expect(m.mode == .play)
    }
}

@Suite("Command parsing")
struct CommandParserTests {
    func parse(_ s: String) -> PianoCommand? { try? CommandParser.parse(s).get() }

    @Test func programs() {
        #expect(parse("program violin") == .program(40))
        #expect(parse("program 41") == .program(40))
        #expect(parse("p 1") == .program(0))
        #expect(parse("program Acoustic Grand Piano") == .program(0))
        #expect(parse("program 0") == nil)
        #expect(parse("program 129") == nil)
        #expect(parse("program") == nil)
    }

    @Test func others() {
        #expect(parse("channel 10") == .channel(9))
        #expect(parse("channel 17") == nil)
        #expect(parse("tempo 90.5") == .tempo(90.5))
        #expect(parse("tempo 5") == nil)
        #expect(parse("metronome on") == .metronome(true))
        #expect(parse("metro") == .metronome(nil))
        #expect(parse("metronome maybe") == nil)
        #expect(parse("record") == .record)
        #expect(parse("record!") == .recordDiscarding)
        #expect(parse("  stop  ") == .stop)
        #expect(parse("save /tmp/x.mid") == .save("/tmp/x.mid"))
        #expect(parse("save my take") == .save("my take.mid"))
        #expect(parse("save") == nil)
        #expect(parse("layout tracker") == .layout("tracker"))
        #expect(parse("layout dvorak") == nil)
        #expect(parse("octave 3") == .octave(3))
        #expect(parse("velocity 100") == .velocity(100))
        #expect(parse("transpose -5") == .transpose(-5))
        #expect(parse("sustain off") == .sustain(false))
        #expect(parse("timeout 300") == .releaseTimeout(300))
        #expect(parse("quit") == .quit)
        #expect(parse("help") == .help)
        #expect(parse("") == nil)
    }

    @Test func completion() {
        #expect(CommandParser.complete("met").line == "metronome ")
        #expect(CommandParser.complete("s").candidates == ["stop", "save", "sustain"])
        #expect(CommandParser.complete("program acoustic gr").line == "program Acoustic Grand Piano")
        #expect(CommandParser.complete("program vio").line == "program Viol")
        #expect(CommandParser.complete("layout v").line == "layout vmpk")
        #expect(CommandParser.complete("program xyzzy").candidates == [])
    }
}

@Suite("Screen")
struct ScreenTests {
    @Test func litKeysAndHeldNames() {
        var m = PianoModel(releaseMode: .kitty)
        _ = m.handle(KeyEvent(.char("z")), now: 0)
        _ = m.handle(KeyEvent(.char("s")), now: 0)
        let lines = Screen.render(m, status: ScreenStatus(), width: 80, height: 30).map(strip)
        #expect(lines.count == 30)
        #expect(lines.contains("Held: C4 C#4"))
        let keyboard = lines.first { $0.hasPrefix("\u{2502}") }!
        // C4 (first white key) and C#4 (first black key) are drawn lit.
        #expect(keyboard.hasPrefix("\u{2502}\u{2592}\u{2592}\u{2592}\u{2592}"))
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.contains { $0.hasPrefix(" C4  D4  E4") })
    }

    @Test func narrowTerminalStillFits() {
        let m = PianoModel()
        let lines = Screen.render(m, status: ScreenStatus(), width: 40, height: 12).map(strip)
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { $0.count <= 40 })
    }

    func strip(_ s: String) -> String {
        var out = ""
        var esc = false
        for c in s {
            if esc { if c.isLetter { esc = false }; continue }
            if c == "\u{1B}" { esc = true; continue }
            out.append(c)
        }
        return out
    }
}
