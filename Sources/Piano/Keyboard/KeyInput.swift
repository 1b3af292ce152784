/// A key as the piano understands it.
package enum Key: Sendable, Hashable {
    /// A printable character, as typed (shifted: ":" not ";", "A" not "a").
    case char(Character)
    case enter, tab, backspace, escape
    case up, down, left, right
    case function(Int)
    /// Ctrl plus a letter ("c" for Ctrl-C).
    case ctrl(Character)
    /// Something the parser does not name (an unknown escape sequence or kitty code).
    case other(String)
}

/// Press, auto-repeat or release (release and repeat only come with the kitty keyboard protocol).
package enum KeyEventKind: Sendable, Hashable {
    case press, `repeat`, release
}

/// One decoded keyboard event.
package struct KeyEvent: Sendable, Hashable {
    package var key: Key
    package var kind: KeyEventKind
    package var shift: Bool
    /// The unshifted base character for note keys ("," for "<"), used to find the note in a layout,
    /// nil for non-character keys.
    package var base: Character?

    package init(_ key: Key, kind: KeyEventKind = .press, shift: Bool = false, base: Character? = nil) {
        self.key = key
        self.kind = kind
        self.shift = shift
        if let base { self.base = base } else if case .char(let c) = key { self.base = KeyParser.unshifted(c) } else { self.base = nil }
    }
}

/// What a terminal told us, decoded from its input bytes.
package enum TerminalInput: Sendable, Hashable {
    case key(KeyEvent)
    /// The reply to `CSI ? u`: the kitty keyboard protocol is supported; these flags are active.
    case kittyFlags(Int)
    /// The reply to Primary Device Attributes (`CSI c`), which every terminal answers: sent after
    /// `CSI ? u`, it arriving first means the kitty protocol is not supported.
    case deviceAttributes
}

/// Incremental decoder of terminal input: legacy bytes, VT escape sequences, and kitty keyboard
/// protocol `CSI code[:shifted[:base]] ; mods[:event] u` sequences. Feed it bytes as they arrive;
/// a lone ESC is kept until `flush()` (call that when no more bytes are waiting).
package struct KeyParser: Sendable {
    private var pending: [UInt8] = []

    package init() {}

    /// True when bytes of an unfinished sequence (or a lone ESC) are waiting.
    var hasPending: Bool { !pending.isEmpty }

    /// Decodes what can be decoded; keeps an incomplete sequence for the next call.
    package mutating func feed(_ bytes: [UInt8]) -> [TerminalInput] {
        pending += bytes
        var out: [TerminalInput] = []
        while !pending.isEmpty {
            guard let (input, used) = Self.decode(pending[...]) else { break }
            pending.removeFirst(used)
            if let input { out.append(input) }
        }
        return out
    }

    /// Call when the input is idle: a pending lone ESC (or an unfinished sequence) is the Escape key.
    mutating func flush() -> [TerminalInput] {
        guard !pending.isEmpty else { return [] }
        var out: [TerminalInput] = []
        if pending.first == 0x1B {
            out.append(.key(KeyEvent(.escape)))
            pending.removeFirst()
            out += feed([])
        }
        pending.removeAll()
        return out
    }

    /// Decodes one input at the start of `bytes`: (input or nil to skip, bytes used), or nil when
    /// more bytes are needed.
    static func decode(_ bytes: ArraySlice<UInt8>) -> (TerminalInput?, Int)? {
        let b = bytes.first!
        if b != 0x1B { return decodePlain(bytes) }
        let rest = bytes.dropFirst()
        guard let second = rest.first else { return nil }
        if second == UInt8(ascii: "[") {
            // CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E.
            var i = rest.startIndex + 1
            while i < bytes.endIndex, (0x20...0x3F).contains(bytes[i]) { i += 1 }
            guard i < bytes.endIndex else { return nil }
            let final = bytes[i]
            let params = String(decoding: bytes[(rest.startIndex + 1)..<i], as: UTF8.self)
            return (decodeCSI(params: params, final: final), i - bytes.startIndex + 1)
        }
        if second == UInt8(ascii: "O") {
            guard rest.count >= 2 else { return nil }
            let f = rest[rest.startIndex + 1]
            let key = Self.cursorOrFunctionKey(final: f)
            return (key.map { .key(KeyEvent($0)) }, 3)
        }
        if second == 0x1B { return (.key(KeyEvent(.escape)), 1) }
        // Alt+key: ignore the Alt, deliver the key.
        if let (input, used) = decodePlain(rest) { return (input, used + 1) }
        return nil
    }

    static func decodePlain(_ bytes: ArraySlice<UInt8>) -> (TerminalInput?, Int)? {
        let b = bytes.first!
        switch b {
        case 0x0D, 0x0A: return (.key(KeyEvent(.enter)), 1)
        case 0x09: return (.key(KeyEvent(.tab)), 1)
        case 0x7F, 0x08: return (.key(KeyEvent(.backspace)), 1)
        case 0x1B: return (.key(KeyEvent(.escape)), 1)
        case 0x01...0x1A: return (.key(KeyEvent(.ctrl(Character(UnicodeScalar(b + 0x60))))), 1)
        case 0x00...0x1F: return (nil, 1)
        default:
            // UTF-8: find the length from the lead byte.
            let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            guard bytes.count >= length else { return nil }
            let s = String(decoding: bytes.prefix(length), as: UTF8.self)
            guard let c = s.first else { return (nil, length) }
            return (.key(KeyEvent(.char(c), shift: KeyParser.unshifted(c) != c)), length)
        }
    }

    static func decodeCSI(params: String, final: UInt8) -> TerminalInput? {
        let fields = params.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        // Modifiers: "mods[:event]" where mods = 1 + bitmask (shift 1, alt 2, ctrl 4, ...).
        func modifiers(_ index: Int) -> (shift: Bool, ctrl: Bool, kind: KeyEventKind) {
            guard index < fields.count else { return (false, false, .press) }
            let parts = fields[index].split(separator: ":").map { Int($0) ?? 1 }
            let mask = max((parts.first ?? 1) - 1, 0)
            let kind: KeyEventKind = switch parts.count > 1 ? parts[1] : 1 {
            case 2: .repeat
            case 3: .release
            default: .press
            }
            return (mask & 1 != 0, mask & 4 != 0, kind)
        }
        switch final {
        case UInt8(ascii: "u"):
            if params.hasPrefix("?") { return .kittyFlags(Int(params.dropFirst()) ?? 0) }
            let codes = (fields.first ?? "").split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard let code = codes.first ?? nil else { return nil }
            let shifted = codes.count > 1 ? codes[1] : nil
            let m = modifiers(1)
            return .key(kittyKey(code: code, shifted: shifted, shift: m.shift, ctrl: m.ctrl, kind: m.kind))
        case UInt8(ascii: "c"):
            return params.hasPrefix("?") ? .deviceAttributes : nil
        case UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "D"),
             UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "S"), UInt8(ascii: "H"), UInt8(ascii: "F"):
            let m = modifiers(1)
            // "CSI R" is not F3 (it is a cursor position report), so R is not among the cases above.
            let key = Self.cursorOrFunctionKey(final: final) ?? .other("CSI \(params) \(Character(UnicodeScalar(final)))")
            return .key(KeyEvent(key, kind: m.kind, shift: m.shift))
        case UInt8(ascii: "~"):
            let m = modifiers(1)
            let number = Int(fields.first?.split(separator: ":").first ?? "") ?? 0
            let fkeys = [11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10, 23: 11, 24: 12]
            let key: Key = fkeys[number].map { .function($0) } ?? .other("CSI \(params) ~")
            return .key(KeyEvent(key, kind: m.kind, shift: m.shift))
        default:
            return nil
        }
    }

    /// A kitty protocol key code (a Unicode code point, or a private-use functional key) to a key.
    static func kittyKey(code: Int, shifted: Int?, shift: Bool, ctrl: Bool, kind: KeyEventKind) -> KeyEvent {
        switch code {
        case 13: return KeyEvent(.enter, kind: kind, shift: shift)
        case 9: return KeyEvent(.tab, kind: kind, shift: shift)
        case 127, 8: return KeyEvent(.backspace, kind: kind, shift: shift)
        case 27: return KeyEvent(.escape, kind: kind, shift: shift)
        case 57399...57425: // keypad digits and operators: treat as their characters
            let keypad: [Int: Character] = [57399: "0", 57400: "1", 57401: "2", 57402: "3", 57403: "4", 57404: "5",
                                            57405: "6", 57406: "7", 57407: "8", 57408: "9", 57409: ".", 57410: "/",
                                            57411: "*", 57412: "-", 57413: "+"]
            if code == 57414 { return KeyEvent(.enter, kind: kind, shift: shift) }
            if let c = keypad[code] { return KeyEvent(.char(c), kind: kind, shift: shift) }
            return KeyEvent(.other("kitty \(code)"), kind: kind, shift: shift)
        case 57441...57452: // modifier keys alone (shift, ctrl, ...): nothing to do
            return KeyEvent(.other("modifier \(code)"), kind: kind, shift: shift)
        case 57376...57398: // F13-F35
            return KeyEvent(.function(code - 57376 + 13), kind: kind, shift: shift)
        default:
            guard let scalar = UnicodeScalar(code), code >= 32 else {
                return KeyEvent(.other("kitty \(code)"), kind: kind, shift: shift)
            }
            let base = Character(scalar)
            if ctrl, base.isLetter { return KeyEvent(.ctrl(Character(base.lowercased())), kind: kind, shift: shift, base: base) }
            var typed = base
            if shift {
                if let shifted, let s = UnicodeScalar(shifted) { typed = Character(s) } else { typed = Self.shifted(base) }
            }
            return KeyEvent(.char(typed), kind: kind, shift: shift, base: base)
        }
    }

    private static let shiftPairs: [(Character, Character)] = [
        ("1", "!"), ("2", "@"), ("3", "#"), ("4", "$"), ("5", "%"), ("6", "^"), ("7", "&"), ("8", "*"),
        ("9", "("), ("0", ")"), ("-", "_"), ("=", "+"), ("[", "{"), ("]", "}"), ("\\", "|"), (";", ":"),
        ("'", "\""), (",", "<"), (".", ">"), ("/", "?"), ("`", "~"),
    ]

    /// The US-layout shifted character of an unshifted one ("a" -> "A", ";" -> ":").
    static func shifted(_ c: Character) -> Character {
        if c.isLetter { return Character(c.uppercased()) }
        return shiftPairs.first { $0.0 == c }?.1 ?? c
    }

    /// The US-layout unshifted key of a typed character ("A" -> "a", ":" -> ";").
    static func unshifted(_ c: Character) -> Character {
        if c.isLetter { return Character(c.lowercased()) }
        return shiftPairs.first { $0.1 == c }?.0 ?? c
    }

    /// The key of an SS3 or CSI sequence's final byte: A-D the arrows (up, down, right, left),
    /// P-S F1-F4; nil for any other byte.
    private static func cursorOrFunctionKey(final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "P"): .function(1)
        case UInt8(ascii: "Q"): .function(2)
        case UInt8(ascii: "R"): .function(3)
        case UInt8(ascii: "S"): .function(4)
        default: nil
        }
    }
}
