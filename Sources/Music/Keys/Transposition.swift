import SMF

/// What `MIDIFile.transposed(by:)` did.
public struct TranspositionReport: Sendable, Hashable {
    /// Note-ons (velocity > 0) moved out of 0...127 by the transposition, dropped with their note-offs.
    public var notesDroppedOutOfRange = 0
    /// Note-ons (velocity > 0) on the General MIDI percussion channel (`GeneralMIDI.percussionChannel`,
    /// channel 10), not transposed.
    public var drumNotesKept = 0
    /// Key signatures rewritten for the transposition.
    public var keySignaturesTransposed = 0
    /// Empty text events inserted where dropped notes left a gap longer than one delta time holds.
    public var gapEventsInserted = 0
    /// Remarks in words, e.g. "2 note(s) on channel 10 (drums) were not transposed".
    public var notes: [String] = []

    package init() {}
}

extension MIDIFile {
    /// The file moved by `semitones` (any integer; 0 returns the file unchanged with an empty report).
    ///
    /// Semitones are added to the note numbers of note-on, note-off and poly pressure events, except
    /// on the General MIDI percussion channel (channel 10, index 9), whose note numbers name drums,
    /// not pitches. Events moved outside 0...127 are dropped; their delta times are added to the next
    /// kept event, so every other event keeps its time (where that sum exceeds the 0x0FFFFFFF ticks a
    /// delta time holds, empty text events bridge the gap; ``TranspositionReport`` counts them). Key signatures move with the music
    /// (`KeySignature.transposed(by:)`: +2 turns G major into A major). Every other event is kept.
    public func transposed(by semitones: Int) -> (file: MIDIFile, report: TranspositionReport) {
        var report = TranspositionReport()
        guard semitones != 0 else { return (self, report) }
        var out = self
        func shift(_ n: UInt8) -> UInt8? {
            let v = Int(n) + semitones
            return (0...127).contains(v) ? UInt8(v) : nil
        }
        for t in out.tracks.indices {
            var events: [TrackEvent] = []
            events.reserveCapacity(out.tracks[t].events.count)
            var carried = 0  // delta of dropped events, added to the next kept one
            for var e in out.tracks[t].events {
                var keep = true
                switch e.event {
                case .channel(let m) where m.channel == GeneralMIDI.percussionChannel:
                    switch m {
                    case .noteOn(_, _, let v) where v > 0: report.drumNotesKept += 1
                    default: break
                    }
                case .channel(.noteOn(let c, let n, let v)):
                    if let s = shift(n) { e.event = .channel(.noteOn(channel: c, note: s, velocity: v)) } else {
                        keep = false
                        if v > 0 { report.notesDroppedOutOfRange += 1 }
                    }
                case .channel(.noteOff(let c, let n, let v)):
                    if let s = shift(n) { e.event = .channel(.noteOff(channel: c, note: s, velocity: v)) } else { keep = false }
                case .channel(.polyPressure(let c, let n, let p)):
                    if let s = shift(n) { e.event = .channel(.polyPressure(channel: c, note: s, pressure: p)) } else { keep = false }
                case .meta(.keySignature(let sf, let minor)):
                    let moved = KeySignature(sharpsFlats: Int(sf), minor: minor).transposed(by: semitones)
                    e.event = .meta(.keySignature(sharpsFlats: Int8(moved.sharpsFlats), minor: minor))
                    report.keySignaturesTransposed += 1
                default:
                    break
                }
                if keep {
                    // A delta time holds at most 0x0FFFFFFF ticks: a longer gap left by dropped
                    // events is bridged by empty text events, so that nothing moves earlier.
                    report.gapEventsInserted += events.append(e.event, after: Int(e.delta) + carried)
                    carried = 0
                } else {
                    carried += Int(e.delta)
                }
            }
            out.tracks[t].events = events
        }
        if report.notesDroppedOutOfRange > 0 {
            report.notes.append("\(report.notesDroppedOutOfRange) note(s) moved outside MIDI notes 0...127 by the transposition were dropped")
        }
        if report.gapEventsInserted > 0 {
            report.notes.append("\(report.gapEventsInserted) empty text event(s) inserted to keep the time of events after dropped notes (gap over 0x0FFFFFFF ticks)")
        }
        if report.drumNotesKept > 0 {
            report.notes.append("\(report.drumNotesKept) note(s) on channel 10 (drums) were not transposed")
        }
        return (out, report)
    }
}
