import Synchronization

/// What a `Score` read works in while it pairs a track's notes: the open notes and, when shared,
/// the raw buffers the track's notes and controls collect in before they become its arrays. A
/// sequential read finishes each track (leaving all three empty) before the next starts, so one
/// shared scratch serves every track of a file; `withScratch(_:)` reuses the one the last read
/// gave back, so that reading many small files allocates (and first touches) this memory once, not
/// per file. A track read on a thread of its own (a large file) gets a scratch of its own without
/// buffers: its notes and controls go straight into their arrays, sized for the chunk, with no copy
/// at the end (the copy would cost more than the buffers save there, in time and in peak memory).
/// (`@unchecked Sendable`: a scratch is used by one read at a time; the spare is handed over
/// under a lock.)
final class ReadScratch: @unchecked Sendable {
    let open = OpenNotes()
    /// The buffers, used only when `shared` (a track's own scratch leaves them empty, unused).
    let notes = TrackBuffer<Note>()
    let controls = TrackBuffer<ControlEvent>()
    /// A scratch shared by the tracks of a sequential read (its notes and controls collect in the
    /// buffers), or a track's own (they go straight into the track's arrays).
    let shared: Bool

    /// A scratch shared by the tracks of a sequential read, or a track's own.
    init(shared: Bool) { self.shared = shared }

    /// The largest buffers (and open-note pool) a spare keeps, in elements, so that one large file
    /// read sequentially does not leave megabytes held for the rest of the process.
    private static let spareCapacityLimit = 1 << 16

    /// The scratch the last `withScratch` gave back, if no read holds it now.
    private static let spare = Mutex<ReadScratch?>(nil)

    /// Calls `body` with an empty shared scratch: the spare one when no other read holds it, else a
    /// new one. It becomes the spare again afterwards unless the read left notes open (it threw
    /// half-way) or its buffers or pool grew past `spareCapacityLimit`.
    static func withScratch<R, E: Error>(_ body: (ReadScratch) throws(E) -> R) throws(E) -> R {
        let scratch = spare.withLock { spare in
            let taken = spare
            spare = nil
            return taken
        } ?? ReadScratch(shared: true)
        defer {
            if scratch.open.count == 0, scratch.open.capacity <= spareCapacityLimit,
               scratch.notes.capacity <= spareCapacityLimit,
               scratch.controls.capacity <= spareCapacityLimit {
                scratch.notes.removeAll()
                scratch.controls.removeAll()
                spare.withLock { $0 = scratch }
            }
        }
        return try body(scratch)
    }
}
