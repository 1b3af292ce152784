/// Primer text that does not parse, e.g. "H4": `token` is the offending word.
public struct PrimerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var token: String
    public var reason: String

    public init(token: String, reason: String) {
        self.token = token
        self.reason = reason
    }

    public var description: String { "invalid primer note \"\(token)\": \(reason)" }
}
