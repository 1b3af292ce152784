/// What `MIDIFile.converted(format:ticksPerQuarter:)` did: rounding, shortened notes, dropped tempos,
/// and remarks in words.
public struct ConversionReport: Sendable, Hashable {
    /// The largest difference between an event's exact rescaled tick and the whole tick it was given,
    /// in ticks of the new division (at most 0.5); 0 when the division did not change.
    public var maxRoundingTicks: Double = 0
    /// Notes (note-on with velocity > 0) that start and end on the same tick after rounding but did not before.
    public var notesShortenedToZero = 0
    /// Tempo events dropped because an SMPTE time base was turned into ticks per quarter note (in an
    /// SMPTE file they do not change timing; a 120 bpm tempo replaces them).
    public var smpteTemposDropped = 0
    /// Remarks in words, e.g. "format 2 sequences merged into one track: they now play together".
    public var notes: [String] = []

    package init() {}
}

/// A conversion that cannot be done.
public enum ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The new division is outside 1...32767 ticks per quarter note.
    case ticksPerQuarterOutOfRange(UInt16)
    /// Two events of track `track` (0-based) would be `ticks` apart, more than an SMF delta time can
    /// hold (0x0FFFFFFF): after rescaling, or after splitting a format 0 track.
    case deltaTooLarge(track: Int, ticks: Int)

    public var description: String {
        switch self {
        case .ticksPerQuarterOutOfRange(let ppq):
            return "ticks per quarter note must be 1...32767, not \(ppq)"
        case .deltaTooLarge(let track, let ticks):
            return "track \(track): two events would be \(ticks) ticks apart, more than an SMF delta time can hold (0x0FFFFFFF)"
        }
    }
}

extension MIDIFile {
    /// The file rewritten to another format or division; every event is kept. (Transposition, which
    /// needs to know what notes and keys are, is Music's `MIDIFile.transposed(by:)`.)
    ///
    /// - Parameters:
    ///   - newFormat: `.singleTrack` merges all tracks into one (events in time order, ties in track
    ///     order; one End of Track at the latest track end); `.multiTrack` from format 0 splits the
    ///     track into a first track of all non-channel events (tempo, signatures, text, sysex) and one
    ///     track per MIDI channel used, in channel order; from format 2 it relabels the sequences as
    ///     simultaneous tracks. Nil keeps the format.
    ///   - ticksPerQuarter: the new PPQN. Every event's absolute tick is rescaled and rounded to the
    ///     nearest tick (so errors never accumulate); tempo events are kept, so times in seconds change
    ///     by at most half a new tick. From an SMPTE division, ticks are converted through seconds at
    ///     120 bpm, the file's tempo events (which had no effect) are dropped and one 120 bpm tempo is
    ///     put at tick 0 of the first track. Nil keeps the division.
    /// - Throws: `ConversionError.ticksPerQuarterOutOfRange` for a division of 0 or above 32767;
    ///   `ConversionError.deltaTooLarge` when two events of a new track would be more than 0x0FFFFFFF
    ///   ticks apart (after rescaling, or after splitting a format 0 track), which no SMF can hold.
    public func converted(format newFormat: Format? = nil,
                          ticksPerQuarter: UInt16? = nil) throws(ConversionError) -> (file: MIDIFile, report: ConversionReport) {
        var report = ConversionReport()
        var file = self
        if let newFormat, newFormat != format { file = try file.reformatted(to: newFormat, report: &report) }
        if let ppq = ticksPerQuarter {
            guard ppq > 0 && ppq <= 0x7FFF else { throw .ticksPerQuarterOutOfRange(ppq) }
            file = try file.rescaled(to: ppq, report: &report)
        }
        return (file, report)
    }

    // MARK: Format

    func reformatted(to newFormat: Format, report: inout ConversionReport) throws(ConversionError) -> MIDIFile {
        var out = self
        out.format = newFormat
        switch newFormat {
        case .singleTrack:
            if format == .multiSequence && tracks.count > 1 {
                report.notes.append("format 2 sequences merged into one track: they now play together")
            }
            let end = tracks.enumerated().map { $1.timedEvents(track: $0).last?.tick ?? 0 }.max() ?? 0
            var merged = mergedEvents().filter { $0.event != .meta(.endOfTrack) }
            merged.append(TimedEvent(tick: end, track: 0, event: .meta(.endOfTrack)))
            out.tracks = [try Track(timed: merged, index: 0)]
            out.unknownChunks = unknownChunks.map { var c = $0; c.position = min(c.position, 1); return c }
            if tracks.count > 1 { report.notes.append("\(tracks.count) tracks merged into one (format 0)") }
        case .multiTrack:
            if format == .multiSequence {
                report.notes.append("format 2 sequences relabelled as the tracks of format 1: they now play together")
            } else if tracks.count == 1 {
                let timed = tracks[0].timedEvents()
                let end = timed.last?.tick ?? 0
                var conductor: [TimedEvent] = []
                var byChannel: [UInt8: [TimedEvent]] = [:]
                for e in timed {
                    switch e.event {
                    case .channel(let m): byChannel[m.channel, default: []].append(e)
                    case .meta(.endOfTrack): break
                    default: conductor.append(e)
                    }
                }
                let channels = byChannel.keys.sorted()
                out.tracks = [try Track(timed: conductor + [TimedEvent(tick: end, track: 0, event: .meta(.endOfTrack))], index: 0)]
                for c in channels {
                    let events = byChannel[c]! + [TimedEvent(tick: end, track: 0, event: .meta(.endOfTrack))]
                    out.tracks.append(try Track(timed: events, index: out.tracks.count))
                }
                out.unknownChunks = unknownChunks.map { var c = $0; c.position = min(c.position, 1); return c }
                report.notes.append("format 0 track split into a tempo/meta track and \(channels.count) channel track(s)")
            }
        case .multiSequence:
            report.notes.append("tracks relabelled as independent sequences (format 2)")
        }
        return out
    }

    // MARK: Division

    func rescaled(to ppq: UInt16, report: inout ConversionReport) throws(ConversionError) -> MIDIFile {
        var out = self
        out.division = .ticksPerQuarter(ppq)
        // new tick = old tick x num / den, rounded half up (exact integer arithmetic, no overflow).
        let num: Int, den: Int
        var fromSMPTE = false
        switch division {
        case .ticksPerQuarter(let old):
            if old == ppq { return self }
            num = Int(ppq)
            den = Int(max(old, 1))
        case .smpte(let fps, let tpf):
            // seconds = tick / (fps x tpf), fps = frames / seconds exactly (SMPTEFrameRate: 29 is
            // 30000/1001); at 120 bpm, 2 x ppq ticks per second.
            fromSMPTE = true
            let rate = SMPTEFrameRate.rate(code: fps)
            num = 2 * Int(ppq) * rate.seconds
            den = rate.frames * Int(max(tpf, 1))
        }
        func scale(_ tick: Int) -> (Int, Double) {
            let q = tick.quotientAndRemainder(dividingBy: den)
            let (hi, overflow) = q.quotient.multipliedReportingOverflow(by: num)
            if overflow { return (Int.max / 2, 0) }
            let r = q.remainder * num  // < den * num <= 2^31 * 2^16
            let rounded = hi + (2 * r + den) / (2 * den)
            let exact = Double(hi) + Double(r) / Double(den)
            return (rounded, abs(Double(rounded) - exact))
        }
        var maxError = 0.0
        for (i, track) in tracks.enumerated() {
            var timed: [TimedEvent] = []
            timed.reserveCapacity(track.events.count + 1)
            var openStarts: [Int: [Int]] = [:]  // (channel, note) -> old start ticks of sounding notes
            for e in track.timedEvents(track: i) {
                if fromSMPTE, case .meta(.tempo) = e.event {
                    report.smpteTemposDropped += 1
                    continue
                }
                let (tick, error) = scale(e.tick)
                maxError = max(maxError, error)
                if case .channel(let m) = e.event {
                    switch m {
                    case .noteOn(let c, let n, let v) where v > 0:
                        openStarts[Int(c) << 7 | Int(n), default: []].append(e.tick)
                    case .noteOn(let c, let n, _), .noteOff(let c, let n, _):
                        let key = Int(c) << 7 | Int(n)
                        if var starts = openStarts[key], !starts.isEmpty {
                            let start = starts.removeFirst()
                            openStarts[key] = starts
                            if start != e.tick && scale(start).0 == tick { report.notesShortenedToZero += 1 }
                        }
                    default:
                        break
                    }
                }
                timed.append(TimedEvent(tick: tick, track: i, event: e.event))
            }
            if fromSMPTE && i == 0 {
                timed.insert(TimedEvent(tick: 0, track: 0, event: .meta(.tempo(microsecondsPerQuarter: 500_000))), at: 0)
            }
            out.tracks[i] = try Track(timed: timed, index: i)
        }
        if fromSMPTE {
            report.notes.append("SMPTE time base converted to \(ppq) ticks per quarter note at 120 bpm")
        }
        report.maxRoundingTicks = maxError
        return out
    }
}

extension Track {
    /// A track from events with absolute ticks (ticks must not decrease).
    /// - Throws: `ConversionError.deltaTooLarge` when two events are more than 0x0FFFFFFF ticks apart.
    init(timed: [TimedEvent], index: Int) throws(ConversionError) {
        var events: [TrackEvent] = []
        events.reserveCapacity(timed.count)
        var previous = 0
        for e in timed {
            guard e.tick - previous <= Int(VLQ.maxValue) else {
                throw .deltaTooLarge(track: index, ticks: e.tick - previous)
            }
            events.append(TrackEvent(delta: UInt32(e.tick - previous), event: e.event))
            previous = e.tick
        }
        self.init(events: events)
    }
}
