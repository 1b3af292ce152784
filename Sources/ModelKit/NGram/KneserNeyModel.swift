import Foundation

/// An interpolated Kneser-Ney n-gram model over integer tokens, optionally conditioned on a small
/// side variable known at each position (for melodies: the metrical position of the next event):
/// a variable-order Markov model that mixes every context length from 0 up to `order - 1`
/// (Kneser & Ney 1995; Chen & Goodman 1998, "An Empirical Study of Smoothing Techniques for
/// Language Modeling", TR-10-98, Harvard, section 3 and eq. 17 and 26).
///
/// Tokens are ids `0 ..< vocabularySize`; the begin-of-sequence symbol is id `vocabularySize`. It
/// is prepended to every training sequence and may appear as the first token of a context, but
/// is never predicted. Training sequences should end with the caller's end-of-sequence token.
/// Conditions are ids `0 ..< conditionCount`, one per predicted token; with `conditionCount` 1
/// (the default) this is the plain model.
///
/// With `c` the condition, `h` the context (the last `k` tokens, `k <= order - 1`), `h'` the
/// context without its oldest token and `a(h c w)` the adjusted count of token `w` after `h`
/// under condition `c`:
///
///     P(w | h, c) = max(a(h c w) - D_k(a(h c w)), 0) / a(h c .)  +  gamma(h c) * P(w | h', c)
///     gamma(h c)  = (D_k1 * N1(h c .) + D_k2 * N2(h c .) + D_k3 * N3+(h c .)) / a(h c .)
///
/// and `P(w | h, c) = P(w | h', c)` when `h c` was never seen. The condition is never dropped:
/// below the empty token context `(c)` comes the uniform distribution `1 / vocabularySize`, so
/// every token has a nonzero probability (for positive discounts). `a(h c .)` sums `a(h c w)` over
/// `w`; `N1`, `N2`, `N3+` count the successors with adjusted count 1, 2, >= 3.
///
/// Adjusted counts (Chen & Goodman's continuation counts, with the KenLM convention for n-grams
/// that start with begin-of-sequence): at the highest order, and for contexts that start with the
/// begin symbol (they cannot be extended to the left), the raw count; at lower orders, the number
/// of distinct tokens seen just before the context, `N1+(. h c w)`.
///
/// Discounts `D_k1, D_k2, D_k3+` per context length `k` come from the count-of-counts `n1...n4` of
/// that level's adjusted counts (Chen & Goodman eq. 26 for modified KN; Ney, Essen & Kneser 1994
/// for the single discount), are given, or are tuned on held-out data (`optimizedDiscounts`).
public struct KneserNeyModel: Sendable {
    /// How discounts are chosen.
    public enum Smoothing: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Modified Kneser-Ney: three discounts per order, `Y = n1 / (n1 + 2 n2)`,
        /// `D1 = 1 - 2Y n2/n1`, `D2 = 2 - 3Y n3/n2`, `D3+ = 3 - 4Y n4/n3`. A discount that is
        /// undefined or outside `0...c` falls back to `Y`.
        case modifiedKneserNey
        /// Kneser-Ney with one discount per order, `D = n1 / (n1 + 2 n2)`.
        case kneserNey
        /// Given discounts for adjusted counts 1, 2 and >= 3, the same at every order (for tests
        /// and experiments). Each must be in `0...1`, `0...2`, `0...3` respectively.
        case fixed(d1: Double, d2: Double, d3: Double)
        /// Given discounts `[D1, D2, D3+]` for each context length `0 ..< order` (what a model
        /// with discounts tuned on held-out data stores; see `optimizedDiscounts`).
        case perOrder([[Double]])

        public var description: String {
            switch self {
            case .modifiedKneserNey: return "modified Kneser-Ney"
            case .kneserNey: return "Kneser-Ney"
            case .fixed(let a, let b, let c): return "Kneser-Ney with fixed discounts \(a), \(b), \(c)"
            case .perOrder(let d): return "modified Kneser-Ney with discounts \(d)"
            }
        }
    }

    // Packed keys: [context tokens, 10 bits each, oldest highest][condition, 4 bits][token, 10 bits].
    static let tokenBits: UInt64 = 10
    static let conditionBits: UInt64 = 4
    static let tokenMask: UInt64 = (1 << tokenBits) - 1
    /// The largest supported order (5 context tokens + condition + token = 64 bits).
    public static let maxOrder = 6
    /// The largest supported vocabulary (ids and the begin symbol must fit 10 bits).
    public static let maxVocabularySize = 1023
    /// The largest supported number of conditions.
    public static let maxConditionCount = 16

    struct Context: Sendable {
        /// Successor ids, ascending, and their adjusted counts.
        var tokens: [Int32]
        var counts: [Int32]
        /// a(h c .)
        var total: Double
        /// N1(h c .), N2(h c .), N3+(h c .): successors with adjusted count 1, 2, >= 3.
        var n1: Double, n2: Double, n3: Double
        /// gamma(h c) * a(h c .) for discounts d.
        @inline(__always)
        func backoffMass(_ d: [Double]) -> Double { d[0] * n1 + d[1] * n2 + d[2] * n3 }
    }

    /// The n-gram order: predictions use up to `order - 1` tokens of context.
    public let order: Int
    /// Number of predictable token ids.
    public let vocabularySize: Int
    /// Number of condition values.
    public let conditionCount: Int
    public internal(set) var smoothing: Smoothing
    /// Discounts `[D1, D2, D3+]` for each context length 0 ..< `order`.
    public internal(set) var discounts: [[Double]]
    /// Count-of-counts `[n1, n2, n3, n4]` of the adjusted counts for each context length.
    public let countOfCounts: [[Int]]
    /// Number of distinct n-grams (context + condition + token) for each context length.
    public var ngramCounts: [Int] { levels.map { $0.values.reduce(0) { $0 + $1.tokens.count } } }
    /// Number of training tokens predicted (including end tokens).
    public let trainingTokens: Int

    /// Per context length: packed context and condition -> successors.
    let levels: [[UInt64: Context]]

    /// The id of the begin-of-sequence symbol.
    public var beginID: Int { vocabularySize }

    /// Counts the n-grams of `sequences` (each without the begin symbol, which is prepended) and
    /// fixes the discounts. `conditions`, if given, holds one condition per token of each sequence
    /// (the condition under which that token is predicted); nil means condition 0 throughout.
    ///
    /// - Throws: `ParameterError` if `order` is outside `1...maxOrder`,
    ///   `vocabularySize` outside `1...maxVocabularySize`, `conditionCount` outside
    ///   `1...maxConditionCount`, a token or condition out of range, conditions not matching the
    ///   sequences, or given discounts out of range.
    public init(order: Int, vocabularySize: Int, conditionCount: Int = 1, sequences: [[Int]], conditions: [[Int]]? = nil,
                smoothing: Smoothing = .modifiedKneserNey) throws {
        guard (1...KneserNeyModel.maxOrder).contains(order) else {
            throw ParameterError("order", value: order, allowed: "1...\(KneserNeyModel.maxOrder)")
        }
        guard (1...KneserNeyModel.maxVocabularySize).contains(vocabularySize) else {
            throw ParameterError("vocabulary size", value: vocabularySize, allowed: "1...\(KneserNeyModel.maxVocabularySize)")
        }
        guard (1...KneserNeyModel.maxConditionCount).contains(conditionCount) else {
            throw ParameterError("condition count", value: conditionCount, allowed: "1...\(KneserNeyModel.maxConditionCount)")
        }
        if let conditions {
            guard conditions.count == sequences.count, zip(conditions, sequences).allSatisfy({ $0.count == $1.count }) else {
                throw ParameterError("conditions", value: "\(conditions.count) sequences", allowed: "one condition per token of each of the \(sequences.count) sequences")
            }
        }
        switch smoothing {
        case .fixed(let d1, let d2, let d3):
            guard KneserNeyModel.valid([d1, d2, d3]) else {
                throw ParameterError("fixed discounts", value: "\(d1), \(d2), \(d3)", allowed: "0...1, 0...2, 0...3")
            }
        case .perOrder(let ds):
            guard ds.count == order, ds.allSatisfy(KneserNeyModel.valid) else {
                throw ParameterError("per-order discounts", value: "\(ds)", allowed: "\(order) triples in 0...1, 0...2, 0...3")
            }
        default:
            break
        }
        self.order = order
        self.vocabularySize = vocabularySize
        self.conditionCount = conditionCount
        self.smoothing = smoothing
        let top = order - 1
        let tb = KneserNeyModel.tokenBits, cb = KneserNeyModel.conditionBits
        let begin = UInt64(vocabularySize)

        // Raw counts per context length, keyed by the packed n-gram.
        var raw = [[UInt64: Int32]](repeating: [:], count: order)
        var predicted = 0
        var padded: [UInt64] = []
        for (s, sequence) in sequences.enumerated() {
            padded.removeAll(keepingCapacity: true)
            padded.append(begin)
            for t in sequence {
                guard (0..<vocabularySize).contains(t) else {
                    throw ParameterError("token id", value: t, allowed: "0...\(vocabularySize - 1)")
                }
                padded.append(UInt64(t))
            }
            for i in 1..<padded.count {
                let condition = conditions?[s][i - 1] ?? 0
                guard (0..<conditionCount).contains(condition) else {
                    throw ParameterError("condition", value: condition, allowed: "0...\(conditionCount - 1)")
                }
                var key = UInt64(condition) << tb | padded[i]
                raw[0][key, default: 0] += 1
                if top >= 1 {
                    for k in 1...min(top, i) {
                        key |= padded[i - k] << (tb + cb + tb * UInt64(k - 1))
                        raw[k][key, default: 0] += 1
                    }
                }
                predicted += 1
            }
        }
        trainingTokens = predicted

        // Adjusted counts.
        var adjusted = [[UInt64: Int32]](repeating: [:], count: order)
        adjusted[top] = raw[top]
        if top >= 1 {
            for k in stride(from: top - 1, through: 0, by: -1) {
                var continuation: [UInt64: Int32] = [:]
                continuation.reserveCapacity(raw[k].count)
                let lowMask: UInt64 = (1 << (tb + cb + tb * UInt64(k))) - 1
                for key in raw[k + 1].keys { continuation[key & lowMask, default: 0] += 1 }
                var level: [UInt64: Int32] = [:]
                level.reserveCapacity(raw[k].count)
                for (key, count) in raw[k] {
                    let startsWithBegin = k >= 1 && (key >> (tb + cb + tb * UInt64(k - 1))) & KneserNeyModel.tokenMask == begin
                    level[key] = startsWithBegin ? count : (continuation[key] ?? count)
                }
                adjusted[k] = level
            }
        }

        // Count-of-counts and discounts.
        var coc: [[Int]] = []
        var ds: [[Double]] = []
        for k in 0..<order {
            var n = [0, 0, 0, 0]
            for c in adjusted[k].values where c <= 4 { n[Int(c) - 1] += 1 }
            coc.append(n)
            if case .perOrder(let given) = smoothing {
                ds.append(given[k])
            } else {
                ds.append(KneserNeyModel.discounts(countOfCounts: n, smoothing: smoothing))
            }
        }
        countOfCounts = coc
        discounts = ds

        // Group by context (and condition).
        var built: [[UInt64: Context]] = []
        for k in 0..<order {
            var grouped: [UInt64: [(Int32, Int32)]] = [:]
            for (key, count) in adjusted[k] {
                grouped[key >> tb, default: []].append((Int32(key & KneserNeyModel.tokenMask), count))
            }
            var level: [UInt64: Context] = [:]
            level.reserveCapacity(grouped.count)
            for (context, successors) in grouped {
                let sorted = successors.sorted { $0.0 < $1.0 }
                var total = 0.0
                var n = [0.0, 0.0, 0.0]
                for (_, c) in sorted {
                    total += Double(c)
                    n[min(Int(c), 3) - 1] += 1
                }
                level[context] = Context(tokens: sorted.map(\.0), counts: sorted.map(\.1), total: total,
                                         n1: n[0], n2: n[1], n3: n[2])
            }
            built.append(level)
        }
        levels = built
    }

    /// Whether `[D1, D2, D3+]` lie in `0...1`, `0...2`, `0...3`.
    static func valid(_ d: [Double]) -> Bool {
        d.count == 3 && (0...1).contains(d[0]) && (0...2).contains(d[1]) && (0...3).contains(d[2])
    }

    /// The discounts `[D1, D2, D3+]` for one order's count-of-counts `[n1, n2, n3, n4]`.
    /// `Y = n1 / (n1 + 2 n2)`; with `n1 = 0` (no singletons to estimate from) every discount is 0.5.
    public static func discounts(countOfCounts n: [Int], smoothing: Smoothing) -> [Double] {
        switch smoothing {
        case .fixed(let d1, let d2, let d3): return [d1, d2, d3]
        case .perOrder(let d): return d.first ?? [0.5, 0.5, 0.5]
        case .kneserNey, .modifiedKneserNey: break
        }
        let n1 = Double(n[0]), n2 = Double(n[1]), n3 = Double(n[2]), n4 = Double(n[3])
        guard n1 > 0 else { return [0.5, 0.5, 0.5] }
        let y = n1 / (n1 + 2 * n2)
        guard smoothing == .modifiedKneserNey else { return [y, y, y] }
        func valid(_ d: Double, _ c: Double) -> Double { d.isFinite && d >= 0 && d <= c ? d : y }
        let d1 = valid(1 - 2 * y * n2 / n1, 1)
        let d2 = n2 > 0 ? valid(2 - 3 * y * n3 / n2, 2) : y
        let d3 = n3 > 0 ? valid(3 - 4 * y * n4 / n3, 3) : y
        return [d1, d2, d3]
    }

    /// Packs the last `k` tokens of `context` and the condition (a level-`k` context key).
    @inline(__always)
    func key(_ context: [Int], length k: Int, condition: Int) -> UInt64 {
        var key: UInt64 = 0
        var i = context.count - k
        while i < context.count {
            key = key << KneserNeyModel.tokenBits | UInt64(context[i])
            i += 1
        }
        return key << KneserNeyModel.conditionBits | UInt64(condition)
    }

    /// The usable context length: at most `order - 1` tokens.
    func contextLength(_ context: [Int]) -> Int {
        min(order - 1, context.count)
    }

    /// P(token | context, condition). `context` is the preceding ids, oldest first, starting with
    /// the begin id (`vocabularySize`) at the start of a sequence; only its last `order - 1` tokens
    /// matter. `token` must be in `0 ..< vocabularySize`, `condition` in `0 ..< conditionCount`.
    public func probability(of token: Int, after context: [Int], condition: Int = 0) -> Double {
        var p = 1.0 / Double(vocabularySize)
        for k in 0...contextLength(context) {
            guard let entry = levels[k][key(context, length: k, condition: condition)] else { break }
            var count = 0.0
            if let j = Self.search(entry.tokens, Int32(token)) { count = Double(entry.counts[j]) }
            let d = count == 0 ? 0 : discounts[k][min(Int(count), 3) - 1]
            p = (max(count - d, 0) + entry.backoffMass(discounts[k]) * p) / entry.total
        }
        return p
    }

    /// A key that names `distribution(after: context, condition: condition)`: the longest suffix of
    /// the context that was seen in training (with the condition) and its length. Contexts with the
    /// same key have the same distribution, bit for bit, since the distribution reads nothing
    /// beyond that suffix; a sampler can cache what it derives from a distribution under this key.
    package func distributionKey(after context: [Int], condition: Int = 0) -> UInt64 {
        var found = UInt64.max  // nothing seen: the uniform distribution
        for k in 0...contextLength(context) {
            let candidate = key(context, length: k, condition: condition)
            guard levels[k][candidate] != nil else { break }
            // Keys use at most 5 x 10 + 4 = 54 bits; the length goes above them.
            found = UInt64(k) << 58 | candidate
        }
        return found
    }

    /// P(w | context, condition) for every w in `0 ..< vocabularySize` (sums to 1).
    public func distribution(after context: [Int], condition: Int = 0) -> [Double] {
        var p = [Double](repeating: 1.0 / Double(vocabularySize), count: vocabularySize)
        for k in 0...contextLength(context) {
            guard let entry = levels[k][key(context, length: k, condition: condition)] else { break }
            let d = discounts[k]
            let scale = entry.backoffMass(d) / entry.total
            for i in p.indices { p[i] *= scale }
            for (j, t) in entry.tokens.enumerated() {
                let c = Double(entry.counts[j])
                p[Int(t)] += max(c - d[min(Int(c), 3) - 1], 0) / entry.total
            }
        }
        return p
    }

    /// Natural-log probability of a whole sequence (begin symbol prepended; every token of
    /// `sequence`, including its end token, is predicted), in nats (<= 0). `conditions`: one per
    /// token, nil for condition 0 throughout.
    public func logProbability(of sequence: [Int], conditions: [Int]? = nil) -> Double {
        var context = [beginID]
        var total = 0.0
        for (i, t) in sequence.enumerated() {
            total += log(probability(of: t, after: context, condition: conditions?[i] ?? 0))
            context.append(t)
            if context.count > order { context.removeFirst() }
        }
        return total
    }
}
