import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Synth

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check what compose needs: FluidSynth, a SoundFont, ALSA audio and MIDI, the shipped models, optional tools.",
        discussion: """
        Each check is ok, warn or fail, with what to install or do when it is not ok. Exits 0 unless a \
        required check fails (FluidSynth, a SoundFont that loads, every shipped model: melody, drums, harmony): then 69 (EX_UNAVAILABLE). \
        ALSA audio and MIDI are needed only by `compose play` and `piano`; fluidsynth and sox only by tests and comparisons.
        """
    )

    @Flag(help: "Print the checks as JSON.")
    var json = false

    @Option(help: "SoundFont (.sf2/.sf3) to check instead of the one found by lookup.")
    var soundfont: String?

    enum Status: String, Encodable { case ok, warn, fail }

    struct Check: Encodable {
        var name: String
        var status: Status
        var detail: String
        /// What to install or do; nil when ok.
        var fix: String?
        /// Whether a failure makes doctor exit non-zero.
        var required: Bool
    }

    struct Report: Encodable {
        var version: String
        var checks: [Check]
        var ok: Bool
    }

    func run() throws {
        var checks: [Check] = []
        checks.append(Check(name: "fluidsynth-library", status: .ok,
                            detail: "FluidSynth \(AudioSystem.fluidSynthVersion) (libfluidsynth, linked)", fix: nil, required: true))
        checks.append(soundFontCheck())
        checks += modelChecks()
        checks.append(drumOpeningsCheck())
        checks.append(alsaPlaybackCheck())
        checks.append(sequencerCheck())
        for (tool, use) in [("fluidsynth", "the render identity test compares with its output"), ("sox", "tests and listening checks")] {
            if let path = Self.onPath(tool) {
                checks.append(Check(name: "\(tool)-cli", status: .ok, detail: "\(path) (optional: \(use))", fix: nil, required: false))
            } else {
                checks.append(Check(name: "\(tool)-cli", status: .warn, detail: "\(tool) not on PATH (optional: \(use))",
                                    fix: "apt-get install --no-install-recommends \(tool)", required: false))
            }
        }
        let report = Report(version: LittleMozart.version, checks: checks, ok: !checks.contains { $0.required && $0.status == .fail })
        if json {
            print(try jsonText(report))
        } else {
            let style = TerminalStyle.standardOutput
            print("compose \(LittleMozart.version)")
            for c in checks {
                let label: String
                switch c.status {
                case .ok: label = style.green("ok  ")
                case .warn: label = style.yellow("warn")
                case .fail: label = style.red("FAIL")
                }
                print("\(label)  \(c.name): \(c.detail)")
                if let fix = c.fix { print("      fix: \(fix)") }
            }
        }
        if !report.ok { throw ExitCode(ExitStatus.unavailable.rawValue) }
    }

    func soundFontCheck() -> Check {
        let install = "apt-get install --no-install-recommends timgm6mb-soundfont (6 MB) or fluid-soundfont-gm (142 MB, better sound), or set $SOUNDFONT"
        let path: String
        do {
            path = try SoundFontLocator().locate(explicitPath: soundfont)
        } catch {
            return Check(name: "soundfont", status: .fail, detail: ExitStatus.message(for: error), fix: install, required: true)
        }
        let start = Date()
        do {
            let synth = try Synthesizer(configuration: SynthesizerConfiguration(soundFontPath: path))
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return Check(name: "soundfont", status: .ok,
                         detail: String(format: "%@%@ loads in %.2f s", synth.soundFontPath, real == path ? "" : " -> \(real)", Date().timeIntervalSince(start)),
                         fix: nil, required: true)
        } catch {
            return Check(name: "soundfont", status: .fail, detail: ExitStatus.message(for: error), fix: install, required: true)
        }
    }

    /// One check per shipped model (`ShippedModel`): found and loaded by `ModelCatalog`. A missing or broken model fails (required), with the command that retrains it.
    func modelChecks() -> [Check] {
        ShippedModel.allCases.map { model in
            let name = "model \(model.fileName)"
            let retrain = "retrain it with `\(model.retrainCommand)` (see Models/README.md)"
            let url: URL
            do throws(ModelFileError) { url = try ModelCatalog.locate(model) } catch {
                guard case .notFound(let searched) = error.problem else { fatalError("locate throws only notFound") }
                return Check(name: name, status: .fail, detail: "not found (looked in \(searched.joined(separator: ", "))); needed by \(model.usedBy)",
                             fix: "the models ship in Models/ of the source tree: run compose from its build, set $LITTLEMOZART_MODELS to a folder "
                                + "holding them, re-clone the repository, or \(retrain)", required: true)
            }
            let start = Date()
            do {
                let what = try model.loadAndDescribe(from: url)
                return Check(name: name, status: .ok,
                             detail: String(format: "%@: %@, loads in %.2f s", url.path, what, Date().timeIntervalSince(start)),
                             fix: nil, required: true)
            } catch {
                return Check(name: name, status: .fail, detail: "\(url.path): \(ExitStatus.message(for: error)); needed by \(model.usedBy)",
                             fix: "restore it from git (`git checkout Models/\(model.fileName)`, or re-clone the repository) or \(retrain)", required: true)
            }
        }
    }

    /// The learned drum openings and fills (`Models/drums-openings.json`), which `drums` needs
    /// without a primer: found and loaded as the models are (required).
    func drumOpeningsCheck() -> Check {
        let name = "model \(ModelCatalog.drumOpeningsFileName)"
        let relearn = "relearn it with `LITTLEMOZART_WRITE_DRUM_OPENINGS=1 swift test --filter ShippedDrumOpeningsTests` (see Models/README.md)"
        let start = Date()
        do {
            let openings = try ModelCatalog.loadDrumOpenings()
            let path = ModelCatalog.searchPath(for: ModelCatalog.drumOpeningsFileName)
                .first { FileManager.default.fileExists(atPath: $0.path) }?.path ?? ModelCatalog.drumOpeningsFileName
            let bars = openings.styles.values.reduce(0) { $0 + $1.count }, fills = openings.fills.values.reduce(0) { $0 + $1.count }
            return Check(name: name, status: .ok,
                         detail: String(format: "%@: %d styles, %d opening bars, %d fills, loads in %.2f s", path, openings.styles.count, bars, fills,
                                        Date().timeIntervalSince(start)),
                         fix: nil, required: true)
        } catch {
            return Check(name: name, status: .fail, detail: "\(ExitStatus.message(for: error)); needed by drums without a primer",
                         fix: "restore it from git (`git checkout Models/\(ModelCatalog.drumOpeningsFileName)`, or re-clone the repository) or \(relearn)",
                         required: true)
        }
    }

    func alsaPlaybackCheck() -> Check {
        let cards = AudioSystem.soundCards()
        let cardText = cards.isEmpty ? "no sound card" : cards.map { "hw:\($0.index) \($0.name)" }.joined(separator: "; ")
        if let reason = AudioSystem.probePlayback() {
            return Check(name: "alsa-playback", status: .warn, detail: "ALSA device \"default\" does not open: \(reason) (\(cardText))",
                         fix: cards.isEmpty ? "no sound hardware: render to WAV (compose render) or play into a file (compose play --audio-file out.wav, piano --audio-file)"
                                            : "check `aplay -l` / `aplay -L`, that your user is in group audio, and pass --device hw:N to play/piano",
                         required: false)
        }
        return Check(name: "alsa-playback", status: .ok, detail: "ALSA device \"default\" opens (\(cardText))", fix: nil, required: false)
    }

    func sequencerCheck() -> Check {
        if let reason = AudioSystem.probeSequencer() {
            return Check(name: "alsa-sequencer", status: .warn, detail: "ALSA sequencer unavailable: \(reason) (needed only for piano --midi-in)",
                         fix: "sudo modprobe snd-seq (on a machine with a MIDI keyboard)", required: false)
        }
        return Check(name: "alsa-sequencer", status: .ok, detail: "\(AudioSystem.sequencerDevice) opens (MIDI input for piano --midi-in)", fix: nil, required: false)
    }

    static func onPath(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
