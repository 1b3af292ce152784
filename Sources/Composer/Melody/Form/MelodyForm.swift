/// A form plan for a composed melody: which sections it has, which repeat, and how long each is.
///
/// The plans are those of the training tunes (Nottingham reels, jigs, hornpipes): `aabb` is the
/// dance tune's two 8-bar strains, each played twice (the first 16 bars are A then A, the second
/// time with a different last bar); `aaba` and `abac` are the song forms, whose four sections last a
/// quarter of the tune each (4 bars in 16), `abac` being two 8-bar halves that start alike and
/// answer each other. `none` is the plain model sample, bar after bar.
public enum MelodyForm: String, Sendable, CaseIterable, Codable {
    case aabb, aaba, abac, none

    /// One section of a plan: its letter, first bar and length in bars.
    public struct Section: Hashable, Sendable {
        public var letter: Character
        public var firstBar: Int
        public var bars: Int
    }

    /// The form `compose melody` uses when none is given: `aabb`, whose 16-bar output scores
    /// nearest the real tunes on the form measures (docs/evaluation.md, "Form").
    public static let `default` = MelodyForm.aabb

    /// The sections of a tune of `bars` bars, in order, covering bars `0 ..< bars`. `aabb` uses
    /// 8-bar sections (A A B B, cycled: 16 bars are A A, 24 are A A B); `aaba` and `abac` use four
    /// sections of `bars / 4` bars. Empty (the plan does not apply: compose bar after bar) for
    /// `none`, and when the sections would not be whole and at least 4 bars long: `aabb` needs a
    /// multiple of 8 bars, at least 16; `aaba` and `abac` a multiple of 4, at least 16.
    public func sections(bars: Int) -> [Section] {
        let letters: [Character]
        let length: Int
        switch self {
        case .none: return []
        case .aabb:
            guard bars >= 16, bars % 8 == 0 else { return [] }
            letters = ["A", "A", "B", "B"]
            length = 8
        case .aaba, .abac:
            guard bars >= 16, bars % 4 == 0 else { return [] }
            letters = self == .aaba ? ["A", "A", "B", "A"] : ["A", "B", "A", "C"]
            length = bars / 4
        }
        return (0..<(bars / length)).map { Section(letter: letters[$0 % letters.count], firstBar: $0 * length, bars: length) }
    }
}
