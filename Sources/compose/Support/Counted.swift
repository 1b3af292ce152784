/// "1 note", "2 notes", "0 tunes": a count with its noun, plural unless the count is 1
/// (`plural` for nouns that do not just add "s").
func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}
