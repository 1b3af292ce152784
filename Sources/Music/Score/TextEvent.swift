import SMF

/// A text meta event of a part (SMF meta types 0x01-0x0F: text, copyright, instrument name,
/// lyric, marker, cue point and the reserved text types) at an absolute tick, with its bytes
/// exactly as the file held them, so that reading and writing a score keeps them.
///
/// The SMF 1.0 specification leaves the character set open; newer files use UTF-8, older ones
/// mostly ISO 8859-1 (Latin-1). ``text`` decodes accordingly; the bytes are never re-encoded.
public struct TextEvent: Sendable, Hashable {
    /// Ticks from the beginning of the score.
    public var tick: Int
    /// Which text meta event (lyric, marker, ...).
    public var kind: TextKind
    /// The event's data bytes as read (or the UTF-8 of the text given to ``init(tick:kind:text:)``).
    public var bytes: [UInt8]

    public init(tick: Int, kind: TextKind, bytes: [UInt8]) {
        self.tick = tick
        self.kind = kind
        self.bytes = bytes
    }

    /// A text event holding `text` as UTF-8.
    public init(tick: Int, kind: TextKind, text: String) {
        self.init(tick: tick, kind: kind, bytes: Array(text.utf8))
    }

    /// The bytes as text: UTF-8 when they are valid UTF-8, otherwise Latin-1 (each byte one
    /// character, U+0000-U+00FF), so that no byte becomes U+FFFD.
    public var text: String { TextEvent.decode(bytes) }

    /// Whether the bytes are valid UTF-8 (ASCII included).
    public var isUTF8: Bool { TextEvent.isValidUTF8(bytes) }

    /// `bytes` as UTF-8 when valid, otherwise as Latin-1.
    static func decode(_ bytes: [UInt8]) -> String {
        if isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
