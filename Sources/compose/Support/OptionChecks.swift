import ArgumentParser

/// Range checks of option values whose message names the option and the value given, as every
/// usage error does (`--epochs must be at least 1, got -1`).
enum OptionChecks {
    /// `value` must lie in `range`.
    static func check<T: Comparable>(_ option: String, _ value: T, in range: ClosedRange<T>, unit: String = "") throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be \(range.lowerBound)...\(range.upperBound)\(unit.isEmpty ? "" : " " + unit), got \(value)")
        }
    }

    /// `value` must be at least 1.
    static func positive(_ option: String, _ value: Int) throws {
        guard value >= 1 else { throw ValidationError("\(option) must be at least 1, got \(value)") }
    }

    /// `--threads`: OpenBLAS threads, 1 to 256.
    static func threads(_ value: Int) throws {
        try check("--threads", value, in: 1...256)
    }

    /// `value` must be a fraction in [0, 1).
    static func fraction(_ option: String, _ value: Double) throws {
        guard (0..<1).contains(value) else { throw ValidationError("\(option) must be in [0, 1), got \(value)") }
    }
}
