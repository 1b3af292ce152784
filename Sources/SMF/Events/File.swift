/// The SMF format word of `MThd` (SMF 1.0 spec, "Header Chunks").
public enum Format: UInt16, Sendable, Hashable {
    /// 0: a single multi-channel track.
    case singleTrack = 0
    /// 1: simultaneous tracks of one sequence (track 1 by convention holds the tempo map).
    case multiTrack = 1
    /// 2: independent single-track patterns.
    case multiSequence = 2
}

/// The division word of `MThd` (SMF 1.0 spec, "Header Chunks").
public enum Division: Sendable, Hashable {
    /// Bit 15 = 0: ticks per quarter note (PPQN), 1...32767.
    case ticksPerQuarter(UInt16)
    /// Bit 15 = 1: SMPTE time. `framesPerSecond` is 24, 25, 29 (meaning 29.97 drop-frame) or 30;
    /// `ticksPerFrame` is the subframe resolution, 1...255.
    case smpte(framesPerSecond: UInt8, ticksPerFrame: UInt8)

    /// The 16-bit word as stored in `MThd`.
    public var word: UInt16 {
        switch self {
        case .ticksPerQuarter(let t): return t & 0x7FFF
        // The high byte is -fps in two's complement (e.g. 25 -> 0xE7).
        case .smpte(let fps, let tpf): return 0x8000 | (UInt16(0 &- fps) << 8) | UInt16(tpf)
        }
    }

    /// Decodes the `MThd` division word.
    public init(word: UInt16) {
        if word & 0x8000 == 0 {
            self = .ticksPerQuarter(word)
        } else {
            let fps = UInt8(-Int(Int8(bitPattern: UInt8(word >> 8))))
            self = .smpte(framesPerSecond: fps, ticksPerFrame: UInt8(word & 0xFF))
        }
    }
}

/// One `MTrk` chunk: its events in file order, each with a delta time.
public struct Track: Sendable, Hashable {
    public var events: [TrackEvent]
    public init(events: [TrackEvent] = []) { self.events = events }
}

/// A chunk whose type is not `MThd` or `MTrk`, kept as raw bytes (SMF 1.0 spec: readers must skip
/// unknown chunk types). `position` is the number of `MTrk` chunks that preceded it in the file.
public struct RawChunk: Sendable, Hashable {
    /// The four-character chunk type, e.g. "XFIH".
    public var type: String
    public var data: [UInt8]
    public var position: Int
    public init(type: String, data: [UInt8], position: Int) {
        self.type = type
        self.data = data
        self.position = position
    }
}

/// A Standard MIDI File: header fields, tracks and unknown chunks, with no musical interpretation.
/// Read with `MIDIFile(bytes:)` or `MIDIFile(contentsOf:)` (Reader.swift), write with
/// `bytes(runningStatus:)` or `write(to:runningStatus:)` (Writer.swift). The number of tracks in
/// `MThd` (ntracks) is `tracks.count`.
public struct MIDIFile: Sendable, Hashable {
    public var format: Format
    public var division: Division
    public var tracks: [Track]
    /// Chunks of unknown type found when reading; written back after the `MTrk` chunk they followed.
    public var unknownChunks: [RawChunk]

    public init(format: Format = .multiTrack, division: Division = .ticksPerQuarter(480),
                tracks: [Track] = [], unknownChunks: [RawChunk] = []) {
        self.format = format
        self.division = division
        self.tracks = tracks
        self.unknownChunks = unknownChunks
    }
}
