import TestSupport
import Composer
@testable import ModelKit
@testable import Representations
import Foundation
import Music
@testable import Piano
import SMF
import Testing

/// The shipped models, from the repository's Models/ folder, loaded once.
enum PianoTestModels {
    static let folder = TestPaths.packageRoot.appendingPathComponent("Models")
    static let markov: MelodyModel? = try? MelodyModel.load(.markov, file: folder.appendingPathComponent("melody-markov.json"))
    static let rnn: MelodyModel? = try? MelodyModel.load(.rnn, file: folder.appendingPathComponent("melody-rnn.json"))
}

@Suite("Duet and genie (piano)")
struct DuetGenieTests {
    /// Plays C4 D4 E4 F4 G4 A4 G4 F4 E4 D4 C4 as eighths at 120 bpm (0.25 s apart, 0.2 s long) from t = 100.
    func playPhrase(_ duet: DuetMode) -> Double {
        let pitches: [UInt8] = [60, 62, 64, 65, 67, 69, 67, 65, 64, 62, 60]
        var t = 100.0
        for p in pitches {
            _ = duet.played(.noteOn(channel: 0, note: p, velocity: 80), now: t)
            _ = duet.played(.noteOff(channel: 0, note: p, velocity: 0), now: t + 0.2)
            t += 0.25
        }
        return t - 0.25 + 0.2   // the last note-off
    }

    func waitForAnswer(_ duet: DuetMode) -> Bool {
        var fd = pollfd(fd: duet.mailbox.pipe[0], events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 20_000) == 1
    }

    @Test func phraseIsQuantizedToSteps() {
        let notes = [DuetMode.PlayedNote(pitch: 60, on: 10, off: 10.4), DuetMode.PlayedNote(pitch: 62, on: 10.5, off: 10.9),
                     DuetMode.PlayedNote(pitch: 64, on: 11, off: 11.4)]
        // 120 bpm: a step is 0.125 s; 0.4 s rounds to 3 steps, the gaps to one-step rests.
        #expect(DuetMode.primer(of: notes, bpm: 120) == [PrimerNote(pitch: 60, steps: 3), PrimerNote(pitch: nil, steps: 1),
                                                          PrimerNote(pitch: 62, steps: 3), PrimerNote(pitch: nil, steps: 1),
                                                          PrimerNote(pitch: 64, steps: 3)])
        // Only the last 4 bars (8 s at 120 bpm) are kept.
        let long = notes + [DuetMode.PlayedNote(pitch: 67, on: 30, off: 30.5)]
        #expect(DuetMode.primer(of: long, bpm: 120) == [PrimerNote(pitch: 67, steps: 4)])
    }

    func answerTiming(_ model: MelodyModel) throws {
        let duet = DuetMode(model: model, channel: 1)
        let end = playPhrase(duet)
        #expect(duet.pauseDeadline == end + 0.8)
        #expect(!duet.checkPause(now: end + 0.79, bpm: 120))
        let detected = end + 0.8
        #expect(duet.checkPause(now: detected, bpm: 120))
        #expect(duet.phrase.isEmpty)           // consumed
        #expect(duet.pauseDeadline == nil)     // no second answer while this one is on its way
        try #require(waitForAnswer(duet))
        let ready = detected + 0.05
        let message = try #require(duet.collect(now: ready, bpm: 120))
        #expect(message.contains("in C major, 2 bars"))
        let events = duet.pending
        let ons = events.filter { if case .noteOn = $0.message { true } else { false } }
        // The answer starts at once, on channel 2, and lasts at most 2 bars (4 s at 120 bpm).
        #expect(ons.first?.time == ready)
        #expect(events.allSatisfy { $0.message.channel == 1 })
        #expect(events.last!.time <= ready + 4.0)
        #expect(ons.count == events.count / 2)
        // Every note is in C major and the last one is C.
        let pitches = ons.compactMap { if case .noteOn(_, let p, _) = $0.message { Int(p) } else { nil } }
        #expect(pitches.allSatisfy { Key(tonic: 0, mode: .major).contains(pitchClass: $0) })
        #expect(pitches.last! % 12 == 0)
        // Onsets on the 16th-note grid at 120 bpm (0.125 s).
        for on in ons {
            let steps = (on.time - ready) / 0.125
            #expect(abs(steps - steps.rounded()) < 1e-9)
        }
        // Play the first note; then a key press stops the answer.
        let first = duet.due(now: ready)
        #expect(first.count == 1)
        #expect(duet.latencies.count == 1)
        #expect(duet.sounding.count == 1)
        let silence = duet.played(.noteOn(channel: 0, note: 72, velocity: 80), now: ready + 0.01)
        #expect(silence == [.noteOff(channel: 1, note: UInt8(pitches[0]), velocity: 0)])
        #expect(duet.pending.isEmpty && duet.sounding.isEmpty)
        #expect(duet.phrase.count == 1)        // the press starts the next phrase
    }

    @Test func markovAnswerKeyLengthAndTiming() throws {
        try answerTiming(try #require(PianoTestModels.markov))
    }

    @Test func rnnAnswerKeyLengthAndTiming() throws {
        try answerTiming(try #require(PianoTestModels.rnn))
    }

    @Test func pressWhileThinkingDropsTheAnswer() throws {
        let duet = DuetMode(model: try #require(PianoTestModels.markov), channel: 1)
        let end = playPhrase(duet)
        #expect(duet.checkPause(now: end + 0.8, bpm: 120))
        _ = duet.played(.noteOn(channel: 0, note: 60, velocity: 80), now: end + 0.81)
        try #require(waitForAnswer(duet))
        #expect(duet.collect(now: end + 1, bpm: 120) == nil)   // stale: dropped
        #expect(duet.pending.isEmpty)
    }

    @Test func genieKeysAreButtons() throws {
        guard case .markov(let markov)? = PianoTestModels.markov else { Issue.record("no shipped Markov model"); return }
        var m = PianoModel(releaseMode: .kitty)
        m.genie = GenieDecoder(model: markov, key: Key(tonic: 7, mode: .major), temperature: 0.5, seed: 9)
        var pitches: [Int] = []
        var t = 0.0
        for key: Character in ["a", "d", "f", "l", ";", "j", "s", "s", "a"] {
            let actions = m.handle(KeyEvent(.char(key)), now: t)
            guard case .send(.noteOn(0, let p, 80))? = actions.first else { Issue.record("no note-on for \(key): \(actions)"); return }
            pitches.append(Int(p))
            #expect(m.handle(KeyEvent(.char(key), kind: .release), now: t + 0.2) == [.send(.noteOff(channel: 0, note: p, velocity: 0))])
            t += 0.25
        }
        let buttons = [1, 3, 4, 7, 8, 5, 2, 2, 1]
        for i in 1..<buttons.count {
            let db = buttons[i] - buttons[i - 1], dp = pitches[i] - pitches[i - 1]
            #expect(db == 0 ? abs(dp) <= 2 : db.signum() == dp.signum(), "\(pitches)")
        }
        #expect(pitches.allSatisfy { Key(tonic: 7, mode: .major).contains(pitchClass: $0) })
        // Other note keys still play their notes; genie off gives a s d ... back to the layout.
        #expect(m.handle(KeyEvent(.char("z")), now: t) == [.send(.noteOn(channel: 0, note: 60, velocity: 80))])
        _ = m.apply(.genie(nil))
        #expect(m.genie == nil)
        #expect(m.handle(KeyEvent(.char("s")), now: t + 1) == [.send(.noteOn(channel: 0, note: 61, velocity: 80))])
    }

    @Test func duetAndGenieCommandsParse() throws {
        #expect(try CommandParser.parse("duet").get() == .duet(.enabled(nil)))
        #expect(try CommandParser.parse("duet on").get() == .duet(.enabled(true)))
        #expect(try CommandParser.parse("duet off").get() == .duet(.enabled(false)))
        #expect(try CommandParser.parse("duet bars 4").get() == .duet(.bars(4)))
        #expect(try CommandParser.parse("duet pause 1.5").get() == .duet(.pause(1.5)))
        #expect(try CommandParser.parse("duet model markov").get() == .duet(.model(.markov)))
        #expect(throws: CommandError.self) { try CommandParser.parse("duet bars 99").get() }
        #expect(try CommandParser.parse("genie").get() == .genie(Key(tonic: 0, mode: .major)))
        #expect(try CommandParser.parse("genie d minor").get() == .genie(Key(tonic: 2, mode: .minor)))
        #expect(try CommandParser.parse("genie Bb").get() == .genie(Key(tonic: 10, mode: .major)))
        #expect(try CommandParser.parse("genie off").get() == .genie(nil))
        #expect(throws: CommandError.self) { try CommandParser.parse("genie H").get() }
    }
}
