import Composer
import Foundation
@testable import Piano
import Testing

/// `:loops` commands, and the keys while the grid shows.
@Suite("Piano loops: commands and keys")
struct LoopsCommandTests {
    func parse(_ line: String) -> PianoCommand? { try? CommandParser.parse(line).get() }
    func failure(_ line: String) -> String? {
        if case .failure(let e) = CommandParser.parse(line) { return e.message }
        return nil
    }

    @Test func loopsCommandsParse() {
        #expect(parse("loops") == .loops(.enabled(true)))
        #expect(parse("loops on") == .loops(.enabled(true)))
        #expect(parse("loop off") == .loops(.enabled(false)))
        #expect(parse("loops drums") == .loops(.kind(.drums)))
        #expect(parse("loops Melody") == .loops(.kind(.melody)))
        #expect(parse("loops kind drums") == .loops(.kind(.drums)))
        #expect(parse("loops phrases") == .loops(.phrases))
        #expect(parse("loops size 4") == .loops(.size(4)))
        #expect(parse("loops corner 2 take.mid") == .loops(.corner(1, path: "take.mid")))
        #expect(parse("loops corner d my tune.mid") == .loops(.corner(3, path: "my tune.mid")))
        #expect(parse("loops corner 2 \"/tmp/a tune.mid\"") == .loops(.corner(1, path: "/tmp/a tune.mid")))
        #expect(parse("loops corner b '/tmp/a tune.mid'") == .loops(.corner(1, path: "/tmp/a tune.mid")))
        #expect(parse("loops corner 2 \"half.mid") == .loops(.corner(1, path: "\"half.mid")))
        #expect(parse("save \"my take\"") == .save("my take.mid"))
    }

    @Test func badLoopsCommandsSayWhatIsWrongInOneLine() {
        #expect(failure("loops corner 5 x.mid") == "the corner must be 1-4 or A-D, got \"5\"")
        #expect(failure("loops corner 0 x.mid") == "the corner must be 1-4 or A-D, got \"0\"")
        #expect(failure("loops corner 2")?.hasPrefix("usage: :loops corner 1-4 FILE.mid") == true)
        #expect(failure("loops size 1") == "the grid size must be a whole number 2...16, got \"1\"")
        #expect(failure("loops size 17") == "the grid size must be a whole number 2...16, got \"17\"")
        #expect(failure("loops kind piano") == "usage: :loops kind melody|drums")
        #expect(failure("loops sideways") == CommandParser.loopsUsage)
        #expect(failure("loops off now") == CommandParser.loopsUsage)
        for line in ["loops corner 5 x.mid", "loops size 1", "loops sideways"] { #expect(failure(line)?.contains("\n") == false) }
    }

    @Test func aCornersReportStaysWhenItsGridArrives() {
        let ready = "6 x 6 melody loops in 55 ms"
        #expect(PianoApp.gridReadyMessage(ready, after: "Corner A: jig.mid: track 1, 11 of 76 notes; computing the grid...")
                == "Corner A: jig.mid: track 1, 11 of 76 notes; 6 x 6 melody loops in 55 ms")
        #expect(PianoApp.gridReadyMessage(ready, after: "Loops on.")
                == "6 x 6 melody loops in 55 ms: arrows choose a cell; it plays from the next bar line")
    }

    @Test func loopsCompletes() {
        #expect(CommandParser.complete("loo").line == "loops ")
        #expect(CommandParser.complete("loops dr").line == "loops drums")
        #expect(CommandParser.complete("loops c").line == "loops corner")
    }

    @Test func arrowsMoveTheSelectionAndEscLeavesWhileTheGridShows() {
        var m = PianoModel(releaseMode: .kitty)
        #expect(m.handle(KeyEvent(.left), now: 0) == [])          // without the grid: octave down
        #expect(m.octave == 3)
        m.loopsShown = true
        #expect(m.handle(KeyEvent(.left), now: 1) == [.perform(.loops(.move(rows: 0, columns: -1)))])
        #expect(m.handle(KeyEvent(.right), now: 1) == [.perform(.loops(.move(rows: 0, columns: 1)))])
        #expect(m.handle(KeyEvent(.up), now: 1) == [.perform(.loops(.move(rows: -1, columns: 0)))])
        #expect(m.handle(KeyEvent(.down, kind: .repeat), now: 1) == [.perform(.loops(.move(rows: 1, columns: 0)))])
        #expect(m.octave == 3)
        // Notes still play over the loop; Esc ends them and leaves the grid.
        #expect(m.handle(KeyEvent(.char("z")), now: 2) == [.send(.noteOn(channel: 0, note: 48, velocity: 80))])
        #expect(m.handle(KeyEvent(.escape), now: 3) == [.send(.noteOff(channel: 0, note: 48, velocity: 0)), .perform(.loops(.enabled(false)))])
        // Typed as a command it goes to the application.
        m.loopsShown = false
        #expect(m.apply(.loops(.size(5))) == [.perform(.loops(.size(5)))])
    }
}
