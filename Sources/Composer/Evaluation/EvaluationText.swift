/// "1 note", "2 notes": a count with its noun, plural unless the count is 1 (for the reports' text).
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(count == 1 ? noun : noun + "s")"
}

extension String {
    /// The string cut or padded with spaces to `width` characters (table columns).
    func padded(_ width: Int) -> String { padding(toLength: width, withPad: " ", startingAt: 0) }
}
