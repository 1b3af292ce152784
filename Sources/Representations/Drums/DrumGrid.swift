import ModelKit
import Music

/// What quantizing a played drum track did, for messages and corpus statistics.
public struct DrumQuantizationReport: Hashable, Sendable {
    /// Drum notes read (channel 10 note-ons).
    public var notesRead = 0
    /// Notes no drum class maps (`DrumKit.drumClass(ofNote:)` nil), dropped, by MIDI note.
    public var unmapped: [UInt8: Int] = [:]
    /// Hits of a class that fell on a step already struck by that class (flams, rolls faster than
    /// 16ths, two notes of one class such as 42 and 44 together): the louder is kept.
    public var merged = 0
    /// Notes after a time-signature change to another meter (the groove ends at that bar line).
    public var droppedAfterMeterChange = 0
    /// Hits kept in the groove that were not on their 16th-note step (their offset is not 0).
    public var offGrid = 0
    /// The largest offset of those hits from their step, in steps (0...0.5).
    public var largestOffset = 0.0
    /// The tracks (0-based `Score.parts` indices) the hits kept came from, ascending.
    public var tracks: [Int] = []

    public init() {}
}

/// The 16th-note grid of a score, and quantizing played drums onto it / writing grooves back.
///
/// The grid is the score's musical time: a step is a 16th note, `ticksPerQuarter / 4` ticks
/// (PPQN division; for an SMPTE division `Score.ticksPerQuarter`, i.e. 120 bpm), with bar lines
/// from tick 0 every `Meter.stepsPerBar` steps. Tempo changes (the tempo map) move where the steps
/// fall in seconds, not in ticks: a drummer playing to the click of the file's tempo map lands
/// on these ticks whatever the tempo, so the grid is laid in ticks and each hit keeps its offset
/// from its step as a fraction of the step (a musical, tempo-independent measure, as in
/// Magenta's GrooVAE).
public enum DrumGrid {
    /// The General MIDI percussion channel, channel 10 (index 9).
    public static let channel: UInt8 = 9

    /// The tick of step `step`: `round(step * ticksPerQuarter / 4)` (exact when the PPQN is a
    /// multiple of 4).
    public static func tick(ofStep step: Int, ticksPerQuarter: Int) -> Int {
        let q = max(ticksPerQuarter, 1)
        return (2 * step * q + 4) / 8
    }

    /// The meter a score's drums are read in: its first time signature when that starts at tick 0
    /// (else 4/4).
    /// - Throws: `MeterError` for a signature whose bar is not a whole number of
    ///   16th notes; `ParameterError` for a bar longer than 16 steps (the drum
    ///   models condition on the position in a bar of at most 16 steps: 2/4, 3/4, 4/4, 6/8, ...).
    public static func meter(of score: Score) throws -> Meter {
        guard let first = score.timeSignatures.first, first.tick == 0 else { return .common }
        let meter = try Meter(first.numerator, first.denominator)
        try checkSupported(meter)
        return meter
    }

    /// - Throws: `ParameterError` when a bar of `meter` is longer than 16 steps.
    public static func checkSupported(_ meter: Meter) throws {
        guard meter.stepsPerBar <= maxStepsPerBar else {
            throw ParameterError("meter", value: "\(meter) (\(meter.stepsPerBar) 16th-note steps per bar)", allowed: "bars of at most \(maxStepsPerBar) steps (2/4, 3/4, 4/4, 6/8, ...)")
        }
    }

    /// The longest bar the drum models condition on, in steps.
    public static let maxStepsPerBar = 16

    /// Quantizes the channel-10 notes of a score to a groove.
    ///
    /// Each note-on at tick `k` goes to the nearest step `s = round(4k / ticksPerQuarter)` (halves
    /// round up; `GridMelody.step(ofTick:ticksPerQuarter:)`), with offset
    /// `(k - tick(ofStep: s)) / (ticksPerQuarter / 4)` steps, and keeps its velocity; its class is
    /// `DrumKit.drumClass(ofNote:)` (unmapped notes are dropped and counted). The meter is
    /// `meter(of:)`; a later time signature of another meter ends the groove at its bar line. The
    /// groove lasts from tick 0 to the end of the bar holding the last hit (`bars` = 0 without
    /// hits). With `maxBars`, only the first bars are kept. `track` (a `Score.parts` index) takes
    /// the notes of that track only (default: every track), `channel` (0-based) the notes of another
    /// channel than 10 (drums some programs write on channel 1).
    /// - Throws: as `meter(of:)`; `PrimerReadingError.noSuchTrack` for a track the score does not have.
    public static func groove(of score: Score, name: String = "", maxBars: Int? = nil, track: Int? = nil,
                              channel: UInt8 = DrumGrid.channel) throws -> (groove: DrumGroove, report: DrumQuantizationReport) {
        if let track, !score.parts.indices.contains(track) {
            throw PrimerReadingError.noSuchTrack(track: track, trackCount: score.parts.count)
        }
        let meter = try meter(of: score)
        let tpq = score.ticksPerQuarter
        let stepTicks = Double(tpq) / 4
        var report = DrumQuantizationReport()
        var limitTick = Int.max
        if let change = score.timeSignatures.first(where: { $0.tick > 0 && ($0.numerator != meter.numerator || $0.denominator != meter.denominator) }) {
            // The bar line at or after the change.
            let barTicks = tick(ofStep: meter.stepsPerBar, ticksPerQuarter: tpq)
            limitTick = (change.tick + barTicks - 1) / max(barTicks, 1) * barTicks
        }
        var notes: [DrumNote] = []
        var sources: [Int] = []
        let chosen = track.map { [score.parts[$0].notes] } ?? score.parts.map(\.notes)
        let tagged = chosen.enumerated().flatMap { i, notes in notes.map { (note: $0, part: track ?? i) } }
            .sorted { ($0.note.start, $0.note.pitch, $0.note.channel) < ($1.note.start, $1.note.pitch, $1.note.channel) }
        for (n, part) in tagged where n.channel == channel {
            report.notesRead += 1
            guard let drum = DrumKit.drumClass(ofNote: n.pitch) else { report.unmapped[n.pitch, default: 0] += 1; continue }
            guard n.start < limitTick else { report.droppedAfterMeterChange += 1; continue }
            let step = GridMelody.step(ofTick: n.start, ticksPerQuarter: tpq)
            let offset = Double(n.start - tick(ofStep: step, ticksPerQuarter: tpq)) / stepTicks
            notes.append(DrumNote(step: step, drum: drum, velocity: max(n.velocity, 1), offset: offset))
            sources.append(part)
        }
        var bars = notes.map(\.step).max().map { $0 / meter.stepsPerBar + 1 } ?? 0
        if let maxBars { bars = min(bars, maxBars) }
        let groove = DrumGroove(name: name, meter: meter, bars: bars, notes: notes)
        let inside = notes.filter { $0.step < bars * meter.stepsPerBar }.count
        report.merged = inside - groove.notes.count
        report.offGrid = groove.notes.filter { $0.offset != 0 }.count
        report.largestOffset = groove.notes.map { abs($0.offset) }.max() ?? 0
        report.tracks = Array(Set(zip(notes, sources).filter { $0.0.step < bars * meter.stepsPerBar }.map(\.1))).sorted()
        return (groove, report)
    }

    /// The groove's hits as channel-10 notes: class `c` as `c.outputNote`, at
    /// `tick(ofStep:) + round(offset * ticksPerQuarter / 4)` when `humanize` (else on the step; never
    /// before tick 0), lasting half a step (at least 1 tick), starting `startStep` steps in.
    public static func notes(of groove: DrumGroove, ticksPerQuarter: Int, humanize: Bool, startStep: Int = 0) -> [Note] {
        let stepTicks = Double(ticksPerQuarter) / 4
        let length = max(1, Int(stepTicks / 2))
        let notes = groove.notes.map { n in
            var start = tick(ofStep: n.step + startStep, ticksPerQuarter: ticksPerQuarter)
            if humanize { start = max(0, start + Int((n.offset * stepTicks).rounded())) }
            return Note(pitch: n.drum.outputNote, velocity: n.velocity, channel: channel, start: start, duration: length)
        }
        return humanize ? endedBeforeTheNextHit(notes) : notes
    }

    /// Humanized hits of one drum can come closer than a hit's length: each is ended where the
    /// next hit of its drum starts (a player cannot strike a drum twice at once; FluidSynth would
    /// release the first there anyway), and of two hits of one drum at one tick only the first is
    /// kept. The result is in start order.
    static func endedBeforeTheNextHit(_ notes: [Note]) -> [Note] {
        let byStart = notes.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        var result: [Note] = []
        result.reserveCapacity(byStart.count)
        var last = [Int](repeating: -1, count: 128)
        for note in byStart {
            let key = Int(note.pitch & 127)
            if last[key] >= 0 {
                let previous = result[last[key]]
                if previous.start == note.start { continue }
                if previous.end > note.start { result[last[key]].duration = note.start - previous.start }
            }
            last[key] = result.count
            result.append(note)
        }
        return result
    }
}
