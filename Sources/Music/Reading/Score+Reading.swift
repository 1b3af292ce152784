#if canImport(FoundationEssentials)
import struct FoundationEssentials.URL
#else
import struct Foundation.URL
#endif
import SMF

extension Score {
    /// Interprets a Standard MIDI File: one part per track, notes paired from note-on/note-off.
    ///
    /// Pairing is per (channel, note) within a track: a note-on with velocity 0 is a note-off; when
    /// the same key is struck again before it is released, the note-offs close the open notes first
    /// in, first out; a note never closed ends at the track's last event; a note-off with no open
    /// note is ignored. Both are reported in `readingWarnings`. Tempo, time and key signatures are
    /// collected from every track.
    ///
    /// Format 2 (SMF 1.0 spec, "Formats": independent single-track patterns): the tracks are
    /// sequences played one after another, each timed by its own tempo map. Sequence k starts at the
    /// end (End of Track) of sequence k - 1; a sequence that sets no tempo (time signature) at its
    /// start gets the spec's default, 120 bpm (4/4), when an earlier one changed it. A line in
    /// `readingWarnings` says where each sequence starts.
    ///
    /// A note longer than `Note.durationRange` (2^39 - 1 ticks) is ended there, with a line in
    /// `readingWarnings` (`read(bytes:options:)` refuses such a file instead).
    ///
    /// Time and memory are linear in the number of events (plus sorting each part's notes): open
    /// notes live in one pool shared by all tracks, so pairing allocates nothing per note.
    public init(file: MIDIFile) {
        self = ReadScratch.withScratch { scratch in Score(file: file, scratch: scratch) }
    }

    /// `init(file:)` pairing notes in `scratch`, an empty shared scratch.
    private init(file: MIDIFile, scratch: ReadScratch) {
        var sinks: [ScoreTrackSink] = []
        sinks.reserveCapacity(file.tracks.count)
        for track in file.tracks {
            // The note count is at most half the events: reserve once.
            var sink = ScoreTrackSink(scratch: scratch, noteCapacity: track.events.count / 2)
            // Through the buffer, so that each event is matched in place rather than copied.
            track.events.withUnsafeBufferPointer { events in
                for i in events.indices {
                    switch events[i].event {
                    case .channel(let message): sink.channel(message, delta: events[i].delta, at: -1)
                    case .meta(let meta): sink.meta(meta, delta: events[i].delta, at: -1)
                    case .sysex, .escape: sink.skip(delta: events[i].delta)
                    }
                }
            }
            sink.finish()
            sinks.append(sink)
        }
        let sequences = Score.placeSequences(&sinks, format: file.format)
        self = Score.assembled(division: file.division, placed: sinks, warnings: sequences)
    }

    /// Reads a Standard MIDI File (or RIFF `RMID`) straight into a score, with the same result as
    /// `Score(file: MIDIFile.read(bytes:options:).file)` and the same warnings and errors, faster and
    /// in less memory: notes are paired while the bytes are parsed, no `MIDIFile` is built, and the
    /// tracks of a large file (1 MB or more) are parsed on several threads.
    ///
    /// A note longer than `Note.durationRange` (2^39 - 1 ticks) is ended there in lenient mode, with
    /// a line in `Score.readingWarnings` naming the byte offset of the event that ends it.
    ///
    /// - Throws: `SMFError`, as `MIDIFile.read(bytes:options:)`; and, in strict mode,
    ///   `SMFError.Kind.noteTooLong` for a note longer than `Note.durationRange` (at the byte offset
    ///   of the event that ends it).
    public static func read(bytes: [UInt8], options: ReadOptions) throws(SMFError) -> ScoreReadResult {
        try read(bytes: bytes, options: options, parallelAbove: 1 << 20)
    }

    /// `read(bytes:options:)`, with tracks parsed on several threads from `parallelAbove` bytes on
    /// (tests use 0 to check the parallel path on small files).
    package static func read(bytes: [UInt8], options: ReadOptions, parallelAbove: Int) throws(SMFError) -> ScoreReadResult {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SMFError) -> ScoreReadResult in
            // A sequential read finishes each track (leaving the pool empty) before the next starts.
            let (result, sinks) = try ReadScratch.withScratch { (scratch) throws(SMFError) in
                try MIDIFile.read(bytes: buffer, options: options, parallelAbove: parallelAbove) { _, chunkBytes, shared in
                    ScoreTrackSink(scratch: shared ? scratch : ReadScratch(shared: false), chunkBytes: chunkBytes)
                }
            }
            return try scoreRead(result, sinks, options: options)
        }
    }

    /// Reads the file at `url` into a score (see `read(bytes:options:)`); a large file (1 MB or
    /// more) is mapped rather than copied, and each track's pages are given back once it is read, so
    /// that the file is never held whole in memory beside the score.
    ///
    /// - Throws: `FileIOError` when the file cannot be read or `url` is not a file URL; `SMFError`
    ///   (with `path` set) when its contents cannot be read in this mode.
    public static func read(contentsOf url: URL, options: ReadOptions) throws -> ScoreReadResult {
        try read(contentsOf: url, options: options, parallelAbove: 1 << 20)
    }

    /// `read(contentsOf:options:)`, with the file mapped and its tracks parsed on several threads
    /// from `parallelAbove` bytes on (tests use 0 to check that path on small files).
    package static func read(contentsOf url: URL, options: ReadOptions, parallelAbove: Int) throws -> ScoreReadResult {
        let (result, sinks) = try ReadScratch.withScratch { scratch in
            try MIDIFile.read(contentsOf: url, options: options, parallelAbove: parallelAbove) { _, chunkBytes, shared in
                ScoreTrackSink(scratch: shared ? scratch : ReadScratch(shared: false), chunkBytes: chunkBytes)
            }
        }
        do {
            return try scoreRead(result, sinks, options: options)
        } catch {
            var e = error
            e.path = url.path
            throw e
        }
    }

    /// The score of the sinks of a read, placed (format 2), checked (strict) and assembled.
    private static func scoreRead(_ result: ReadResult, _ sinks: [ScoreTrackSink], options: ReadOptions) throws(SMFError) -> ScoreReadResult {
        var sinks = sinks
        let sequences = placeSequences(&sinks, format: result.file.format)
        if options.mode == .strict { try refuseWhatAScoreCannotHold(sinks) }
        let score = Score.assembled(division: result.file.division, placed: sinks, warnings: sequences)
        return ScoreReadResult(score: score, format: result.file.format, trackCount: sinks.count,
                               warnings: result.warnings, warningCounts: result.warningCounts,
                               container: result.container, headerOffset: result.headerOffset)
    }

    /// A strict read's refusal of a note longer than `Note.durationRange` or a control later than
    /// `ControlEvent.tickRange` (the first such in track order), at the byte offset of its event.
    static func refuseWhatAScoreCannotHold(_ sinks: [ScoreTrackSink]) throws(SMFError) {
        for (track, sink) in sinks.enumerated() {
            if let long = sink.overlong {
                throw SMFError(.noteTooLong, track: track, offset: long.offset,
                               expected: "a note of at most \(Note.durationRange.upperBound) ticks (what a score holds), found one of \(long.duration) ticks from tick \(long.start)")
            }
            if let late = sink.lateControl {
                throw SMFError(.controlTooLate, track: track, offset: late.offset,
                               expected: "a control at a tick of at most \(ControlEvent.tickRange.upperBound) (what a score holds), found one at tick \(late.tick)")
            }
        }
    }

    /// Places the tracks of a format 2 file one after another (see `init(file:)`); the warning that
    /// says where each sequence starts, none for other formats.
    static func placeSequences(_ sinks: inout [ScoreTrackSink], format: Format) -> [String] {
        guard format == .multiSequence && sinks.count > 1 else { return [] }
        let starts = sequenceStarts(trackEnds: sinks.map(\.tick))
        for k in sinks.indices.dropFirst() {
            let earlier = sinks[..<k]
            sinks[k].placeSequence(at: starts[k], after: earlier)
        }
        return ["format 2: \(sinks.count) independent sequences played one after another, each with its own tempo map: "
                + starts.enumerated().map { "sequence \($0.offset) from tick \($0.element)" }.joined(separator: ", ")]
    }

    /// The score made of one sink per track, in file order, after `placeSequences`; `warnings` come first.
    static func assembled(division: Division, placed sinks: [ScoreTrackSink], warnings first: [String]) -> Score {
        var warnings = first
        var parts: [Part] = []
        parts.reserveCapacity(sinks.count)
        var tempos: [TempoChange] = [], times: [TimeSignature] = [], keys: [KeySignature] = []
        var trackEnd = 0
        for (index, sink) in sinks.enumerated() {
            trackEnd = max(trackEnd, sink.tick)
            // (A first non-empty list is taken as it is: most files set their tempo and signatures in one track.)
            if tempos.isEmpty { tempos = sink.tempos } else { tempos += sink.tempos }
            if times.isEmpty { times = sink.times } else { times += sink.times }
            if keys.isEmpty { keys = sink.keys } else { keys += sink.keys }
            if sink.strayOffs > 0 { warnings.append("track \(index): \(sink.strayOffs) note-off(s) with no sounding note, ignored") }
            if let long = sink.overlong {
                let place = long.offset >= 0 ? " (ended at byte offset \(long.offset))" : ""
                warnings.append("track \(index): a note of \(long.duration) ticks from tick \(long.start)\(place) is longer than a score holds (\(Note.durationRange.upperBound) ticks): ended there")
            }
            if let late = sink.lateControl {
                let place = late.offset >= 0 ? " (byte offset \(late.offset))" : ""
                warnings.append("track \(index): a control at tick \(late.tick)\(place) is later than a score holds (tick \(ControlEvent.tickRange.upperBound)): placed there, with any later ones")
            }
            if sink.unclosed > 0 { warnings.append("track \(index): \(sink.unclosed) note(s) never ended, ended at the track's end (tick \(sink.tick))") }
            if let bytes = sink.nameBytes, !TextEvent.isValidUTF8(bytes) {
                warnings.append("track \(index): track name is not UTF-8, read as Latin-1 (its bytes are kept)")
            }
            parts.append(Part(nameBytes: sink.nameBytes, sortedNotes: sink.notes, controls: sink.controls, texts: sink.texts))
        }
        // Stable sorts: simultaneous changes keep file order (the tempo map lets the last one win).
        var score = Score(division: division, parts: parts,
                          sortedTempoChanges: stableSortedByTick(tempos) { $0.tick },
                          sortedTimeSignatures: stableSortedByTick(times) { $0.tick },
                          sortedKeySignatures: stableSortedByTick(keys) { $0.tick })
        score.readingWarnings = warnings
        score.trackEndTick = trackEnd
        return score
    }

    /// Where each sequence of a format 2 file starts when they are played one after another: 0,
    /// then the running sum of the tracks' lengths (the ticks of their End of Track).
    package static func sequenceStarts(trackEnds: [Int]) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(trackEnds.count)
        var at = 0
        for end in trackEnds {
            starts.append(at)
            at += end
        }
        return starts
    }

    /// `items` sorted by tick, file order kept among equal ticks; no work when already in order.
    static func stableSortedByTick<T>(_ items: [T], _ tick: (T) -> Int) -> [T] {
        var inOrder = true
        for i in items.indices.dropFirst() where tick(items[i - 1]) > tick(items[i]) {
            inOrder = false
            break
        }
        if inOrder { return items }
        return items.enumerated().sorted { (tick($0.element), $0.offset) < (tick($1.element), $1.offset) }.map(\.element)
    }
}
