import ArgumentParser
import Foundation
import SMF
import Synth

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a MIDI file live through ALSA (or into a WAV file in real time).",
        discussion: """
        Events are sent at the times FluidSynth's own player would send them (the same schedule \
        `render` uses), to FluidSynth's ALSA driver. Shows elapsed / total time; Ctrl-C stops \
        cleanly. On a machine with no sound card, use --audio-file out.wav.
        """
    )

    @Argument(help: "The Standard MIDI File to play.")
    var file: String

    @Option(help: "ALSA PCM device.")
    var device = "default"

    @Option(name: .customLong("audio-file"), help: "Play into this audio file in real time instead of an ALSA device, in the format its extension names: .wav, .flac, .ogg/.oga (Ogg Vorbis), .aif/.aiff.")
    var audioFile: String?

    @Option(help: "SoundFont (.sf2/.sf3) to use.")
    var soundfont: String?

    @Option(name: .customLong("period-size"), help: "Period size in frames, 64-8192 (default: 256 for ALSA, 10 ms for --audio-file).")
    var periodSize: Int?

    @Option(help: "Number of ALSA periods (2-64).")
    var periods = LiveOutputConfiguration.defaultPeriods

    @Option(help: "Master gain, linear 0-10.")
    var gain: Double = 0.5

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        guard (0...10).contains(gain) else { throw ValidationError("--gain must be 0...10, got \(gain)") }
        if let audioFile {
            try refuseOverwritingInput(out: audioFile, option: "--audio-file", inputs: [("the input file", file), ("--soundfont", soundfont)])
            // A device such as /dev/null takes any name; a file, the name of a format written.
            let device = (try? FileManager.default.attributesOfItem(atPath: audioFile))?[.type] as? FileAttributeType == .typeCharacterSpecial
            if !device { _ = try audioFileFormat(of: audioFile, option: "--audio-file") }
        }
    }

    func run() throws {
        let midi = try readMIDIFile(file, strict: reading.strict)
        let synth = try Synthesizer(configuration: SynthesizerConfiguration(soundFontPath: soundfont, gain: gain))
        let schedule = try PlayerSchedule(file: midi, sampleRate: synth.sampleRate)
        let target: LiveAudioTarget = audioFile.map { .file(path: $0) } ?? .alsa(device: device)
        // A LiveAudioError names the device and the fix; it exits 69 (no device) or 73 (--audio-file not writable).
        let output = try LiveOutput(synthesizer: synth, configuration: LiveOutputConfiguration(
            target: target, periodSize: periodSize ?? LiveOutputConfiguration.defaultPeriodSize(for: target, sampleRate: synth.sampleRate),
            periods: periods))
        defer { output.stop() }
        let interrupt = Interrupt.catching([SIGINT, SIGTERM])
        defer { interrupt.restore() }

        let framesPerBlock = Double(PlayerSchedule.framesPerBlock)
        let total = Double(schedule.lastEventBlock) * framesPerBlock / synth.sampleRate
        let name = (file as NSString).lastPathComponent
        let interactive = isatty(1) == 1
        func show(_ elapsed: Double, final: Bool = false) {
            let line = String(format: "%@  %@ / %@  (latency %.1f ms)", name, Self.clock(elapsed), Self.clock(total), output.latencyMilliseconds)
            if interactive {
                FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line + (final ? "\n" : "")).utf8))
            } else if final {
                print(line)
            }
        }
        let start = Date()
        var lastShown = -1.0
        for entry in schedule.entries {
            let due = Double(entry.block) * framesPerBlock / synth.sampleRate
            while !Interrupt.requested {
                let now = Date().timeIntervalSince(start)
                if now - lastShown >= 0.25 { show(now); lastShown = now }
                let wait = due - now
                if wait <= 0 { break }
                usleep(useconds_t(min(wait, 0.05) * 1_000_000))
            }
            if Interrupt.requested { break }
            synth.send(entry.event)
        }
        if !Interrupt.requested {
            // Let the last notes ring (at most 5 s).
            let tailEnd = Date().addingTimeInterval(5)
            while synth.activeVoiceCount > 0, Date() < tailEnd, !Interrupt.requested { usleep(50_000) }
        }
        for channel in 0..<16 {
            synth.send(ChannelMessage.controlChange(channel: UInt8(channel), controller: 123, value: 0))
            synth.send(ChannelMessage.controlChange(channel: UInt8(channel), controller: 64, value: 0))
        }
        show(min(Date().timeIntervalSince(start), total), final: true)
        if Interrupt.requested {
            // Exit 130 (143 for SIGTERM), as any interrupted command; an --audio-file holds what played.
            let byTerm = Interrupt.signalNumber == SIGTERM
            let kept = audioFile.map { "; \($0) holds what played until then" } ?? ""
            throw StatusError(byTerm ? .terminated : .interrupted, "\(file): \(byTerm ? "stopped by SIGTERM" : "stopped")\(kept)")
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(Int(seconds), 0)
        return String(format: "%d:%02d", s / 60, s % 60)
    }
}
