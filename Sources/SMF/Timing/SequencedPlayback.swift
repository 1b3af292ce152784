extension MIDIFile {
    /// The file as it is meant to be played: a format 2 file's tracks are independent sequences
    /// (SMF 1.0), played one after another, each timed by its own tempo map; every other file is
    /// returned unchanged.
    ///
    /// For format 2 the result is a format 0 file with one track: sequence k's events follow the
    /// End of Track of sequence k - 1 (its last tick), the End of Track of every sequence but the
    /// last dropped. A sequence that sets no tempo at its first tick, after sequences that left a
    /// tempo other than the default 500,000 µs per quarter (120 bpm), gets that default at its
    /// start, so no sequence is timed by another's tempo. Gaps longer than a delta time holds
    /// (0x0FFFFFFF ticks) are bridged by empty text events. Time and key signatures are kept as
    /// they are (they do not change timing).
    public func sequencedForPlayback() -> MIDIFile {
        guard format == .multiSequence, tracks.count > 1 else { return self }
        var out: [TrackEvent] = []
        out.reserveCapacity(tracks.reduce(1) { $0 + $1.events.count + 1 })
        var pending = 0  // ticks from the last event written to the next one
        func emit(_ event: Event) {
            out.append(event, after: pending)
            pending = 0
        }
        var tempoInForce: UInt32 = 500_000
        for (index, track) in tracks.enumerated() {
            if index > 0, tempoInForce != 500_000, !Self.setsTempoAtStart(track) {
                emit(.meta(.tempo(microsecondsPerQuarter: 500_000)))
                tempoInForce = 500_000
            }
            for e in track.events {
                pending += Int(e.delta)
                if case .meta(.endOfTrack) = e.event {
                    if index < tracks.count - 1 { continue }  // the next sequence starts here
                }
                if case .meta(.tempo(let us)) = e.event { tempoInForce = us }
                emit(e.event)
            }
        }
        if case .meta(.endOfTrack)? = out.last?.event {} else { emit(.meta(.endOfTrack)) }
        return MIDIFile(format: .singleTrack, division: division, tracks: [Track(events: out)])
    }

    /// Whether `track` has a Set Tempo event at tick 0.
    private static func setsTempoAtStart(_ track: Track) -> Bool {
        for e in track.events {
            if e.delta > 0 { return false }
            if case .meta(.tempo) = e.event { return true }
        }
        return false
    }
}
