import Foundation
import Music
import SMF
import Testing

/// `:duet on` and `:genie` in the running piano (in the end-to-end suite, so it never runs at the
/// same time as the other tmux tests).
extension EndToEndTests {
    @Test func duetAnswersAndGeniePlaysAndBothAreRecorded() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "150"], width: 120)
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        s.command("duet on")
        var screen = s.waitFor("Duet ON: ", 20)
        #expect(screen.contains("Duet ON: "))
        s.command("duet model markov")
        s.waitFor("Duet answers with the markov model", 20)
        s.command("record")
        s.waitFor("REC ")
        for key in ["z", "c", "b", "c", "z"] {     // C4 E4 G4 E4 C4
            s.type(key)
            Thread.sleep(forTimeInterval: 0.2)
        }
        // After 0.8 s of silence the answer plays, lit in its own colour and named on the Held line.
        screen = s.waitFor("Answer: ", 15)
        #expect(screen.contains("Answer: "))
        #expect(screen.contains("Duet: answering with"))
        screen = s.waitFor("median", 15)
        #expect(screen.contains("pause->answer"))
        // Genie: a d f are buttons 1, 3, 4.
        s.command("genie G")
        screen = s.waitFor("Genie ON (G major)", 20)
        #expect(screen.contains("a s d f j k l ; are buttons 1-8"))
        for key in ["a", "d", "f"] {
            s.type(key)
            Thread.sleep(forTimeInterval: 0.25)
        }
        s.command("duet off")
        s.waitFor("Duet off")
        s.command("save take")
        screen = s.waitFor("Saved ", 10)
        #expect(screen.contains("Saved "))
        s.command("quit")
        #expect(s.waitForExit().contains("PIANO-EXIT=0"))
        let score = try Score(contentsOf: URL(fileURLWithPath: s.dir + "/take.mid"))
        let notes = score.allNotes.sorted { $0.start < $1.start }
        let played = notes.filter { $0.channel == 0 }.map(\.pitch)
        let answer = notes.filter { $0.channel == 1 }
        #expect(Array(played.prefix(5)) == [60, 64, 67, 64, 60])
        #expect(!answer.isEmpty)
        #expect(answer.allSatisfy { Key(tonic: 0, mode: .major).contains(pitchClass: Int($0.pitch)) })
        #expect(score.parts.flatMap(\.programs).contains(11))        // Vibraphone on the answer's channel
        // The genie notes: three, rising (buttons 1 < 3 < 4), in G major.
        let genie = Array(played.dropFirst(5))
        #expect(genie.count == 3)
        if genie.count == 3 {
            #expect(genie[0] < genie[1] && genie[1] < genie[2])
            #expect(genie.allSatisfy { Key(tonic: 7, mode: .major).contains(pitchClass: Int($0)) })
        }
    }
}
