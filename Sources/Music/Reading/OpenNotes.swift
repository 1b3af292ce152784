#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
