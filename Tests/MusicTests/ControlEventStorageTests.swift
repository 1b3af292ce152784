import Testing
import SMF
import TestSupport
@testable import Music

/// `ControlEvent` in 8 bytes: the tick and every message read back what was stored, across the
/// whole range of each; the printed form is that of the plain struct it replaced; a file with a
/// control later than a `ControlEvent` holds is refused in strict mode at the byte offset of its
/// event, and read leniently with the control at the last tick and a warning, never wrapped.
@Suite struct ControlEventStorageTests {
    @Test func aControlTakesEightBytes() {
        #expect(MemoryLayout<ControlEvent>.size == 8)
        #expect(MemoryLayout<ControlEvent>.stride == 8)
        #expect(ControlEvent.tickRange == -68_719_476_736...68_719_476_735)
    }

    static let messages: [ChannelMessage] = [
        .noteOff(channel: 0, note: 0, velocity: 0), .noteOn(channel: 15, note: 127, velocity: 127),
        .polyPressure(channel: 255, note: 255, pressure: 255), .controlChange(channel: 9, controller: 7, value: 100),
        .controlChange(channel: 255, controller: 255, value: 255), .programChange(channel: 3, program: 127),
        .programChange(channel: 255, program: 255), .channelPressure(channel: 1, pressure: 64),
        .channelPressure(channel: 255, pressure: 255), .pitchBend(channel: 2, value: -8192), .pitchBend(channel: 15, value: 8191),
        .pitchBend(channel: 255, value: Int16.min), .pitchBend(channel: 0, value: Int16.max), .pitchBend(channel: 4, value: -1),
    ]

    @Test func everyMessageAndTickKeepsItsValueAtTheEdgesOfTheirRanges() {
        let ticks = [0, 1, 480, 1 << 31, (1 << 32) + 5, ControlEvent.tickRange.upperBound, -1, ControlEvent.tickRange.lowerBound]
        for tick in ticks {
            for message in Self.messages {
                let control = ControlEvent(tick: tick, message: message)
                #expect(control.tick == tick)
                #expect(control.message == message)
            }
        }
    }

    @Test func settingOneFieldLeavesTheOther() {
        var control = ControlEvent(tick: 960, message: .pitchBend(channel: 15, value: -8192))
        control.tick = ControlEvent.tickRange.lowerBound
        #expect(control.message == .pitchBend(channel: 15, value: -8192))
        control.message = .controlChange(channel: 3, controller: 64, value: 127)
        #expect(control.tick == ControlEvent.tickRange.lowerBound)
        control.tick += 1
        #expect(control == ControlEvent(tick: ControlEvent.tickRange.lowerBound + 1, message: .controlChange(channel: 3, controller: 64, value: 127)))
        #expect(control != ControlEvent(tick: ControlEvent.tickRange.lowerBound + 1, message: .controlChange(channel: 3, controller: 64, value: 126)))
        #expect(Set([control, control, ControlEvent(tick: 0, message: control.message)]).count == 2)
    }

    @Test func printsAsThePlainStructDid() {
        let control = ControlEvent(tick: 480, message: .programChange(channel: 0, program: 5))
        #expect("\(control)" == "ControlEvent(tick: 480, message: SMF.ChannelMessage.programChange(channel: 0, program: 5))")
        #expect("\([control])" == "[Music.ControlEvent(tick: 480, message: SMF.ChannelMessage.programChange(channel: 0, program: 5))]")
        #expect(Mirror(reflecting: control).children.map(\.label) == ["tick", "message"])
    }

    /// One track of 258 volume changes (running status) 0x0FFFFFFF ticks apart: the last lands at
    /// tick 257 x 0x0FFFFFFF = 68,987,911,935, past 2^36 - 1; `lateOffset` is its event's.
    static func lateControlFile() -> (bytes: [UInt8], lateOffset: Int) {
        var body: [UInt8] = [0x00, 0xB0, 7, 100]
        var lateOffset = 0
        for k in 1...257 {
            if k == 257 { lateOffset = 14 + 8 + body.count }
            body += vlq(0x0FFF_FFFF) + [7, UInt8(k % 128)]
        }
        body += [0x00, 0xFF, 0x2F, 0x00]
        return (smf(body), lateOffset)
    }

    @Test func aLaterControlThanAScoreHoldsIsRefusedInStrictModeAtItsByteOffset() throws {
        let file = Self.lateControlFile()
        #expect(file.lateOffset == 1562)
        #expect(throws: SMFError(.controlTooLate, track: 0, offset: 1562,
                                 expected: "a control at a tick of at most 68719476735 (what a score holds), found one at tick 68987911935")) {
            try Score.read(bytes: file.bytes, options: .strict)
        }
    }

    @Test func leniently_aLaterControlIsPlacedAtTheLastTickWithAWarningNamingItsByteOffset() throws {
        let file = Self.lateControlFile()
        let score = try Score.read(bytes: file.bytes, options: .lenient).score
        let controls = score.parts[0].controls
        #expect(controls.count == 258)
        #expect(controls[256] == ControlEvent(tick: 256 * 0x0FFF_FFFF, message: .controlChange(channel: 0, controller: 7, value: 0)))
        #expect(controls[257] == ControlEvent(tick: ControlEvent.tickRange.upperBound, message: .controlChange(channel: 0, controller: 7, value: 1)))
        #expect(score.readingWarnings
                == ["track 0: a control at tick 68987911935 (byte offset 1562) is later than a score holds (tick 68719476735): placed there, with any later ones"])
        // From a `MIDIFile` (no byte offsets), the same score and the warning without its offset.
        let viaFile = Score(file: try MIDIFile.read(bytes: file.bytes, options: .strict).file)
        #expect(viaFile.parts == score.parts)
        #expect(viaFile.readingWarnings
                == ["track 0: a control at tick 68987911935 is later than a score holds (tick 68719476735): placed there, with any later ones"])
    }

    @Test func aFormatTwoSequencePlacedPastTheLastTickIsRefusedOrClamped() throws {
        // Sequence 0 lasts 256 x 0x0FFFFFFF ticks (68,719,476,480); sequence 1 has a control at its
        // tick 300, so at 68,719,476,780 once placed after it: past 2^36 - 1 by 45 ticks.
        var first: [UInt8] = []
        for _ in 0..<256 { first += vlq(0x0FFF_FFFF) + [0xFF, 0x01, 0x00] }
        first += [0x00, 0xFF, 0x2F, 0x00]
        let second: [UInt8] = [0x00, 0xC0, 5, 0x82, 0x2C, 0xB0, 7, 90, 0x00, 0xFF, 0x2F, 0x00]
        let bytes = smf(format: 2, tracks: [first, second])
        let controlOffset = 14 + 8 + first.count + 8 + 3  // the volume change, the track's last control
        #expect(throws: SMFError(.controlTooLate, track: 1, offset: controlOffset,
                                 expected: "a control at a tick of at most 68719476735 (what a score holds), found one at tick 68719476780")) {
            try Score.read(bytes: bytes, options: .strict)
        }
        let score = try Score.read(bytes: bytes, options: .lenient).score
        #expect(score.parts[1].controls == [ControlEvent(tick: 256 * 0x0FFF_FFFF, message: .programChange(channel: 0, program: 5)),
                                            ControlEvent(tick: ControlEvent.tickRange.upperBound, message: .controlChange(channel: 0, controller: 7, value: 90))])
        #expect(score.readingWarnings.contains(
            "track 1: a control at tick 68719476780 (byte offset \(controlOffset)) is later than a score holds (tick 68719476735): placed there, with any later ones"))
    }
}

extension ControlEventStorageTests {
    /// The reader's path (a message's bytes) stores what the message's path stores, for every
    /// status byte of a control and data bytes at their edges.
    @Test func aControlMadeOfItsBytesEqualsTheOneMadeOfItsMessage() {
        for status in UInt8(0xA0)...0xEF {
            for (d1, d2) in [(0, 0), (127, 127), (0, 64), (1, 2), (127, 0)] as [(UInt8, UInt8)] {
                let oneByte = status >> 4 == 0xC || status >> 4 == 0xD
                let data2 = oneByte ? 0 : d2
                let message = ChannelMessage(status: status, data1: d1, data2: data2)
                let control = ControlEvent(tick: 1_000_000, status: status, data1: d1, data2: data2)
                #expect(control == ControlEvent(tick: 1_000_000, message: message))
                #expect(control.message == message)
                #expect(control.message.status == status)
            }
        }
        #expect(ControlEvent(tick: 0, status: 0xE3, data1: 0, data2: 0).message == .pitchBend(channel: 3, value: -8192))
        #expect(ControlEvent(tick: 0, status: 0xE3, data1: 127, data2: 127).message == .pitchBend(channel: 3, value: 8191))
        #expect(ControlEvent(tick: 0, status: 0xE3, data1: 0, data2: 64).message == .pitchBend(channel: 3, value: 0))
    }
}

extension ControlEventStorageTests {
    /// The writer encodes controls from their storage (`wireBytes`): the same bytes as through the
    /// message and `MIDIFile`, running status or not, exact for each kind.
    @Test func controlsAreWrittenAsTheirMessagesAre() {
        var controls: [ControlEvent] = []
        for (i, status) in (UInt8(0xA0)...0xEF).enumerated() {
            for (d1, d2) in [(0, 0), (127, 127), (0, 64), (5, 9)] as [(UInt8, UInt8)] {
                let oneByte = status >> 4 == 0xC || status >> 4 == 0xD
                controls.append(ControlEvent(tick: i * 10, status: status, data1: d1, data2: oneByte ? 0 : d2))
            }
        }
        let score = Score(ticksPerQuarter: 96, parts: [Part(name: "c", controls: controls)])
        for running in [true, false] {
            #expect(score.bytes(runningStatus: running) == score.midiFile().bytes(runningStatus: running))
        }
        #expect(ControlEvent(tick: 0, message: .pitchBend(channel: 3, value: -8192)).wireBytes! == (0xE3, 0, 0))
        #expect(ControlEvent(tick: 0, message: .pitchBend(channel: 3, value: 8191)).wireBytes! == (0xE3, 127, 127))
        #expect(ControlEvent(tick: 0, message: .programChange(channel: 15, program: 7)).wireBytes! == (0xCF, 7, 0))
        #expect(ControlEvent(tick: 0, message: .controlChange(channel: 9, controller: 64, value: 127)).wireBytes! == (0xB9, 64, 127))
        // Values a file cannot hold have no bytes (the writer's preconditions then apply as before).
        #expect(ControlEvent(tick: 0, message: .controlChange(channel: 16, controller: 7, value: 1)).wireBytes == nil)
        #expect(ControlEvent(tick: 0, message: .controlChange(channel: 0, controller: 128, value: 1)).wireBytes == nil)
        #expect(ControlEvent(tick: 0, message: .pitchBend(channel: 0, value: 8192)).wireBytes == nil)
    }
}
