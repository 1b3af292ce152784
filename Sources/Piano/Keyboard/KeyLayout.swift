/// Which computer key plays which note: a map from a key's character to semitones above the C of
/// the current octave.
package struct KeyLayout: Sendable, Hashable {
    package let name: String
    /// Characters (lower case, unshifted US layout) to semitones above the base C.
    let offsets: [Character: Int]
    /// The key rows drawn in the help screen, low row first.
    let rows: [String]

    init(name: String, rows: [(keys: String, firstOffset: Int, pattern: [Int]?)]) {
        self.name = name
        var map: [Character: Int] = [:]
        for row in rows {
            for (i, c) in row.keys.enumerated() {
                map[c] = row.firstOffset + (row.pattern?[i] ?? i)
            }
        }
        self.offsets = map
        self.rows = rows.map(\.keys)
    }

    /// Semitones above the base C for a key, or nil when the key plays no note.
    func offset(of key: Character) -> Int? { offsets[key] }

    /// The highest offset the layout reaches.
    var span: Int { offsets.values.max() ?? 0 }

    /// Tracker style (as FastTracker and Renoise): the bottom row `z s x d c v g b h n j m , l . ; /`
    /// plays C to E chromatically from the base octave, the top row `q 2 w 3 e r 5 t 6 y 7 u i 9 o 0 p`
    /// plays C to E an octave up.
    package static let tracker = KeyLayout(name: "tracker", rows: [
        ("zsxdcvgbhnjm,l.;/", 0, nil),
        ("q2w3er5t6y7ui9o0p", 12, nil),
    ])

    /// VMPK's default PC keyboard map: the tracker rows, with the top row running on through
    /// `[ = ]` to G (so `-` and `=`/`[`/`]` are notes here, not transpose/octave keys).
    static let vmpk = KeyLayout(name: "vmpk", rows: [
        ("zsxdcvgbhnjm,l.;/", 0, nil),
        ("q2w3er5t6y7ui9o0p[=]", 12, nil),
    ])

    package static let all: [KeyLayout] = [.tracker, .vmpk]

    /// The layout called `name` ("tracker" or "vmpk"), or nil.
    package static func named(_ name: String) -> KeyLayout? {
        all.first { $0.name == name.lowercased() }
    }
}
