extension Score {
    /// What `bytes(runningStatus:)`, `write(to:)` and `midiFile()` cannot write as this score
    /// holds it, one line per problem and part, naming the track the part is written as (track 0
    /// is the tempo track, so part 0 is track 1); empty when the file holds every note as it is.
    /// For the caller to print beside its output.
    ///
    /// - Notes of one key whose end the file cannot keep: a note begun while an earlier note of its
    ///   key sounds and ending before that one. Readers pair a key's note-offs with its note-ons
    ///   first in, first out, so such notes come back with their ends exchanged (the count is of
    ///   the notes read back with another end).
    /// - Notes of velocity 0, written with velocity 1 (a note-on of velocity 0 is a note-off).
    /// - Notes of negative length, written with length 0.
    public var writingWarnings: [String] {
        var warnings: [String] = []
        for (index, part) in parts.enumerated() {
            let track = index + 1
            let otherEnds = Self.notesReadBackWithOtherEnds(Self.writtenNotes(part.notes))
            if otherEnds > 0 {
                warnings.append("track \(track): \(otherEnds) note(s) of a key that begin while a longer note of that key sounds: "
                                + "read back first in, first out, they get other ends")
            }
            let silent = part.notes.reduce(0) { $0 + ($1.velocity == 0 ? 1 : 0) }
            if silent > 0 {
                warnings.append("track \(track): \(silent) note(s) of velocity 0 written with velocity 1 (a note-on of velocity 0 is a note-off)")
            }
            let negative = part.notes.reduce(0) { $0 + ($1.duration < 0 ? 1 : 0) }
            if negative > 0 { warnings.append("track \(track): \(negative) note(s) of negative length written with length 0") }
        }
        return warnings
    }

    /// How many of `notes` (as `writtenNotes` orders them) a first-in, first-out reader pairs with
    /// another note-off than their own: per key, the notes in order take the key's ends in
    /// ascending order; those whose own end differs are counted.
    static func notesReadBackWithOtherEnds(_ notes: [Note]) -> Int {
        var latestEnd: [Int: Int] = [:]
        var disordered = Set<Int>()
        for n in notes {
            let key = Int(n.channel & 15) << 7 | Int(n.pitch & 127)
            if let latest = latestEnd[key], n.end < latest { disordered.insert(key) } else { latestEnd[key] = n.end }
        }
        guard !disordered.isEmpty else { return 0 }
        var ends: [Int: [Int]] = [:]
        for n in notes {
            let key = Int(n.channel & 15) << 7 | Int(n.pitch & 127)
            if disordered.contains(key) { ends[key, default: []].append(n.end) }
        }
        return ends.values.reduce(0) { count, own in count + zip(own, own.sorted()).filter { $0 != $1 }.count }
    }
}
