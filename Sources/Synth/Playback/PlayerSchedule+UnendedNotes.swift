import SMF

extension PlayerSchedule {
    /// Where each track ends in the schedule: the block at which the player consumed its last event,
    /// the index in `entries` an event sent there by that track would take, and its tick.
    struct TrackEnd {
        var block: Int
        var entryIndex: Int
        var tick: Int
    }

    /// Finds the notes that no later event ends (see `UnendedNote`) and inserts a note-off for each
    /// at the end of its track: at the block where the player reaches that track's last event,
    /// after that track's events of that block and before the next track's.
    /// - Returns: the entries with the note-offs inserted, and the notes (in the order released).
    static func releasingUnendedNotes(_ entries: [Entry], trackEnds: [TrackEnd?]) -> (entries: [Entry], notes: [UnendedNote]) {
        var pending: [Int: Int] = [:]          // channel * 128 + note -> index of its note-on in `entries`
        for (i, entry) in entries.enumerated() {
            guard case .channel(let message) = entry.event else { continue }
            switch message {
            case .noteOn(let c, let n, let v) where v > 0:
                pending[Int(c) * 128 + Int(n)] = i
            case .noteOn(let c, let n, _), .noteOff(let c, let n, _):
                pending[Int(c) * 128 + Int(n)] = nil
            case .controlChange(let c, let controller, _) where controller == 120 || controller >= 123:
                // All Sound Off, All Notes Off, and the mode messages that imply All Notes Off.
                pending = pending.filter { $0.key / 128 != Int(c) }
            default:
                break
            }
        }
        guard !pending.isEmpty else { return (entries, []) }
        var releases: [(at: Int, entry: Entry, note: UnendedNote)] = []
        for index in pending.values {
            let on = entries[index]
            guard let end = trackEnds[on.track], case .channel(.noteOn(let c, let n, _)) = on.event else { continue }
            let off = Entry(block: end.block, tick: end.tick, track: on.track,
                            event: .channel(.noteOff(channel: c, note: n, velocity: 0)))
            releases.append((end.entryIndex, off, UnendedNote(track: on.track, channel: c, note: n, onTick: on.tick, releaseTick: end.tick)))
        }
        releases.sort { ($0.at, $0.note.channel, $0.note.note) < ($1.at, $1.note.channel, $1.note.note) }
        var out: [Entry] = []
        out.reserveCapacity(entries.count + releases.count)
        var r = 0
        for i in 0...entries.count {
            while r < releases.count, releases[r].at == i { out.append(releases[r].entry); r += 1 }
            if i < entries.count { out.append(entries[i]) }
        }
        return (out, releases.map(\.note))
    }
}
