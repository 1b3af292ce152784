import CALSA
import Composer
import ModelKit
import Representations
import Foundation
import Music
import SMF
import Synth

/// Everything the `piano` command line can set.
public struct PianoOptions: Sendable {
    public var layout: KeyLayout = .tracker
    public var soundFont: String?
    public var device = "default"
    /// nil: `LiveOutputConfiguration.defaultPeriodSize(for:sampleRate:)`.
    public var periodSize: Int?
    public var periods = LiveOutputConfiguration.defaultPeriods
    public var sampleRate = 44100.0
    public var gain = 0.5
    public var reverb = true
    /// Play into this WAV file (FluidSynth's real-time file driver) instead of ALSA.
    public var audioFile: String?
    /// Release timeout (ms) for terminals without the kitty protocol.
    public var releaseTimeout = 600
    /// Use the kitty keyboard protocol when the terminal supports it.
    public var useKitty = true
    public var midiIn = false
    /// "client:port" to connect MIDI input from; nil with `midiIn` connects every hardware input.
    public var midiConnect: String?
    public var journalPath = Journal.defaultPath()
    public var program = 0
    public var channel = 0
    public var octave = 4
    public var velocity = 80
    public var bpm = 120.0
    public init() {}
}

/// Errors that end the piano before it starts, with a message for the user.
public struct PianoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Monotonic seconds.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The running piano: terminal, synth, audio, recorder, metronome, playback, MIDI input.
public final class PianoApp {
    let options: PianoOptions
    var model: PianoModel
    var status = ScreenStatus()
    let synth: Synthesizer
    var output: LiveOutput?
    var midiInput: MIDIInput?

    // Recording.
    var journal: JournalWriter?
    var recordStart = 0.0
    /// The take being recorded or the last one.
    var take: Recording?
    var takeSaved = true

    // Timers.
    var nextClick: Double?
    var beatNumber = 0
    /// Timed messages: playback events and metronome note-offs. (time, message, isPlayback)
    var scheduled: [(time: Double, message: ChannelMessage, playback: Bool)] = []
    var playing = false

    // Key-to-note-on measurements (seconds).
    var keyLatencies: [Double] = []

    /// AI duet, when on.
    var duet: DuetMode?
    /// Loaded melody models, kept for turning modes on again.
    var loadedModels: [MelodyModel.Kind: MelodyModel] = [:]

    var parser = KeyParser()
    /// Keys typed while the terminal was being asked about the kitty protocol.
    var earlyKeys: [KeyEvent] = []
    var running = true
    var exitMessage: [String] = []
    /// The signal (SIGINT, SIGTERM, SIGHUP) that stopped the piano, or 0.
    public private(set) var stoppedBySignal: Int32 = 0

    /// Sets up the synthesizer and audio output. Throws a message-carrying error when the SoundFont
    /// or the audio device is missing (before the terminal is touched).
    public init(options: PianoOptions) throws {
        self.options = options
        model = PianoModel(layout: options.layout, octave: options.octave, velocity: options.velocity,
                           program: options.program, channel: options.channel, bpm: options.bpm,
                           releaseMode: .timeout(milliseconds: options.releaseTimeout))
        synth = try Synthesizer(configuration: SynthesizerConfiguration(
            soundFontPath: options.soundFont, sampleRate: options.sampleRate, gain: options.gain,
            reverb: options.reverb, chorus: false))
        if options.midiIn {
            midiInput = try MIDIInput(connect: options.midiConnect)
        }
        let target: LiveAudioTarget = options.audioFile.map { .file(path: $0) } ?? .alsa(device: options.device)
        let periodSize = options.periodSize ?? LiveOutputConfiguration.defaultPeriodSize(for: target, sampleRate: options.sampleRate)
        let output = try LiveOutput(synthesizer: synth, configuration: LiveOutputConfiguration(
            target: target, periodSize: periodSize, periods: options.periods))
        self.output = output
        LiveOutput.setFluidLogging(false)
        let ms = String(format: "%.1f ms", output.latencyMilliseconds)
        switch target {
        case .alsa(let device):
            status.audio = "ALSA \"\(device)\", \(periodSize) frames x \(options.periods) periods @ \(Int(options.sampleRate)) Hz: latency \(ms)"
        case .file(let path):
            status.audio = "WAV file \(path) (real-time file driver, \(periodSize)-frame periods @ \(Int(options.sampleRate)) Hz: \(ms))"
        }
        status.midiInput = midiInput?.description ?? ""
        _ = synth.send(.programChange(channel: UInt8(options.channel), program: UInt8(options.program)))
    }

    /// Runs until quit. Returns the lines to print after the terminal is restored.
    public func run() throws -> [String] {
        try Terminal.enterRawMode()
        defer {
            Terminal.restore()
        }
        detectKeyboardProtocol()
        if let found = Journal.hasUnsavedRecording(at: options.journalPath) {
            take = found
            takeSaved = false
            model.mode = .recoverPrompt
        }
        var size = Terminal.size()
        redraw(size)
        while running {
            if terminationSignal != 0 {
                let name = terminationSignal == SIGINT ? "SIGINT" : terminationSignal == SIGTERM ? "SIGTERM" : "SIGHUP"
                exitMessage.append("piano: stopped by \(name).")
                stoppedBySignal = terminationSignal
                quit()
                break
            }
            let now = monotonicNow()
            let deadline = [model.nextExpiry, nextClick, scheduled.first?.time, duet?.nextDeadline].compactMap { $0 }.min()
            var timeout = 250.0
            if let deadline { timeout = min(timeout, max((deadline - now) * 1000, 0)) }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            let midiFDs = midiInput?.pollDescriptors() ?? []
            fds += midiFDs
            if let duet { fds.append(pollfd(fd: duet.mailbox.pipe[0], events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(timeout.rounded(.up)))
            var dirty = false
            if ready > 0, let duet, let last = fds.last, last.fd == duet.mailbox.pipe[0], last.revents & Int16(POLLIN) != 0 {
                if let message = duet.collect(now: monotonicNow(), bpm: model.bpm) { model.message = message }
                dirty = true
            }
            if ready > 0 {
                if fds[0].revents & Int16(POLLIN | POLLHUP) != 0 {
                    dirty = readKeys() || dirty
                }
                if !midiFDs.isEmpty, let midiInput {
                    for m in midiInput.read() {
                        dirty = true
                        play(m)
                        if case .noteOn(_, let p, let v) = m, v > 0 { model.externalNotes.insert(p) }
                        if case .noteOn(_, let p, 0) = m { model.externalNotes.remove(p) }
                        if case .noteOff(_, let p, _) = m { model.externalNotes.remove(p) }
                    }
                }
            }
            dirty = timers(now: monotonicNow()) || dirty
            let newSize = Terminal.size()
            if windowChanged != 0 || newSize != size {
                windowChanged = 0
                size = newSize
                Terminal.writeOut("\u{1B}[2J")
                dirty = true
            }
            if status.isRecording || playing { dirty = true }
            if dirty && running { redraw(size) }
        }
        for m in model.allNotesOff() { perform(m) }
        if let duet { for m in duet.cancel() { synth.send(m) } }
        output?.stop()
        return exitMessage
    }

    /// Asks the terminal whether it speaks the kitty keyboard protocol (`CSI ? u`, followed by
    /// Primary Device Attributes, which every terminal answers) and pushes its flags if so.
    func detectKeyboardProtocol() {
        guard options.useKitty else {
            model.message = "Kitty keyboard protocol not used (--no-kitty)."
            return
        }
        Terminal.writeOut("\u{1B}[?u\u{1B}[c")
        let deadline = monotonicNow() + 0.5
        var supported: Bool?
        while supported == nil, monotonicNow() < deadline {
            var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, Int32(max((deadline - monotonicNow()) * 1000, 1))) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = Glibc.read(STDIN_FILENO, &chunk, chunk.count)
            guard n > 0 else { break }
            for input in parser.feed(Array(chunk[0..<n])) {
                switch input {
                case .kittyFlags: supported = true
                case .deviceAttributes: if supported == nil { supported = false }
                case .key(let k): earlyKeys.append(k) // typed while we asked: handled once running
                }
            }
        }
        if supported == true {
            Terminal.pushKittyFlags()
            model.releaseMode = .kitty
        }
    }

    /// Reads and handles pending key bytes. Returns true when the screen should be redrawn.
    func readKeys() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1024)
        let n = Glibc.read(STDIN_FILENO, &chunk, chunk.count)
        let readTime = monotonicNow()
        guard n > 0 else {
            if n == 0 {
                exitMessage.append("piano: the terminal closed.")
                quit()
            }
            return false
        }
        var inputs = parser.feed(Array(chunk[0..<n]))
        if parser.hasPending {
            // An ESC alone is the Escape key unless the rest of a sequence follows at once.
            var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if poll(&fd, 1, 25) > 0 {
                let m = Glibc.read(STDIN_FILENO, &chunk, chunk.count)
                if m > 0 { inputs += parser.feed(Array(chunk[0..<m])) }
            }
            inputs += parser.flush()
        }
        let events = earlyKeys + inputs.compactMap { if case .key(let e) = $0 { e } else { nil } }
        earlyKeys.removeAll()
        for event in events {
            let actions = model.handle(event, now: readTime)
            for action in actions {
                perform(action)
                if case .send(.noteOn) = action {
                    keyLatencies.append(monotonicNow() - readTime)
                }
            }
        }
        if let last = keyLatencies.last {
            let sorted = keyLatencies.suffix(200).sorted()
            status.keyLatency = String(format: "key read -> note-on sent: last %.3f ms, median %.3f ms, max %.3f ms (%d notes)",
                                       last * 1000, sorted[sorted.count / 2] * 1000, sorted.last! * 1000, keyLatencies.count)
        }
        return true
    }

    /// Sends a message the player played to the synth and, while recording, to the journal; the
    /// duet hears it (a note-on silences its answer).
    func play(_ message: ChannelMessage) {
        if let duet, message.channel == UInt8(model.channel) {
            for m in duet.played(message, now: monotonicNow()) { send(m) }
            model.answerNotes = duet.sounding
        }
        send(message)
    }

    /// Sends a message to the synth and, while recording, to the journal.
    func send(_ message: ChannelMessage) {
        synth.send(message)
        if let journal {
            let t = Int(((monotonicNow() - recordStart) * 1e6).rounded())
            take?.entries.append(Recording.Entry(time: t, message: message))
            do { try journal.append(time: t, message: message) } catch {
                model.message = "\(error) -- recording continues in memory only"
            }
        }
    }

    func perform(_ action: PianoAction) {
        switch action {
        case .send(let m): play(m)
        case .perform(let c): perform(c)
        }
    }

    func perform(_ command: PianoCommand) {
        switch command {
        case .record, .recordDiscarding:
            if journal != nil { model.message = "Already recording."; return }
            if command == .record, !takeSaved, let take, take.noteCount > 0 {
                model.message = "The last recording (\(take.noteCount) notes) is unsaved: :save FILE.mid first, or :record! to discard it."
                return
            }
            stopPlayback()
            do {
                let writer = try JournalWriter(path: options.journalPath, bpm: model.bpm)
                journal = writer
                recordStart = monotonicNow()
                take = Recording(startDate: Date(), bpm: model.bpm)
                takeSaved = false
                // The sound at the start: program, sustain.
                play(.programChange(channel: UInt8(model.channel), program: UInt8(model.program)))
                if let duet { send(.programChange(channel: duet.channel, program: UInt8(duet.program))) }
                if model.sustain { play(.controlChange(channel: UInt8(model.channel), controller: 64, value: 127)) }
                status.isRecording = true
                model.message = "Recording (journal \(options.journalPath)). :stop to end, :save FILE.mid to keep it."
            } catch {
                model.message = "\(error)"
            }
        case .stop:
            if let duet, !duet.sounding.isEmpty || duet.generating || !duet.pending.isEmpty {
                for m in duet.cancel() { send(m) }
                model.answerNotes = []
            }
            if journal != nil { stopRecording() } else if playing {
                stopPlayback()
                model.message = "Playback stopped."
            }
        case .save(let path):
            if journal != nil { stopRecording() }
            guard let take, take.noteCount > 0 else {
                model.message = "Nothing recorded yet: :record, play, :stop, then :save FILE.mid"
                return
            }
            do {
                try take.score().write(to: URL(fileURLWithPath: path))
                takeSaved = true
                Journal.remove(at: options.journalPath)
                model.message = "Saved \(take.noteCount) notes to \(path)."
            } catch {
                model.message = "Could not save \(path): \(error)"
            }
        case .play:
            if journal != nil { stopRecording() }
            guard let take, take.noteCount > 0 else { model.message = "Nothing recorded to play."; return }
            stopPlayback()
            let start = monotonicNow() + 0.05
            scheduled += take.playbackEvents.map { (start + Double($0.time) / 1e6, $0.message, true) }
            scheduled.sort { $0.time < $1.time }
            playing = true
            model.message = "Playing the recording (\(take.noteCount) notes). Esc or :stop stops."
        case .metronome(let on):
            if on == true {
                nextClick = monotonicNow()
                beatNumber = 0
            } else {
                nextClick = nil
            }
        case .tempo:
            break // the next click uses the new tempo
        case .quit:
            quit()
        case .duet(let setting):
            setDuet(setting)
        case .genie(let key):
            guard let key else { return }
            guard let markov = melodyModel(.markov), case .markov(let m) = markov else { return }
            for a in model.allNotesOff() { perform(a) }
            model.genie = GenieDecoder(model: m, key: key, temperature: 0.5, seed: UInt64(Date().timeIntervalSince1970))
            model.message = "Genie ON in \(key): a s d f j k l ; are buttons 1-8, low to high"
        case .recover(let save):
            guard let take else { return }
            if save {
                let name = "recovered-\(Self.stamp(take.startDate ?? Date())).mid"
                do {
                    try take.score().write(to: URL(fileURLWithPath: name))
                    takeSaved = true
                    Journal.remove(at: options.journalPath)
                    model.message = "Recovered \(take.noteCount) notes into \(name)."
                } catch {
                    model.message = "Could not write \(name): \(error)"
                }
            } else {
                Journal.remove(at: options.journalPath)
                self.take = nil
                takeSaved = true
                model.message = "Discarded the unsaved recording."
            }
        default:
            for a in model.apply(command) { perform(a) }
        }
    }

    /// A melody model, loaded once; nil (with a message on the screen) when it cannot be found.
    func melodyModel(_ kind: MelodyModel.Kind) -> MelodyModel? {
        if let m = loadedModels[kind] { return m }
        do {
            let m = try ModelCatalog.loadMelody(kind)
            loadedModels[kind] = m
            return m
        } catch {
            model.message = "\(error)"
            return nil
        }
    }

    func setDuet(_ setting: DuetSetting) {
        switch setting {
        case .enabled(let on):
            if on == false || (on == nil && duet != nil) {
                if let duet { for m in duet.cancel() { send(m) } }
                duet = nil
                model.answerNotes = []
                status.duet = ""
                model.message = "Duet off"
                return
            }
            if duet != nil { return }
            let kind: MelodyModel.Kind = (try? ModelCatalog.locate(.melodyRNN)) != nil ? .rnn : .markov
            guard let m = melodyModel(kind) ?? melodyModel(.markov) else { return }
            var channel = (model.channel + 1) % 16
            if channel == 9 { channel = 10 }
            let d = DuetMode(model: m, channel: UInt8(channel))
            duet = d
            send(.programChange(channel: d.channel, program: UInt8(d.program)))
            model.message = "Duet ON: play a phrase and pause; the \(m.kind) model answers (any key stops it)"
        case .bars(let n):
            duet?.bars = n
            model.message = duet == nil ? "Duet is off (:duet on)" : "Duet answers \(n) bars"
        case .pause(let seconds):
            duet?.pause = seconds
            model.message = duet == nil ? "Duet is off (:duet on)" : "Duet answers after \(seconds.formatted()) s of silence"
        case .model(let kind):
            guard let duet else { model.message = "Duet is off (:duet on)"; return }
            guard let m = melodyModel(kind) else { return }
            duet.model = m
            model.message = "Duet answers with the \(kind) model"
        }
        status.duet = duet?.summary ?? ""
    }

    func stopRecording() {
        guard let journal else { return }
        let t = Int(((monotonicNow() - recordStart) * 1e6).rounded())
        take?.stopTime = t
        try? journal.stop(time: t)
        journal.close()
        self.journal = nil
        status.isRecording = false
        model.message = "Stopped: \(take?.noteCount ?? 0) notes recorded. :save FILE.mid keeps them, :play plays them."
        updateRecordingStatus()
    }

    func stopPlayback() {
        guard playing else { return }
        for e in scheduled where e.playback {
            if case .noteOff = e.message { synth.send(e.message) }
        }
        scheduled.removeAll { $0.playback }
        model.externalNotes.removeAll()
        playing = false
    }

    func quit() {
        if journal != nil { stopRecording() }
        stopPlayback()
        running = false
        if let take, !takeSaved, take.noteCount > 0 {
            exitMessage.append("piano: the unsaved recording (\(take.noteCount) notes) is kept in \(options.journalPath).")
            exitMessage.append("       Start piano again to be offered it, or write it now: piano --recover --out take.mid")
        }
    }

    /// Fires due timers: release timeouts, metronome clicks, playback events.
    func timers(now: Double) -> Bool {
        var dirty = false
        for a in model.expire(now: now) { perform(a); dirty = true }
        if let click = nextClick, click <= now {
            let accent = beatNumber % 4 == 0
            let note: UInt8 = accent ? 76 : 77
            synth.send(.noteOn(channel: 9, note: note, velocity: accent ? 110 : 80))
            scheduled.append((now + 0.08, .noteOff(channel: 9, note: note, velocity: 0), false))
            scheduled.sort { $0.time < $1.time }
            beatNumber += 1
            var next = click + 60 / model.bpm
            if next < now { next = now + 60 / model.bpm }
            nextClick = next
        }
        while let first = scheduled.first, first.time <= now {
            scheduled.removeFirst()
            synth.send(first.message)
            if first.playback {
                dirty = true
                switch first.message {
                case .noteOn(_, let p, let v) where v > 0: model.externalNotes.insert(p)
                case .noteOn(_, let p, _), .noteOff(_, let p, _): model.externalNotes.remove(p)
                default: break
                }
            }
        }
        if let duet {
            _ = duet.checkPause(now: now, bpm: model.bpm)
            let messages = duet.due(now: now)
            for m in messages { send(m) }
            if !messages.isEmpty { model.answerNotes = duet.sounding }
            let summary = duet.summary
            if summary != status.duet { status.duet = summary; dirty = true }
            if !messages.isEmpty { dirty = true }
        }
        if playing, !scheduled.contains(where: { $0.playback }) {
            playing = false
            model.externalNotes.removeAll()
            model.message = "Playback finished."
            dirty = true
        }
        updateRecordingStatus()
        return dirty
    }

    func updateRecordingStatus() {
        if journal != nil {
            let t = monotonicNow() - recordStart
            status.recording = String(format: "REC %02d:%04.1f  %d notes", Int(t) / 60, t.truncatingRemainder(dividingBy: 60), take?.noteCount ?? 0)
        } else if playing {
            status.recording = "PLAYING the recording"
        } else if let take, take.noteCount > 0 {
            status.recording = "Not recording. Last take: \(take.noteCount) notes, \(takeSaved ? "saved" : "UNSAVED (kept in the journal)")"
        } else {
            status.recording = "Not recording (:record starts)"
        }
    }

    func redraw(_ size: (width: Int, height: Int)) {
        updateRecordingStatus()
        Terminal.draw(Screen.render(model, status: status, width: size.width, height: size.height))
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }

    /// `piano --recover`: writes the journal's recording to `out` (default recovered-DATE.mid) and
    /// removes the journal. Returns a message for the user.
    public static func recover(journalPath: String, out: String?) throws -> String {
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw PianoError("No recording journal at \(journalPath): nothing to recover.")
        }
        let take = try Journal.read(path: journalPath)
        guard take.noteCount > 0 else {
            throw PianoError("The journal \(journalPath) holds no notes: nothing to recover.")
        }
        let path = out ?? "recovered-\(stamp(take.startDate ?? Date())).mid"
        let score = take.score()
        try score.write(to: URL(fileURLWithPath: path))
        Journal.remove(at: journalPath)
        return String(format: "Recovered %d notes (%.1f s) from %@ into %@.", take.noteCount, score.durationSeconds, journalPath, path)
    }
}
