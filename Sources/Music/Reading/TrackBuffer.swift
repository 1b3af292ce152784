/// Raw, growable storage for what one track yields while it is read (its notes, its controls):
/// appends and in-place updates go straight to memory this object owns, with none of an array's
/// copy-on-write checks on the per-event path; `takeArray()` hands the elements over as an array
/// (one copy, of memory just written) when the track is finished, and keeps the storage for the
/// next track. `Element` must be a trivial type (no references): elements are moved with memory
/// copies and never deinitialized.
final class TrackBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `minimum` elements in all.
    func reserve(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow(to: 2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    @inline(never)
    private func grow(to newCapacity: Int) {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    /// The elements so far as an array, leaving the buffer empty (its storage kept).
    func takeArray() -> [Element] {
        guard count > 0 else { return [] }
        let array = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.update(from: base, count: count)
            initialized = count
        }
        count = 0
        return array
    }

    /// Empties the buffer (its storage kept).
    func removeAll() { count = 0 }
}
