/// An event that would make the written file break the SMF 1.0 specification, found by
/// `MIDIFile.repairedForWriting()`: what it is, where, and how it was repaired.
public struct SMFWriteProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A key signature (FF 59) whose sharps/flats are outside -7...7, whose mode byte is not 0
        /// (major) or 1 (minor), or whose length is not 2 (SMF 1.0, "Meta-Events", Key Signature).
        /// `data` is the event's data bytes as held.
        case keySignature(data: [UInt8])
        /// A system exclusive event (F0) holding a byte 0x80-0xFF other than a final F7: sysex data
        /// bytes are 7-bit (MIDI 1.0, "System Exclusive"), so a receiver ends the message at that
        /// byte. `position` is its index in the data after the length, `byte` its value.
        case sysexDataByte(position: Int, byte: UInt8)
    }

    /// What `MIDIFile.repairedForWriting()` did.
    public enum Repair: Sendable, Hashable {
        /// The key signature was written as this one: sharps/flats outside -7...7 moved by 12 to
        /// the enharmonic key (14 sharps = 2 sharps), a mode byte above 1 read as major.
        case keySignature(sharpsFlats: Int8, minor: Bool)
        /// The sysex event was cut before the first byte above 0x7F and ended with F7, as a
        /// receiver ends it there.
        case sysexCut(keptBytes: Int)
        /// The event was dropped (its delta time added to the next event's).
        case dropped
    }

    public var kind: Kind
    public var repair: Repair
    /// 0-based track index.
    public var track: Int
    /// 0-based index of the event in its track, as held before the repair.
    public var event: Int
    /// Absolute tick of the event.
    public var tick: Int

    /// e.g. "track 1, event 3 (tick 0): key signature FF 59 02 0E 02 (valid: 2 bytes, -7...7
    /// sharps/flats, mode 0 or 1): written as 2 sharps, major".
    public var description: String {
        "track \(track), event \(event) (tick \(tick)): \(problem): \(repairText)"
    }

    /// The problem alone, without place or repair.
    public var problem: String {
        switch kind {
        case .keySignature(let data):
            return "key signature FF 59 \(Self.hex([UInt8(truncatingIfNeeded: data.count)] + data)) (valid: 2 data bytes, -7...7 sharps/flats, mode 0 or 1)"
        case .sysexDataByte(let position, let byte):
            return "sysex data byte \(position) is 0x\(Self.hex([byte])) (sysex data bytes are 0x00-0x7F)"
        }
    }

    /// The repair in words: "written as 2 sharps, major", "cut after 2 data byte(s) and ended with F7", "dropped".
    public var repairText: String {
        switch repair {
        case .keySignature(let sf, let minor):
            let count = sf == 0 ? "no sharps or flats" : "\(abs(Int(sf))) \(sf > 0 ? "sharp" : "flat")\(abs(Int(sf)) == 1 ? "" : "s")"
            return "written as \(count), \(minor ? "minor" : "major")"
        case .sysexCut(let kept):
            return "cut after \(kept) data byte(s) and ended with F7"
        case .dropped:
            return "dropped"
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { b in
            let s = String(b, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: " ")
    }
}

extension MIDIFile {
    /// The file with every event that would break the SMF 1.0 specification repaired, and what was
    /// repaired, in track and event order (empty when nothing was). Everything else is kept as it is.
    ///
    /// - Key signatures (FF 59): sharps/flats 8...14 or -8...-14 become the enharmonic key 12 away
    ///   (as the lenient reader reads them), a mode byte other than 0 or 1 becomes major; one of
    ///   another length or beyond +-14 is dropped.
    /// - Sysex events (F0): data holding a byte above 0x7F (but a final F7) is cut before that byte
    ///   and ended with F7. Escape events (F7), which may carry anything, are left alone.
    ///
    /// A dropped event's delta time is added to the next event's, so the others keep their ticks.
    public func repairedForWriting() -> (file: MIDIFile, problems: [SMFWriteProblem]) {
        var problems: [SMFWriteProblem] = []
        var out = self
        for (t, track) in tracks.enumerated() {
            guard track.events.contains(where: { Self.needsRepair($0.event) }) else { continue }
            var events: [TrackEvent] = []
            events.reserveCapacity(track.events.count)
            var tick = 0
            var carried: UInt32 = 0  // delta of dropped events, added to the next one
            for (i, e) in track.events.enumerated() {
                tick += Int(e.delta)
                var event = e.event
                if Self.needsRepair(e.event) {
                    let (kind, repaired) = Self.repair(e.event)
                    problems.append(SMFWriteProblem(kind: kind, repair: repaired, track: t, event: i, tick: tick))
                    switch repaired {
                    case .keySignature(let sf, let minor): event = .meta(.keySignature(sharpsFlats: sf, minor: minor))
                    case .sysexCut(let kept):
                        if case .sysex(let data) = e.event { event = .sysex(Array(data.prefix(kept)) + [0xF7]) }
                    case .dropped:
                        carried += e.delta
                        continue
                    }
                }
                var delta = e.delta + carried
                if delta > VLQ.maxValue {
                    // Too far for one delta time: an empty text event holds the place of the dropped ones.
                    events.append(TrackEvent(delta: carried, event: .meta(.text(.text, []))))
                    delta = e.delta
                }
                carried = 0
                events.append(TrackEvent(delta: delta, event: event))
            }
            if carried > 0 { events.append(TrackEvent(delta: carried, event: .meta(.endOfTrack))) }
            out.tracks[t] = Track(events: events)
        }
        return (out, problems)
    }

    static func needsRepair(_ event: Event) -> Bool {
        switch event {
        case .meta(.keySignature(let sf, _)): return !(-7...7).contains(sf)
        case .meta(.unknown(0x59, _)): return true
        case .sysex(let data):
            for (i, b) in data.enumerated() where b >= 0x80 && !(b == 0xF7 && i == data.count - 1) { return true }
            return false
        default: return false
        }
    }

    /// What is wrong with `event` (one `needsRepair` accepts) and its repair.
    static func repair(_ event: Event) -> (SMFWriteProblem.Kind, SMFWriteProblem.Repair) {
        switch event {
        case .meta(.keySignature(let sf, let minor)):
            let data: [UInt8] = [UInt8(bitPattern: sf), minor ? 1 : 0]
            return (.keySignature(data: data), enharmonic(Int(sf)).map { .keySignature(sharpsFlats: $0, minor: minor) } ?? .dropped)
        case .meta(.unknown(_, let data)):
            guard data.count == 2, let sf = enharmonic(Int(Int8(bitPattern: data[0]))) else { return (.keySignature(data: data), .dropped) }
            return (.keySignature(data: data), .keySignature(sharpsFlats: sf, minor: data[1] == 1))
        case .sysex(let data):
            let i = data.indices.first { data[$0] >= 0x80 && !(data[$0] == 0xF7 && $0 == data.count - 1) }!
            return (.sysexDataByte(position: i, byte: data[i]), .sysexCut(keptBytes: i))
        default:
            preconditionFailure("repair(_:) called on an event that needs none")
        }
    }

    /// Sharps/flats in -7...7 for `sf` in -14...14 (8...14 less 12, -8...-14 plus 12), nil beyond.
    static func enharmonic(_ sf: Int) -> Int8? {
        if (-7...7).contains(sf) { return Int8(sf) }
        if (8...14).contains(sf) { return Int8(sf - 12) }
        if (-14 ... -8).contains(sf) { return Int8(sf + 12) }
        return nil
    }
}
