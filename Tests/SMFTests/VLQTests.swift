import TestSupport
import Testing
import SMF

@Suite("Variable-length quantities")
struct VLQTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: UInt32
        var bytes: [UInt8]
        var testDescription: String { "0x\(String(value, radix: 16))" }
    }

    static let cases: [Case] = [
        Case(value: 0, bytes: [0x00]),
        Case(value: 0x40, bytes: [0x40]),
        Case(value: 127, bytes: [0x7F]),
        Case(value: 128, bytes: [0x81, 0x00]),
        Case(value: 0x2000, bytes: [0xC0, 0x00]),
        Case(value: 16383, bytes: [0xFF, 0x7F]),
        Case(value: 16384, bytes: [0x81, 0x80, 0x00]),
        Case(value: 0x1F_FFFF, bytes: [0xFF, 0xFF, 0x7F]),
        Case(value: 0x20_0000, bytes: [0x81, 0x80, 0x80, 0x00]),
        Case(value: 0x0800_0000, bytes: [0xC0, 0x80, 0x80, 0x00]),
        Case(value: 0x0FFF_FFFF, bytes: [0xFF, 0xFF, 0xFF, 0x7F]),
    ]

    @Test("encode gives the exact bytes", arguments: cases)
    func encode(_ c: Case) {
        #expect(VLQ.encode(c.value) == c.bytes)
        #expect(VLQ.encodedLength(c.value) == c.bytes.count)
        var out: [UInt8] = [0xAA]
        VLQ.encode(c.value, into: &out)
        #expect(out == [0xAA] + c.bytes)
    }

    @Test("decode gives the exact value and length", arguments: cases)
    func decode(_ c: Case) throws {
        let r = try VLQ.decode(c.bytes)
        #expect(r.value == c.value)
        #expect(r.length == c.bytes.count)
        // At an offset, with bytes after it.
        let r2 = try VLQ.decode([0x99, 0x99] + c.bytes + [0x05], at: 2)
        #expect(r2.value == c.value)
        #expect(r2.length == c.bytes.count)
    }

    @Test func limits() {
        #expect(VLQ.maxValue == 0x0FFF_FFFF)
        #expect(VLQ.maxLength == 4)
    }

    @Test func nonShortestFormIsAccepted() throws {
        let r = try VLQ.decode([0x80, 0x00])
        #expect(r.value == 0)
        #expect(r.length == 2)
        let r4 = try VLQ.decode([0x80, 0x80, 0x81, 0x00])
        #expect(r4.value == 128)
        #expect(r4.length == 4)
    }

    @Test func fiveByteQuantityIsRejectedWithItsOffset() {
        #expect(throws: SMFError(.vlqTooLong, track: nil, offset: 0,
                                 expected: "a variable-length quantity of at most 4 bytes (byte 4 at offset 3 has its continuation bit set)")) {
            try VLQ.decode([0x81, 0x80, 0x80, 0x80, 0x00])
        }
        let e = smfError { _ = try VLQ.decode([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], at: 3, track: 2) }
        #expect(e?.kind == .vlqTooLong)
        #expect(e?.offset == 3)
        #expect(e?.track == 2)
    }

    @Test func truncatedQuantity() {
        let e = smfError { _ = try VLQ.decode([0x00, 0x81, 0x80], at: 1) }
        #expect(e?.kind == .truncated)
        #expect(e?.offset == 3)
        let empty = smfError { _ = try VLQ.decode([]) }
        #expect(empty?.kind == .truncated)
        #expect(empty?.offset == 0)
    }

    @Test func everyValueAroundTheByteBoundariesRoundTrips() throws {
        for boundary: UInt32 in [0x80, 0x4000, 0x20_0000, 0x0FFF_FFFF] {
            for v in (boundary - 2)...min(boundary + 2, VLQ.maxValue) {
                let b = VLQ.encode(v)
                let r = try VLQ.decode(b)
                #expect(r.value == v && r.length == b.count)
            }
        }
    }
}
