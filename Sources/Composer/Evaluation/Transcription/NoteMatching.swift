import Foundation

/// Which estimated notes match which reference notes, as `mir_eval.transcription.match_notes`
/// (0.8.2) decides: a pair may match when its onsets differ by at most the onset tolerance, its
/// pitches by at most the pitch tolerance, and (unless `offsetRatio` is nil) its offsets by at most
/// `max(offsetMinimum, offsetRatio * reference duration)`; time differences are first rounded to
/// 4 decimals (0.1 ms) as mir_eval does. The matching is a maximum bipartite matching
/// (`MaximumMatching`): each note is used at most once, and as many pairs as possible are kept.
enum NoteMatching {
    /// mir_eval's `N_DECIMALS`: time distances are rounded to this many decimals before comparing.
    static let decimals = 4.0

    /// `np.around(x, 4)`: numpy scales by 10^4, rounds half to even, and scales back.
    static func rounded(_ x: Double) -> Double {
        let scale = pow(10, decimals)
        return (x * scale).rounded(.toNearestOrEven) / scale
    }

    /// The (reference, estimate) pairs matched, sorted by reference index.
    static func match(reference: [TranscribedNote], estimate: [TranscribedNote],
                      tolerances: NoteTolerances) -> [(reference: Int, estimate: Int)] {
        let within = tolerances.within
        let estimateLog2 = estimate.map { log2($0.frequency) }
        let referenceLog2 = reference.map { log2($0.frequency) }
        let offsetTolerances = reference.map { ref in tolerances.offsetRatio.map { max($0 * (ref.offset - ref.onset), tolerances.offsetMinimum) } }
        return maximumMatching(reference, estimate) { r, e in
            let ref = reference[r], est = estimate[e]
            guard within(rounded(abs(ref.onset - est.onset)), tolerances.onset),
                  within(abs(1200 * (referenceLog2[r] - estimateLog2[e])), tolerances.pitchCents) else { return false }
            if let offsetTolerance = offsetTolerances[r], !within(rounded(abs(ref.offset - est.offset)), offsetTolerance) { return false }
            return true
        }
    }

    /// A maximum matching (`MaximumMatching`, sorted by reference index) over the pairs for which
    /// `candidate(referenceIndex, estimateIndex)` holds, visited reference by reference, estimate by
    /// estimate, as mir_eval builds its candidate graph.
    private static func maximumMatching(_ reference: [TranscribedNote], _ estimate: [TranscribedNote],
                                        _ candidate: (Int, Int) -> Bool) -> [(reference: Int, estimate: Int)] {
        var hits: [(reference: Int, estimate: Int)] = []
        for r in reference.indices {
            for e in estimate.indices where candidate(r, e) { hits.append((r, e)) }
        }
        return MaximumMatching.match(hits: hits)
    }

    /// The (reference, estimate) pairs matched on onsets alone, as `mir_eval.transcription.match_note_onsets`
    /// (0.8.2): a pair may match when its onsets differ by at most `tolerances.onset` (after rounding
    /// to 4 decimals), whatever the pitches and offsets; a maximum matching, sorted by reference index.
    static func matchOnsets(reference: [TranscribedNote], estimate: [TranscribedNote],
                            tolerances: NoteTolerances) -> [(reference: Int, estimate: Int)] {
        let within = tolerances.within
        return maximumMatching(reference, estimate) { r, e in within(rounded(abs(reference[r].onset - estimate[e].onset)), tolerances.onset) }
    }

    /// The (reference, estimate) pairs matched on offsets alone, as `mir_eval.transcription.match_note_offsets`
    /// (0.8.2): a pair may match when its offsets differ by at most
    /// `max(offsetRatio * reference duration, offsetMinimum)` (the difference rounded to 4 decimals;
    /// a nil `offsetRatio` counts as 0), whatever the pitches and onsets; a maximum matching, sorted
    /// by reference index.
    static func matchOffsets(reference: [TranscribedNote], estimate: [TranscribedNote],
                             tolerances: NoteTolerances) -> [(reference: Int, estimate: Int)] {
        let within = tolerances.within
        let offsetTolerances = reference.map { max((tolerances.offsetRatio ?? 0) * ($0.offset - $0.onset), tolerances.offsetMinimum) }
        return maximumMatching(reference, estimate) { r, e in within(rounded(abs(reference[r].offset - estimate[e].offset)), offsetTolerances[r]) }
    }

    /// The matched pairs that also agree in velocity, as `mir_eval.transcription_velocity.match_notes`:
    /// reference velocities are scaled to 0...1 by their minimum and range (a range below 1 counts
    /// as 1); the matched estimates' velocities are mapped onto the matched references' by a
    /// least-squares line (numpy's `lstsq`: the minimum-norm solution when all matched estimates
    /// share one velocity); a pair is kept when the two differ by less than `tolerances.velocity`.
    static func matchWithVelocity(reference: [TranscribedNote], estimate: [TranscribedNote],
                                  tolerances: NoteTolerances) -> [(reference: Int, estimate: Int)] {
        let pairs = match(reference: reference, estimate: estimate, tolerances: tolerances)
        guard !pairs.isEmpty else { return [] }
        let minimum = reference.map(\.velocity).min()!, maximum = reference.map(\.velocity).max()!
        let range = max(1, maximum - minimum)
        let y = pairs.map { (reference[$0.reference].velocity - minimum) / range }
        let x = pairs.map { estimate[$0.estimate].velocity }
        let (slope, intercept) = leastSquaresLine(x: x, y: y)
        return zip(pairs, zip(x, y)).filter { _, xy in abs(slope * xy.0 + intercept - xy.1) < tolerances.velocity }.map(\.0)
    }

    /// The line `y ~ slope * x + intercept` of least squares; when the x values are all equal
    /// (the design matrix `[x 1]` has rank 1) the minimum-norm solution, as `numpy.linalg.lstsq`.
    static func leastSquaresLine(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) { sxx += (a - meanX) * (a - meanX); sxy += (a - meanX) * (b - meanY) }
        if x.allSatisfy({ $0 == x[0] }) {
            // Rank 1: every row is [c 1]; the minimum-norm x with c*s + i = mean(y) is mean(y) * (c, 1) / (c^2 + 1).
            let c = x[0]
            return (meanY * c / (c * c + 1), meanY / (c * c + 1))
        }
        let slope = sxy / sxx
        return (slope, meanY - slope * meanX)
    }
}
