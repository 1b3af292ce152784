import ArgumentParser
import CommandLineSupport
import Foundation
import Music
import Piano
import Synth

@main
struct PianoCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "piano",
        abstract: "Play the computer keyboard as a piano in the terminal, through FluidSynth and ALSA.",
        discussion: """
        Keys (tracker layout): z s x d c v g b h n j m , l . ; / play C4 to E5, q 2 w 3 e r 5 t 6 y 7 u \
        i 9 o 0 p play C5 to E6. Left/Right change octave, < > transpose, Up/Down velocity, Space \
        sustain, ? help, : commands (program violin, tempo 96, metronome, record, stop, save FILE.mid, \
        play, layout vmpk, quit; duet on: the melody model answers each phrase after a pause; genie: \
        a s d f j k l ; become eight buttons whose notes the model chooses; loops: a grid of loops \
        between your last four phrases (or files), the arrow keys choosing the cell that loops). Where the terminal speaks the kitty keyboard protocol (kitty, foot, \
        WezTerm, Ghostty, Alacritty, iTerm2) notes last while keys are held; elsewhere a note ends \
        --release-timeout ms after its key was last seen (key repeat keeps it going). While recording, \
        every event goes to a journal file at once, so a crash or kill loses nothing: the next start \
        offers it, and --recover writes it as a MIDI file.
        """
    )

    @Option(help: "Key layout: tracker or vmpk.")
    var layout = "tracker"

    @Option(help: "SoundFont (.sf2/.sf3) to use (default: $SOUNDFONT, then the system GM font).")
    var soundfont: String?

    @Option(help: "ALSA PCM device.")
    var device = "default"

    @Option(name: .customLong("period-size"), help: "Period size in frames, 64-8192 (default: 256 for ALSA, 10 ms for --audio-file).")
    var periodSize: Int?

    @Option(help: "Number of ALSA periods in the buffer (2-64). Latency = period size x periods / sample rate.")
    var periods = LiveOutputConfiguration.defaultPeriods

    @Option(name: .customLong("sample-rate"), help: "Sample rate in Hz.")
    var sampleRate: Double = 44100

    @Option(help: "Master gain, linear 0-10.")
    var gain: Double = 0.5

    @Flag(name: .customLong("no-reverb"), help: "Turn FluidSynth's reverb off.")
    var noReverb = false

    @Option(name: .customLong("audio-file"), help: "Play into this WAV file in real time instead of an ALSA device (for machines with no sound card).")
    var audioFile: String?

    @Option(name: .customLong("release-timeout"), help: "Without the kitty protocol: end a note this many ms after its key was last seen (key repeat refreshes it).")
    var releaseTimeout = 600

    @Flag(name: .customLong("no-kitty"), help: "Do not use the kitty keyboard protocol even if the terminal supports it.")
    var noKitty = false

    @Flag(name: .customLong("midi-in"), help: "Also play from a MIDI keyboard through an ALSA sequencer port (needs /dev/snd/seq).")
    var midiIn = false

    @Option(name: .customLong("midi-connect"), help: "With --midi-in: connect from this sequencer port (CLIENT:PORT, see `aconnect -i`) instead of every hardware MIDI input.")
    var midiConnect: String?

    @Option(help: "The recording journal file (default: $XDG_STATE_HOME or ~/.local/state /littlemozart/piano-journal.txt).")
    var journal: String?

    @Flag(help: "Write the journal's unsaved recording as a MIDI file (see --out) and exit.")
    var recover = false

    @Option(help: "With --recover: the MIDI file to write (default recovered-DATE.mid).")
    var out: String?

    @Option(help: "General MIDI program to start with: 1-128 or a name (\"violin\").")
    var program = "1"

    @Option(help: "MIDI channel 1-16.")
    var channel = 1

    @Option(help: "Octave of the lowest C of the layout (4: z plays C4, middle C).")
    var octave = 4

    @Option(help: "Note velocity 1-127.")
    var velocity = 80

    @Option(help: "Tempo in bpm (metronome and the saved file).")
    var tempo: Double = 120

    /// Parses like ArgumentParser's own `main()`, but a usage error is one line (`Error: ...`) with
    /// exit status 64, and a negative number is an option's value (`--gain -1`); see CommandLineSupport.
    static func main() {
        var command = parseReportingUsageErrors(Array(CommandLine.arguments.dropFirst())) { message in
            FileHandle.standardError.write(Data(("Error: " + message + "\n").utf8))
        }
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    func validate() throws {
        guard KeyLayout.named(layout) != nil else {
            throw ValidationError("--layout \(layout): must be one of \(KeyLayout.all.map(\.name).joined(separator: ", "))")
        }
        guard (1...16).contains(channel) else { throw ValidationError("--channel must be 1...16, got \(channel)") }
        guard (0...8).contains(octave) else { throw ValidationError("--octave must be 0...8, got \(octave)") }
        guard (1...127).contains(velocity) else { throw ValidationError("--velocity must be 1...127, got \(velocity)") }
        guard (20...400).contains(tempo) else { throw ValidationError("--tempo must be 20...400 bpm, got \(tempo.shortText)") }
        guard (50...5000).contains(releaseTimeout) else { throw ValidationError("--release-timeout must be 50...5000 ms, got \(releaseTimeout)") }
        guard (8000...96000).contains(sampleRate) else { throw ValidationError("--sample-rate must be 8000...96000 Hz, got \(sampleRate.shortText)") }
        guard (0...10).contains(gain) else { throw ValidationError("--gain must be 0...10, got \(gain.shortText)") }
        if let periodSize, !(64...8192).contains(periodSize) {
            throw ValidationError("--period-size must be 64...8192 frames, got \(periodSize)")
        }
        guard (2...64).contains(periods) else { throw ValidationError("--periods must be 2...64, got \(periods)") }
        guard programNumber != nil else { throw ValidationError("--program \(program): no General MIDI instrument has that name or number (1-128 or a name like violin)") }
    }

    var programNumber: Int? {
        if let n = Int(program) { return (1...128).contains(n) ? n - 1 : nil }
        return GeneralMIDI.program(named: program)
    }

    func run() throws {
        let journalPath = journal ?? Journal.defaultPath()
        if recover {
            do {
                print(try PianoApp.recover(journalPath: journalPath, out: out))
            } catch {
                fail(error)
            }
            return
        }
        var options = PianoOptions()
        options.layout = KeyLayout.named(layout)!
        options.soundFont = soundfont
        options.device = device
        options.periodSize = periodSize
        options.periods = periods
        options.sampleRate = sampleRate
        options.gain = gain
        options.reverb = !noReverb
        options.audioFile = audioFile
        options.releaseTimeout = releaseTimeout
        options.useKitty = !noKitty
        options.midiIn = midiIn || midiConnect != nil
        options.midiConnect = midiConnect
        options.journalPath = journalPath
        options.program = programNumber!
        options.channel = channel - 1
        options.octave = octave
        options.velocity = velocity
        options.bpm = tempo
        // With --audio-file the WAV is created as the audio starts: a piano that then stopped for
        // want of a terminal would have replaced an existing file with silence (or left a stub).
        // The terminal first, for a file (a device such as /dev/null has nothing to lose).
        if let audioFile, isatty(0) != 1 {
            var info = stat()
            let device = stat(audioFile, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
            if !device { fail(TerminalError.notATerminal) }
        }
        let app: PianoApp
        do {
            app = try PianoApp(options: options)
        } catch {
            fail(error)
        }
        do {
            let lines = try app.run()
            for line in lines { print(line) }
            if app.stoppedBySignal != 0 { Foundation.exit(128 + app.stoppedBySignal) }
        } catch {
            fail(error)
        }
    }

    /// Prints `piano: <message>` on one line and exits with the error's status (`PianoExitStatus`).
    func fail(_ error: Error) -> Never {
        FileHandle.standardError.write(Data(("piano: " + PianoExitStatus.message(for: error) + "\n").utf8))
        Foundation.exit(PianoExitStatus.of(error))
    }
}

private extension Double {
    /// "120" for a whole number, else the shortest form ("0.5").
    var shortText: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
