import Composer
import Foundation
import Music
import SMF
import Synth

/// Monotonic seconds.
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The running piano: terminal, synth, audio, recorder, metronome, playback, MIDI input.
package final class PianoApp {
    let options: PianoOptions
    var model: PianoModel
    var status = ScreenStatus()
    let synth: Synthesizer
    var output: LiveOutput?
    var midiInput: MIDIInputPort?

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

    /// The loops grid, when shown; the kind and size `:loops` shows; corners set from files (by
    /// kind, then corner 0...3); loaded loops models.
    var loops: LoopsMode?
    var loopKind: LoopKind = .melody
    var loopSize = 6
    var fileCorners: [LoopKind: [Int: LoopCorner]] = [:]
    var loadedLoopsModels: [LoopKind: LoopsModel] = [:]
    /// The player's last phrases (the loops grid's corners).
    var phrases = PhraseMemory()

    var parser = KeyParser()
    /// Keys typed while the terminal was being asked about the kitty protocol.
    var earlyKeys: [KeyEvent] = []
    var running = true
    var exitMessage: [String] = []
    /// The signal (SIGINT, SIGTERM, SIGHUP) that stopped the piano, or 0.
    package private(set) var stoppedBySignal: Int32 = 0

    /// Sets up the synthesizer and audio output. Throws a message-carrying error when the SoundFont
    /// or the audio device is missing (before the terminal is touched).
    package init(options: PianoOptions) throws {
        self.options = options
        model = PianoModel(layout: options.layout, octave: options.octave, velocity: options.velocity,
                           program: options.program, channel: options.channel, bpm: options.bpm,
                           releaseMode: .timeout(milliseconds: options.releaseTimeout))
        synth = try Synthesizer(configuration: SynthesizerConfiguration(
            soundFontPath: options.soundFont, sampleRate: options.sampleRate, gain: options.gain,
            reverb: options.reverb, chorus: false))
        if options.midiIn {
            do {
                midiInput = try MIDIInputPort(source: options.midiConnect)
            } catch {
                throw PianoError.midiInput(error)
            }
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
        status.midiInput = midiInput.map(Self.midiInputSummary) ?? ""
        _ = synth.send(.programChange(channel: UInt8(options.channel), program: UInt8(options.program)))
    }

    /// Runs until quit. Returns the lines to print after the terminal is restored.
    package func run() throws -> [String] {
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
            let deadline = [model.nextExpiry, nextClick, scheduled.first?.time, duet?.nextDeadline, loops?.player.nextDeadline].compactMap { $0 }.min()
            var timeout = 250.0
            if let deadline { timeout = min(timeout, max((deadline - now) * 1000, 0)) }
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            let midiFDs = midiInput?.pollDescriptors() ?? []
            fds += midiFDs
            let duetIndex = duet.map { duet in fds.append(pollfd(fd: duet.mailbox.pipe[0], events: Int16(POLLIN), revents: 0)); return fds.count - 1 }
            let loopsIndex = loops.map { loops in fds.append(pollfd(fd: loops.mailbox.pipe[0], events: Int16(POLLIN), revents: 0)); return fds.count - 1 }
            let ready = poll(&fds, nfds_t(fds.count), Int32(timeout.rounded(.up)))
            var dirty = false
            if ready > 0, let duet, let duetIndex, fds[duetIndex].revents & Int16(POLLIN) != 0 {
                if let message = duet.collect(now: monotonicNow(), bpm: model.bpm) { model.message = message }
                dirty = true
            }
            if ready > 0, let loopsIndex, fds[loopsIndex].revents & Int16(POLLIN) != 0 {
                collectLoops()
                dirty = true
            }
            if ready > 0 {
                if fds[0].revents & Int16(POLLIN | POLLHUP) != 0 {
                    dirty = readKeys() || dirty
                }
                if !midiFDs.isEmpty, let midiInput {
                    midiInput.receivePending { m in
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
        if let loops { let offs = loops.player.stop(); for m in offs.notes + offs.clicks { synth.send(m) } }
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
        if message.channel == UInt8(model.channel) { phrases.played(message, now: monotonicNow(), bpm: model.bpm) }
        if let duet, message.channel == UInt8(model.channel) {
            for m in duet.played(message, now: monotonicNow()) { send(m) }
            model.answerNotes = duet.sounding
        }
        send(message)
    }

    /// Sends a message to the synth and, while recording, to the journal, stamped with `time`
    /// (when it was due; monotonic seconds) or now.
    func send(_ message: ChannelMessage, at time: Double? = nil) {
        synth.send(message)
        if let journal {
            let t = max(Int((((time ?? monotonicNow()) - recordStart) * 1e6).rounded()), 0)
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

    func quit() {
        stopLoops()
        if journal != nil { stopRecording() }
        stopPlayback()
        running = false
        if let take, !takeSaved, take.noteCount > 0 {
            exitMessage.append("piano: the unsaved recording (\(take.noteCount) notes) is kept in \(options.journalPath).")
            exitMessage.append("       Start piano again to be offered it, or write it now: piano --recover --out take.mid")
        }
    }
}
