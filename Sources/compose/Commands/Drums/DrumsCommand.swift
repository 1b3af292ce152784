import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

struct DrumsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drums",
        abstract: "Compose a drum groove (General MIDI, channel 10) that continues a primer, or drums under a melody.",
        discussion: """
            The primer bar(s) are kept as given at the start; the model continues them one 16th-note \
            step at a time for --bars new bars. Without a primer (4/4, 2 bars or more) bar 1 is a \
            learned opening bar of a style (--style, or one the seed picks), bar 8 (and half the \
            time bar 4) a learned fill, each 4-bar phrase starts with a crash, and the other bars keep \
            the opening's hi-hat or ride. A text primer has one line per instrument, one character per step \
            (x hit, X accent, . rest), lines separated by ';', e.g.
              --primer "bd: x...x...x...x... ; sd: ....x.......x... ; hh: x.x.x.x.x.x.x.x."
            Instruments: kick, snare, hihat, open-hihat, low-tom, mid-tom, high-tom, crash, ride (or \
            bd, sd, hh, oh, lt, mt, ht, cc, rd, or a drum note number). Drums are written on channel \
            10 as GM notes 36 kick, 38 snare, 42 closed hi-hat, 46 open hi-hat, 43 low tom, 47 mid \
            tom, 50 high tom, 49 crash, 51 ride. --with adds the drums as a new track under an \
            existing file, in its tempo map, meter and length, every track of the file kept as it was \
            (names, lyrics, markers, controllers). MIDI files are read leniently (repairs in one \
            warning line; --strict refuses them). The same seed and options always give \
            the same file.
            """
    )

    enum ModelKind: String, ExpressibleByArgument, CaseIterable { case markov, rnn }

    @Option(help: "Which model: rnn (LSTM) or markov.")
    var model: ModelKind = .rnn

    @Option(help: "Length in bars, 1-1000: the new bars after the primer (default 8; with --with, the melody's length).")
    var bars: Int?

    @Option(help: "Tempo in quarter notes per minute, 4-1000 (default: the primer file's, else 120).")
    var tempo: Double?

    @Option(help: "Time signature of at most 16 steps a bar: 4/4, 3/4, 2/4, 6/8 ... (default: the primer file's, else 4/4).")
    var meter: String?

    @OptionGroup var sampling: SamplingOptions<DrumSampling>

    @Flag(help: "Play it as a drummer would: velocities and timing offsets drawn from those learned from the corpus.")
    var humanize = false

    @Option(help: "Without a primer, the style of the learned opening bar and fills (4/4; rock, funk, jazz, hiphop, latin ...: see docs/drums.md; default: one the seed picks).")
    var style: String?

    @Option(help: "Primer as text, one line per instrument over 16 steps (see above).")
    var primer: String?

    @Option(name: .customLong("primer-file"), help: "A MIDI file whose channel-10 drums (whole bars) start the groove.")
    var primerFile: String?

    @Option(name: .customLong("primer-bars"), help: "Use only the first N bars of --primer-file.")
    var primerBars: Int?

    @OptionGroup var primerVoice: PrimerVoiceOptions

    @Option(name: .customLong("with"), help: "A MIDI file (e.g. a melody) to add the drums to, matching its tempo, meter and length.")
    var with: String?

    @Option(name: .customLong("model-file"), help: "Model JSON (default: the shipped Models/drums-rnn.json or Models/drums-markov.json).")
    var modelFile: String?

    @Option(help: "OpenBLAS threads (rnn).")
    var threads = 1

    @Option(help: "Where to write the MIDI file.")
    var out = "beat.mid"

    func validate() throws {
        try validating {
            if let bars { try CompositionLimits.checkBars(bars) }
            if let tempo { try CompositionLimits.checkTempo(tempo) }
        }
        try OptionChecks.threads(threads)
        guard primer == nil || primerFile == nil else { throw ValidationError("give --primer or --primer-file, not both") }
        if let primerBars { guard primerBars >= 1, primerFile != nil else { throw ValidationError("--primer-bars needs --primer-file and is at least 1") } }
        if primerFile == nil, primerVoice.track != nil || primerVoice.channel != nil {
            throw ValidationError("--primer-track and --primer-channel choose the drums of a --primer-file: give one")
        }
        if with != nil {
            guard bars == nil, tempo == nil, meter == nil else {
                throw ValidationError("--with takes bars, tempo and meter from its file: drop --bars, --tempo and --meter")
            }
        }
    }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("--primer-file", primerFile), ("--with", with), ("--model-file", modelFile)])
        BLAS.setThreads(threads)
        let drumModel = try loadModel()
        // The file the drums go under, and the meter, tempo and bars.
        var base: Score?
        var meterValue = try meter.map(parseMeter) ?? .common
        var tempoValue = tempo ?? 120
        var barCount = bars ?? 8
        if let with {
            let score = try readScore(with, strict: primerVoice.strict, option: "--with")
            do { meterValue = try DrumGrid.meter(of: score) } catch { throw ValidationError("--with \(with): \(error)") }
            if score.timeSignatures.contains(where: { $0.numerator != meterValue.numerator || $0.denominator != meterValue.denominator }) {
                throw ValidationError("--with \(with): the meter changes during the piece; drums follow one meter")
            }
            let barTicks = DrumGrid.tick(ofStep: meterValue.stepsPerBar, ticksPerQuarter: score.ticksPerQuarter)
            let end = score.parts.map(\.endTick).max() ?? 0
            guard end > 0 else { throw ValidationError("--with \(with): no notes to play drums under") }
            barCount = min(1000, (end + barTicks - 1) / barTicks)
            base = score
        }
        var primerGroove: DrumGroove?
        if let primer {
            do { primerGroove = try DrumPrimer.parse(primer, meter: meterValue).groove(performance: drumModel.performance) }
            catch { throw ValidationError("--primer: \(error)") }
        }
        var voice: String?
        if let primerFile {
            let score = try readScore(primerFile, strict: primerVoice.strict, option: "--primer-file")
            let groove: DrumGroove
            let report: DrumQuantizationReport
            let channel = primerVoice.channelIndex ?? DrumGrid.channel
            do {
                (groove, report) = try DrumGrid.groove(of: score, name: "primer", maxBars: primerBars, track: primerVoice.track, channel: channel)
            } catch let error as PrimerReadingError {
                throw primerVoice.voiceError(error, context: "--primer-file \(primerFile)")
            } catch {
                throw ValidationError("--primer-file \(primerFile): \(error)")
            }
            guard !groove.notes.isEmpty else {
                throw primerVoice.voiceError(.noNotes(track: primerVoice.track, channel: channel), context: "--primer-file \(primerFile)")
            }
            voice = drumVoiceSummary(score: score, report: report, channel: channel, taken: groove.notes.count)
                + (primerBars == nil ? "" : groove.bars == 1 ? " in bar 1" : " in bars 1-\(groove.bars)")
            if let note = drumChangesNote(report, humanize: humanize) { printError("note: --primer-file \(primerFile): \(note)") }
            if with == nil && meter == nil { meterValue = groove.meter }
            guard groove.meter == meterValue else {
                throw ValidationError("--primer-file \(primerFile): the primer is in \(groove.meter), the groove in \(meterValue)")
            }
            if with == nil && tempo == nil, let t = score.tempoChanges.first { tempoValue = PrimerFileDefaults.tempo(bpm: t.bpm) }
            primerGroove = groove
        }
        if with == nil, let p = primerGroove {
            // --bars counts the new bars after the primer.
            barCount = p.bars + (bars ?? 8)
            try validating { try CompositionLimits.checkBars(barCount) }
        }
        if let p = primerGroove, p.bars >= barCount {
            throw ValidationError("the primer has \(p.bars) bar(s) but the groove is \(barCount) bars: give more --bars\(primerFile != nil ? " or fewer --primer-bars" : "")")
        }
        // Without a primer (4/4, 2 bars or more): a learned opening bar of a style (--style, or one
        // the seed picks), learned fills in the bars drummers fill, the time kept in the others.
        var arrangement: DrumArrangement?
        if primerGroove == nil && meterValue == .common && barCount >= 2 {
            let openings = try loadingModel(.drumsRNN) { try ModelCatalog.loadDrumOpenings() }
            do { arrangement = try openings.arrangement(style: style, bars: barCount, seed: sampling.seed) }
            catch { throw ValidationError("--style: \(ExitStatus.message(for: error))") }
        } else if let style {
            throw ValidationError("--style \(style): \(primerGroove != nil ? "a primer gives the opening" : meterValue != .common ? "the learned openings are in 4/4" : "an opening needs --bars 2 or more")")
        }
        let request = DrumCompositionRequest(bars: barCount, meter: meterValue, seed: sampling.seed, temperature: sampling.givenTemperature ?? drumModel.defaultTemperature, topP: sampling.topP ?? 1,
                                             humanize: humanize, primer: primerGroove, arrangement: arrangement)
        let groove: DrumGroove
        do { groove = try drumModel.compose(request) } catch { throw ValidationError(ExitStatus.message(for: error)) }
        var score: Score
        if var base {
            let endTick = base.parts.map(\.endTick).max() ?? 0
            let notes = DrumGrid.notes(of: groove, ticksPerQuarter: base.ticksPerQuarter, humanize: humanize).filter { $0.start < endTick }
            if base.parts.contains(where: { $0.notes.contains { $0.channel == DrumGrid.channel } }) {
                printError("note: \(with!) already has notes on channel 10; the generated drums are added as a track of their own")
            }
            // The file's conductor track reads as an empty part; the writer makes a new one. A
            // track with a name, texts (markers, lyrics) or controls is kept as it is.
            base.parts.removeAll { $0.notes.isEmpty && $0.controls.isEmpty && $0.texts.isEmpty && $0.name == nil }
            base.parts.append(Part(name: "Drums", notes: notes))
            score = base
        } else {
            score = groove.score(tempo: tempoValue, humanize: humanize)
        }
        score.readingWarnings = []
        for warning in score.writingWarnings { printError("warning: \(out): \(warning)") }
        try score.write(to: URL(fileURLWithPath: out))
        let hits = groove.notes.count
        let fillBars = arrangement.map { a in a.fills.keys.sorted().map { String($0 + 1) } } ?? []
        let opened = arrangement.map { ", bar 1 a learned \($0.style) opening" + (fillBars.isEmpty ? "" : ", fills in bar\(fillBars.count == 1 ? "" : "s") \(fillBars.joined(separator: ", "))") }
        let primerText = opened ?? primerGroove.map { $0.bars == 1 ? ", bar 1 as primed" : ", bars 1-\($0.bars) as primed" } ?? ""
        print("\(out): \(drumModel.label) drums, \(counted(barCount, "bar")) of \(meterValue)\(with.map { " under \($0)" } ?? " at \(tempoValue.formatted()) bpm")\(primerText), \(hits) hits\(humanize ? ", humanized" : ""), seed \(sampling.seed)"
              + (voice.map { "; primer: \($0)" } ?? ""))
    }

    func loadModel() throws -> any DrumStepModel {
        let file = modelFile.map { URL(fileURLWithPath: $0) }
        switch model {
        case .rnn: return try loadingModel(.drumsRNN) { try ModelCatalog.loadRNNDrums(from: file) }
        case .markov: return try loadingModel(.drumsMarkov) { try ModelCatalog.loadMarkovDrums(from: file) }
        }
    }
}

/// "track 1 "Drums", channel 10, 16 of 16 notes taken" for a drum primer (tracks joined when the
/// hits came from several).
func drumVoiceSummary(score: Score, report: DrumQuantizationReport, channel: UInt8, taken: Int) -> String {
    if report.tracks.count == 1, let track = report.tracks.first {
        return voiceSummary(track: track, name: score.parts[track].name, channels: [channel], taken: taken, inVoice: report.notesRead)
    }
    return "tracks \(report.tracks.map(String.init).joined(separator: ", ")), channel \(Int(channel) + 1), \(taken) of \(counted(report.notesRead, "note")) taken"
}

/// What reading a drum primer changed, in one line; nil when nothing: hits moved to the grid (not
/// with humanize, which keeps their offsets), merged, unmapped, or after a meter change.
func drumChangesNote(_ report: DrumQuantizationReport, humanize: Bool) -> String? {
    var parts: [String] = []
    if !humanize && report.offGrid > 0 {
        let largest = (report.largestOffset * 100).rounded() / 100
        parts.append("\(counted(report.offGrid, "hit")) moved to the 16th-note grid (by up to \(largest.formatted()) of a 16th; --humanize keeps them as played)")
    }
    if report.merged > 0 { parts.append("\(report.merged) merged with a hit of the same drum on the same step (the louder kept)") }
    let unmapped = report.unmapped.values.reduce(0, +)
    if unmapped > 0 {
        parts.append("\(unmapped) dropped: note(s) \(report.unmapped.keys.sorted().map(String.init).joined(separator: ", ")) are no drum of the kit")
    }
    if report.droppedAfterMeterChange > 0 { parts.append("\(report.droppedAfterMeterChange) dropped after the meter changes") }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
}
