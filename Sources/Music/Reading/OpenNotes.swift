#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The notes still sounding while a track is read: one first-in, first-out queue per (channel,
/// pitch) key (`channel << 7 | pitch`, 2048 keys) of the indices of those notes in the track's note
/// array. A key with one open note, the common case, holds it in its head word; a key with more
/// keeps them as a linked list in one pool of nodes whose freed slots are reused, so no allocation
/// happens per note once the pool has grown. The storage is raw memory owned by this object (no
/// copy-on-write checks on the per-note path).
/// (A read keeps its pool in its `ReadScratch`.)
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
    /// Per key: 0 when the queue is empty (so that a zeroed allocation is all empty); note + 1 when
    /// it holds one note, kept here (`note` below `Int32.max - 1`); -(first node + 1) when its notes
    /// are in the pool. `tails`: the last node of a queue in the pool, read only then.
    private let heads: UnsafeMutablePointer<Int32>
    private let tails: UnsafeMutablePointer<Int32>
    private var nodes: UnsafeMutablePointer<Node>
    /// The nodes the pool holds room for (it grows with the notes queued on keys struck again).
    private(set) var capacity = 64
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
        count += 1
        let head = heads[key]
        if head == 0 && note < Int(Int32.max) - 1 {
            heads[key] = Int32(note + 1)
            return
        }
        pushToPool(key: key, note: note)
    }

    /// `push` when the key already holds a note (or `note` is too large for its head word): its
    /// queue goes to (or stays in) the pool.
    @inline(never)
    private func pushToPool(key: Int, note: Int) {
        let head = heads[key]
        if head > 0 {
            let first = newNode(note: Int(head - 1))
            heads[key] = -(first + 1)
            tails[key] = first
        }
        let node = newNode(note: note)
        if heads[key] != 0 { nodes[Int(tails[key])].next = node } else { heads[key] = -(node + 1) }
        tails[key] = node
    }

    /// A node of the pool holding `note`, with no next node.
    private func newNode(note: Int) -> Int32 {
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
        return node
    }

    /// Closes the oldest open note of `key` (0..<2048): its index in the track's note array, nil
    /// when none is open.
    @inline(__always)
    func pop(key: Int) -> Int? {
        precondition(key >= 0 && key < Self.keyCount)
        let head = heads[key]
        if head > 0 {
            heads[key] = 0
            count -= 1
            return Int(head - 1)
        }
        guard head != 0 else { return nil }
        return popFromPool(key: key)
    }

    /// `pop` of a queue in the pool.
    @inline(never)
    private func popFromPool(key: Int) -> Int {
        let n = Int(-heads[key] - 1)
        let next = nodes[n].next
        heads[key] = next >= 0 ? -(next + 1) : 0
        nodes[n].next = freeList
        freeList = Int32(n)
        count -= 1
        return nodes[n].note
    }
}
