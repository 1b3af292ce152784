import Music

/// How well decoded Piano Genie melodies follow the buttons pressed and the original tunes:
/// counts summed over melodies, and the shares they give.
///
/// For each press `i` after the first, with `db` the button step (`buttons[i] - buttons[i-1]`)
/// and `dp` the decoded pitch step: the press follows the contour when `db != 0` and `dp` moves
/// the same way (`signum` equal), or when `db == 0` and `|dp| <= 2` semitones (a repeated button
/// gives the same or a neighbouring note). `dOriginal`, the original tune's pitch step, counts
/// for `originalDirection` when it is not 0.
package struct GenieMetrics: Hashable, Sendable, Codable {
    /// Presses after the first whose button went up or down, and how many of them followed.
    package var upDown = 0, upDownFollowed = 0
    /// All presses after the first, and how many followed (up/down or repeated).
    package var presses = 0, pressesFollowed = 0
    /// Intervals whose original moved, and how many of them the decoded melody moved the same way.
    package var moved = 0, sameWay = 0
    /// Decoded notes, and how many are in the tune's key (`Key.contains(pitchClass:)`).
    package var notes = 0, inKey = 0

    /// Counts as given (all 0 by default).
    package init(upDown: Int = 0, upDownFollowed: Int = 0, presses: Int = 0, pressesFollowed: Int = 0, moved: Int = 0, sameWay: Int = 0,
                notes: Int = 0, inKey: Int = 0) {
        (self.upDown, self.upDownFollowed, self.presses, self.pressesFollowed) = (upDown, upDownFollowed, presses, pressesFollowed)
        (self.moved, self.sameWay, self.notes, self.inKey) = (moved, sameWay, notes, inKey)
    }

    /// Adds one melody: `decoded` pitches (MIDI), the `original` pitches the buttons came from
    /// (same length), the `buttons` pressed (same length) and the tune's `key`.
    package mutating func add(decoded: [Int], original: [Int], buttons: [Int], key: Key) {
        notes += decoded.count
        inKey += decoded.filter { key.contains(pitchClass: $0) }.count
        for i in decoded.indices.dropFirst() {
            let db = buttons[i] - buttons[i - 1], dp = decoded[i] - decoded[i - 1]
            let followed = db == 0 ? abs(dp) <= 2 : db.signum() == dp.signum()
            presses += 1
            if followed { pressesFollowed += 1 }
            if db != 0 {
                upDown += 1
                if followed { upDownFollowed += 1 }
            }
            let dOriginal = original[i] - original[i - 1]
            if dOriginal != 0 {
                moved += 1
                if dOriginal.signum() == dp.signum() { sameWay += 1 }
            }
        }
    }

    /// `upDownFollowed / upDown` (0 when there is none).
    package var contourUpDown: Double { Double(upDownFollowed) / Double(max(upDown, 1)) }
    /// `pressesFollowed / presses` (0 when there is none).
    package var contourOverall: Double { Double(pressesFollowed) / Double(max(presses, 1)) }
    /// `sameWay / moved` (0 when there is none).
    package var originalDirection: Double { Double(sameWay) / Double(max(moved, 1)) }
    /// `inKey / notes` (0 when there is none).
    package var inKeyShare: Double { Double(inKey) / Double(max(notes, 1)) }
}
