/// A length of time as people read it, for messages: "4 s", "4.3 s", "3 min 20 s", "285 h 12 min".
package enum DurationText {
    /// `seconds` (>= 0) in the largest sensible units:
    /// - under a minute: seconds to 0.1 s, without a trailing ".0" ("4 s", "4.3 s", "59.9 s");
    /// - under an hour: whole minutes and seconds, the seconds left out when 0 ("3 min 20 s", "5 min");
    /// - from an hour: whole hours and minutes, the minutes left out when 0 ("285 h 12 min", "2 h").
    /// Values are rounded down (to 0.1 s under a minute), so a duration is never shown longer
    /// than it is. Negative or non-finite values are shown as they are ("-1.0 s", "inf s").
    package static func describe(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "\(seconds) s" }
        if seconds < 60 {
            let tenths = Int((seconds * 10).rounded(.down))
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        let whole = Int(seconds)
        if whole < 3600 {
            let (m, s) = (whole / 60, whole % 60)
            return s == 0 ? "\(m) min" : "\(m) min \(s) s"
        }
        let (h, m) = (whole / 3600, whole % 3600 / 60)
        return m == 0 ? "\(h) h" : "\(h) h \(m) min"
    }
}
