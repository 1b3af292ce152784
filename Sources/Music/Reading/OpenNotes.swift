#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The notes still sounding while a track is read: one first-in, first-out queue per (channel,
/// pitch) key (`channel << 7 | pitch`, 2048 keys) of the indices of those notes in the track's note
/// array, as linked lists in one pool of nodes whose freed slots are reused, so no allocation
/// happens per note once the pool has grown. The storage is raw memory owned by this object (no
/// copy-on-write checks on the per-note path).
final class OpenNotes {
    static let keyCount = 16 * 128

    /// The queue of a (channel 0-15, pitch 0-127) pair. Values outside those ranges, which no file
    /// can hold (they are 4 and 7 bits wide there), are folded into them.
    @inline(__always)
    static func key(channel: UInt8, pitch: UInt8) -> Int { Int(channel & 0x0F) << 7 | Int(pitch & 0x7F) }

    private struct Node {
        /// The note's index in the track's note array.
        var note: Int
        var next: Int32
    }
    /// Per key: first node + 1 (0 when the queue is empty, so that a zeroed allocation is all
    /// empty); the last node, read only when the queue is not empty.
    private let heads: UnsafeMutablePointer<Int32>
    private let tails: UnsafeMutablePointer<Int32>
    private var nodes: UnsafeMutablePointer<Node>
    private var capacity = 64
    private var used = 0
    private var freeList: Int32 = -1
    /// Notes currently open, over all keys.
    private(set) var count = 0

    init() {
        // One zeroed block for the heads (all queues empty) and the tails (never read before written).
        let raw = calloc(2 * Self.keyCount, MemoryLayout<Int32>.size)!
        heads = raw.bindMemory(to: Int32.self, capacity: 2 * Self.keyCount)
        tails = heads + Self.keyCount
        nodes = .allocate(capacity: capacity)
    }

    deinit {
        free(heads)
        nodes.deallocate()
    }

    /// Opens note `note` (its index in the track's note array) at the back of `key` (0..<2048)'s queue.
    @inline(__always)
    func push(key: Int, note: Int) {
        precondition(key >= 0 && key < Self.keyCount)
        let node: Int32
        if freeList >= 0 {
            node = freeList
            freeList = nodes[Int(node)].next
        } else {
            if used == capacity {
                let bigger = UnsafeMutablePointer<Node>.allocate(capacity: 2 * capacity)
                bigger.moveInitialize(from: nodes, count: used)
                nodes.deallocate()
                nodes = bigger
                capacity *= 2
            }
            node = Int32(used)
            (nodes + used).initialize(to: Node(note: 0, next: -1))
            used += 1
        }
        nodes[Int(node)] = Node(note: note, next: -1)
        if heads[key] != 0 { nodes[Int(tails[key])].next = node } else { heads[key] = node + 1 }
        tails[key] = node
        count += 1
    }

    /// Closes the oldest open note of `key` (0..<2048): its index in the track's note array, nil
    /// when none is open.
    @inline(__always)
    func pop(key: Int) -> Int? {
        precondition(key >= 0 && key < Self.keyCount)
        let head = heads[key]
        guard head != 0 else { return nil }
        let n = Int(head - 1)
        let next = nodes[n].next
        heads[key] = next + 1
        nodes[n].next = freeList
        freeList = Int32(n)
        count -= 1
        return nodes[n].note
    }
}
