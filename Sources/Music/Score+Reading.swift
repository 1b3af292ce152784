#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SMF

extension Score {
    /// Interprets a Standard MIDI File: one part per track, notes paired from note-on/note-off.
    ///
    /// Pairing is per (channel, note) within a track: a note-on with velocity 0 is a note-off; when
    /// the same key is struck again before it is released, the note-offs close the open notes first
    /// in, first out; a note never closed ends at the track's last event; a note-off with no open
    /// note is ignored. Both are reported in `readingWarnings`. Tempo, time and key signatures are collected from every track.
    ///
    /// Time and memory are linear in the number of events (plus sorting each part's notes): open
    /// notes live in one pool shared by all tracks, so pairing allocates nothing per note.
    public init(file: MIDIFile) {
        var parts: [Part] = []
        parts.reserveCapacity(file.tracks.count)
        var tempos: [TempoChange] = [], times: [TimeSignature] = [], keys: [KeySignature] = []
        var warnings: [String] = []
        var trackEnd = 0
        let open = OpenNotes()
        for (index, track) in file.tracks.enumerated() {
            var notes: [Note] = []
            var controls: [ControlEvent] = []
            var nameBytes: [UInt8]?
            var texts: [TextEvent] = []
            var tick = 0
            var strayOffs = 0
            // The note count is at most half the events: reserve once.
            notes.reserveCapacity(track.events.count / 2)
            // Through the buffer, so that each event is matched in place rather than copied.
            track.events.withUnsafeBufferPointer { events in
            for i in events.indices {
                tick += Int(events[i].delta)
                switch events[i].event {
                case .channel(let message):
                    switch message {
                    case .noteOn(let ch, let pitch, let velocity) where velocity > 0:
                        open.push(key: OpenNotes.key(channel: ch, pitch: pitch), start: tick, velocity: velocity)
                    case .noteOn(let ch, let pitch, _), .noteOff(let ch, let pitch, _):
                        let key = OpenNotes.key(channel: ch, pitch: pitch)
                        if let first = open.pop(key: key) {
                            notes.append(Note(pitch: pitch, velocity: first.velocity, channel: ch,
                                              start: first.start, duration: tick - first.start))
                        } else {
                            strayOffs += 1
                        }
                    default:
                        controls.append(ControlEvent(tick: tick, message: message))
                    }
                case .meta(let meta):
                    switch meta {
                    case .tempo(let us) where us > 0:
                        tempos.append(TempoChange(tick: tick, microsecondsPerQuarter: us))
                    case .timeSignature(let n, let power, _, _) where power < 16:
                        times.append(TimeSignature(tick: tick, numerator: Int(n), denominator: 1 << Int(power)))
                    case .keySignature(let sf, let minor):
                        keys.append(KeySignature(tick: tick, sharpsFlats: Int(sf), minor: minor))
                    case .text(.trackName, let bytes) where nameBytes == nil:
                        nameBytes = bytes
                    case .text(let kind, let bytes):
                        texts.append(TextEvent(tick: tick, kind: kind, bytes: bytes))
                    default:
                        break
                    }
                case .sysex, .escape:
                    break
                }
            }
            }
            trackEnd = max(trackEnd, tick)
            let unclosed = open.count
            if unclosed > 0 {
                // Notes never ended close at the track's end, in (channel, pitch) order, oldest first.
                for key in 0..<OpenNotes.keyCount {
                    while let first = open.pop(key: key) {
                        notes.append(Note(pitch: UInt8(key & 127), velocity: first.velocity, channel: UInt8(key >> 7),
                                          start: first.start, duration: tick - first.start))
                    }
                }
            }
            if strayOffs > 0 { warnings.append("track \(index): \(strayOffs) note-off(s) with no sounding note, ignored") }
            if unclosed > 0 { warnings.append("track \(index): \(unclosed) note(s) never ended, ended at the track's end (tick \(tick))") }
            if let bytes = nameBytes, !TextEvent.isValidUTF8(bytes) {
                warnings.append("track \(index): track name is not UTF-8, read as Latin-1 (its bytes are kept)")
            }
            parts.append(Part(nameBytes: nameBytes, notes: notes, controls: controls, texts: texts))
        }
        // Stable sorts: simultaneous changes keep file order (the tempo map lets the last one win).
        self.init(division: file.division, parts: parts,
                  tempoChanges: Self.stableSortedByTick(tempos, \.tick),
                  timeSignatures: Self.stableSortedByTick(times, \.tick),
                  keySignatures: Self.stableSortedByTick(keys, \.tick))
        readingWarnings = warnings
        trackEndTick = trackEnd
    }

    /// `items` sorted by tick, file order kept among equal ticks; no work when already in order.
    static func stableSortedByTick<T>(_ items: [T], _ tick: KeyPath<T, Int>) -> [T] {
        var inOrder = true
        for i in items.indices.dropFirst() where items[i - 1][keyPath: tick] > items[i][keyPath: tick] {
            inOrder = false
            break
        }
        if inOrder { return items }
        return items.enumerated().sorted { ($0.element[keyPath: tick], $0.offset) < ($1.element[keyPath: tick], $1.offset) }.map(\.element)
    }
}

/// The notes still sounding while a track is read: one first-in, first-out queue per (channel,
/// pitch) key (`channel << 7 | pitch`, 2048 keys), as linked lists in one pool of nodes whose
/// freed slots are reused, so no allocation happens per note once the pool has grown. The storage is
/// raw memory owned by this object (no copy-on-write checks on the per-note path).
final class OpenNotes {
    static let keyCount = 16 * 128

    /// The queue of a (channel 0-15, pitch 0-127) pair. Values outside those ranges, which no file
    /// can hold (they are 4 and 7 bits wide there), are folded into them.
    @inline(__always)
    static func key(channel: UInt8, pitch: UInt8) -> Int { Int(channel & 0x0F) << 7 | Int(pitch & 0x7F) }

    private struct Node {
        var start: Int
        var next: Int32
        var velocity: UInt8
    }
    /// Per key: first and last node, -1 when empty.
    private let heads: UnsafeMutablePointer<Int32>
    private let tails: UnsafeMutablePointer<Int32>
    private var nodes: UnsafeMutablePointer<Node>
    private var capacity = 64
    private var used = 0
    private var free: Int32 = -1
    /// Notes currently open, over all keys.
    private(set) var count = 0

    init() {
        heads = .allocate(capacity: Self.keyCount)
        tails = .allocate(capacity: Self.keyCount)
        // -1 in every Int32 is every byte 0xFF: one memset each.
        memset(heads, 0xFF, Self.keyCount * MemoryLayout<Int32>.size)
        memset(tails, 0xFF, Self.keyCount * MemoryLayout<Int32>.size)
        nodes = .allocate(capacity: capacity)
    }

    deinit {
        heads.deallocate()
        tails.deallocate()
        nodes.deallocate()
    }

    /// Opens a note at the back of `key` (0..<2048)'s queue.
    func push(key: Int, start: Int, velocity: UInt8) {
        precondition(key >= 0 && key < Self.keyCount)
        let node: Int32
        if free >= 0 {
            node = free
            free = nodes[Int(node)].next
        } else {
            if used == capacity {
                let bigger = UnsafeMutablePointer<Node>.allocate(capacity: 2 * capacity)
                bigger.moveInitialize(from: nodes, count: used)
                nodes.deallocate()
                nodes = bigger
                capacity *= 2
            }
            node = Int32(used)
            (nodes + used).initialize(to: Node(start: 0, next: -1, velocity: 0))
            used += 1
        }
        nodes[Int(node)] = Node(start: start, next: -1, velocity: velocity)
        let tail = tails[key]
        if tail >= 0 { nodes[Int(tail)].next = node } else { heads[key] = node }
        tails[key] = node
        count += 1
    }

    /// Closes the oldest open note of `key` (0..<2048): its start tick and velocity, nil when none is open.
    func pop(key: Int) -> (start: Int, velocity: UInt8)? {
        precondition(key >= 0 && key < Self.keyCount)
        let node = heads[key]
        guard node >= 0 else { return nil }
        let n = Int(node)
        let next = nodes[n].next
        heads[key] = next
        if next < 0 { tails[key] = -1 }
        nodes[n].next = free
        free = node
        count -= 1
        return (nodes[n].start, nodes[n].velocity)
    }
}
