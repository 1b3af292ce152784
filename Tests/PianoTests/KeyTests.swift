import Music
@testable import Piano
import SMF
import Testing

@Suite("Key layouts")
struct LayoutTests {
    @Test func trackerBottomRowIsChromaticFromC() {
        let l = KeyLayout.tracker
        let expected: [(Character, Int)] = [("z", 0), ("s", 1), ("x", 2), ("d", 3), ("c", 4), ("v", 5), ("g", 6), ("b", 7),
                                            ("h", 8), ("n", 9), ("j", 10), ("m", 11), (",", 12), ("l", 13), (".", 14),
                                            (";", 15), ("/", 16)]
        for (k, o) in expected { #expect(l.offset(of: k) == o, "key \(k)") }
    }

    @Test func trackerTopRowIsAnOctaveUp() {
        let l = KeyLayout.tracker
        let keys = Array("q2w3er5t6y7ui9o0p")
        for (i, k) in keys.enumerated() { #expect(l.offset(of: k) == 12 + i, "key \(k)") }
        #expect(l.offset(of: "a") == nil)
        #expect(l.offset(of: "[") == nil)
        #expect(l.span == 28)
    }

    @Test func vmpkRunsOnToG() {
        let l = KeyLayout.vmpk
        #expect(l.offset(of: "[") == 29)
        #expect(l.offset(of: "=") == 30)
        #expect(l.offset(of: "]") == 31)
        #expect(l.offset(of: "z") == 0)
        #expect(KeyLayout.named("VMPK") == .vmpk)
        #expect(KeyLayout.named("qwerty") == nil)
    }

    @Test func pitchesFollowOctaveAndTranspose() {
        var m = PianoModel()
        #expect(m.pitch(for: "z") == 60)
        #expect(m.pitch(for: "n") == 69) // A4
        #expect(m.pitch(for: "q") == 72)
        m.octave = 2
        m.transpose = -3
        #expect(m.pitch(for: "z") == 33)
        m.octave = 8
        m.transpose = 0
        #expect(m.pitch(for: "p") == nil) // 108 + 28 > 127
        #expect(m.pitch(for: "z") == 108)
    }
}

@Suite("Key parsing")
struct KeyParserTests {
    func keys(_ bytes: [UInt8], flush: Bool = true) -> [TerminalInput] {
        var p = KeyParser()
        return p.feed(bytes) + (flush ? p.flush() : [])
    }
    func csi(_ s: String) -> [UInt8] { [0x1B] + Array("[\(s)".utf8) }

    @Test func plainCharacters() {
        #expect(keys(Array("z".utf8)) == [.key(KeyEvent(.char("z")))])
        let colon = keys(Array(":".utf8))
        #expect(colon == [.key(KeyEvent(.char(":"), shift: true, base: ";"))])
        #expect(keys(Array("Z".utf8)) == [.key(KeyEvent(.char("Z"), shift: true, base: "z"))])
        #expect(keys([0x0D]) == [.key(KeyEvent(.enter))])
        #expect(keys([0x7F]) == [.key(KeyEvent(.backspace))])
        #expect(keys([0x09]) == [.key(KeyEvent(.tab))])
        #expect(keys([0x03]) == [.key(KeyEvent(.ctrl("c")))])
    }

    @Test func legacyArrowsAndModifiers() {
        #expect(keys(csi("D")) == [.key(KeyEvent(.left))])
        #expect(keys(csi("A")) == [.key(KeyEvent(.up))])
        #expect(keys([0x1B, 0x4F, 0x43]) == [.key(KeyEvent(.right))])
        #expect(keys(csi("1;2C")) == [.key(KeyEvent(.right, shift: true))])
        #expect(keys(csi("11~")) == [.key(KeyEvent(.function(1)))])
    }

    @Test func loneEscapeNeedsFlush() {
        var p = KeyParser()
        #expect(p.feed([0x1B]).isEmpty)
        #expect(p.flush() == [.key(KeyEvent(.escape))])
    }

    @Test func sequenceSplitAcrossReads() {
        var p = KeyParser()
        #expect(p.feed([0x1B, 0x5B, 0x31, 0x32]).isEmpty)
        #expect(p.feed(Array("2;1:3u".utf8)) == [.key(KeyEvent(.char("z"), kind: .release, base: "z"))])
    }

    @Test func kittyPressRepeatRelease() {
        #expect(keys(csi("122u")) == [.key(KeyEvent(.char("z"), kind: .press, base: "z"))])
        #expect(keys(csi("122;1u")) == [.key(KeyEvent(.char("z"), kind: .press, base: "z"))])
        #expect(keys(csi("122;1:2u")) == [.key(KeyEvent(.char("z"), kind: .repeat, base: "z"))])
        #expect(keys(csi("122;1:3u")) == [.key(KeyEvent(.char("z"), kind: .release, base: "z"))])
        // Shifted with the alternate key reported (flag 4): ";" + shift is ":".
        #expect(keys(csi("59:58;2u")) == [.key(KeyEvent(.char(":"), kind: .press, shift: true, base: ";"))])
        // Shift without alternate key: the US map gives "?".
        #expect(keys(csi("47;2u")) == [.key(KeyEvent(.char("?"), kind: .press, shift: true, base: "/"))])
        // Ctrl-C as a kitty escape (no SIGINT with flag 8).
        #expect(keys(csi("99;5u")) == [.key(KeyEvent(.ctrl("c"), kind: .press, base: "c"))])
        // Enter, Escape, Backspace as escapes.
        #expect(keys(csi("13u")) == [.key(KeyEvent(.enter))])
        #expect(keys(csi("27u")) == [.key(KeyEvent(.escape))])
        #expect(keys(csi("127u")) == [.key(KeyEvent(.backspace))])
        // Arrow release with event type.
        #expect(keys(csi("1;1:3D")) == [.key(KeyEvent(.left, kind: .release))])
        // A lone shift key press: named, not a note.
        if case .key(let e) = keys(csi("57441;2u")).first { #expect(e.key == .other("modifier 57441")) } else { Issue.record("no key") }
    }

    @Test func protocolReplies() {
        #expect(keys(csi("?15u")) == [.kittyFlags(15)])
        #expect(keys(csi("?0u")) == [.kittyFlags(0)])
        #expect(keys(csi("?62;22c")) == [.deviceAttributes])
        #expect(keys(csi("?1;2c") + Array("z".utf8)) == [.deviceAttributes, .key(KeyEvent(.char("z")))])
    }

    @Test func utf8Character() {
        #expect(keys(Array("é".utf8)) == [.key(KeyEvent(.char("é")))])
    }
}
