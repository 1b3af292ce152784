import TestSupport
import SMF
import Synth
import Testing

/// The player emulation, checked against hand-computed values and against a naive block-by-block
/// transcription of `fluid_player_callback` (no skipping ahead).
@Suite("PlayerSchedule")
struct PlayerScheduleTests {
    @Test func millisecondClockTruncates() {
        // (long)(1000.0 * 64k / 44100)
        #expect(PlayerSchedule.milliseconds(atBlock: 0, sampleRate: 44100) == 0)
        #expect(PlayerSchedule.milliseconds(atBlock: 1, sampleRate: 44100) == 1)      // 1.451
        #expect(PlayerSchedule.milliseconds(atBlock: 2, sampleRate: 44100) == 2)      // 2.902
        #expect(PlayerSchedule.milliseconds(atBlock: 3, sampleRate: 44100) == 4)      // 4.354
        #expect(PlayerSchedule.milliseconds(atBlock: 345, sampleRate: 44100) == 500)  // 500.68
        #expect(PlayerSchedule.milliseconds(atBlock: 344, sampleRate: 44100) == 499)
        #expect(PlayerSchedule.milliseconds(atBlock: 750, sampleRate: 48000) == 1000) // exact
    }

    @Test func oneNoteAt120BPM() throws {
        let s = try PlayerSchedule(file: Support.oneNote(), sampleRate: 44100)
        // program change and note-on at block 0; tick 480 = 0.5 s: deltatime = 500000/480/1000 ms,
        // first block with (int)(msec / deltatime + 0.5) >= 480 is msec >= 500, block 345.
        #expect(s.entries.map(\.block) == [0, 0, 345])
        #expect(s.entries.map(\.frame) == [0, 0, 22080])
        #expect(s.lastEventBlock == 345)
        #expect(s.entries[2].event == .channel(.noteOff(channel: 0, note: 60, velocity: 64)))
    }

    @Test func tempoChangeRestartsTheCountAtTheCallback() throws {
        // 60 bpm from tick 480 (reached at block 345, msec 500, curTicks 480), so tick 960 is 1 s
        // after msec 500: deltatime = 1000000/480/1000 ms; (int)((msec-500)/2.0833 + 0.5) >= 480
        // needs msec - 500 >= 999 (998.96), msec >= 1499, first block: 1499*44.1/64 = 1032.9 -> 1033.
        let file = MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480), tracks: [Track(events: [
            Support.on(0, 0, 60), Support.tempo(480, bpm: 60), Support.off(480, 0, 60), Support.end(),
        ])])
        let s = try PlayerSchedule(file: file, sampleRate: 44100)
        #expect(s.entries.map(\.block) == [0, 1033])
        #expect(PlayerSchedule.milliseconds(atBlock: 1033, sampleRate: 44100) == 1499)
        #expect(PlayerSchedule.milliseconds(atBlock: 1032, sampleRate: 44100) == 1497)
    }

    @Test func tracksAreWalkedInOrderWithinABlock() throws {
        // Track 0 has an event at tick 1, track 1 one at tick 0; both fall in block 0 or 1 together,
        // and the player sends all of track 0's due events first.
        let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(96), tracks: [
            Track(events: [Support.cc(1, 0, 7, 100), Support.end()]),
            Track(events: [Support.program(0, 1, 5), Support.program(1, 1, 6), Support.end()]),
        ])
        let s = try PlayerSchedule(file: file, sampleRate: 44100)
        // deltatime = 500000/96/1000 = 5.208 ms; tick 1 needs msec >= 2.6 -> 3 -> block 3 (msec 4).
        #expect(s.entries.map(\.block) == [0, 3, 3])
        #expect(s.entries.map(\.track) == [1, 0, 1])
        #expect(s.entries.map(\.tick) == [0, 1, 1])
    }

    @Test func whatFluidSynthsReaderKeepsDecidesTheEnd() throws {
        func lastBlock(_ events: [TrackEvent]) throws -> Int {
            try PlayerSchedule(file: MIDIFile(format: .singleTrack, division: .ticksPerQuarter(1000),
                                              tracks: [Track(events: events)]), sampleRate: 44100).lastEventBlock
        }
        // deltatime 0.5 ms. Tick 10 needs (int)(msec / 0.5 + 0.5) >= 10, msec >= 5: block 4 (msec 5;
        // block 3 has msec 4). Tick 2000 needs msec >= 1000: block 690 (msec 1001; block 689 has 999).
        let note = [Support.on(0, 0, 60), Support.off(10, 0, 60)]
        let marker = TrackEvent(delta: 1990, event: .meta(.text(.marker, Array("m".utf8))))
        let text = TrackEvent(delta: 1990, event: .meta(.text(.text, Array("t".utf8))))
        #expect(try lastBlock(note + [marker]) == 4)            // markers are dropped: ends at tick 10
        #expect(try lastBlock(note + [text]) == 690)            // text events are kept
        #expect(try lastBlock(note + [Support.end(1990)]) == 690)
        // Events after End of Track are ignored.
        let after = try PlayerSchedule(file: MIDIFile(format: .singleTrack, division: .ticksPerQuarter(1000), tracks: [
            Track(events: note + [Support.end(0), Support.on(5000, 0, 62)]),
        ]), sampleRate: 44100)
        #expect(after.entries.count == 2)
        #expect(after.lastEventBlock == 4)
        // Empty sysex is dropped; meta events never reach the synth.
        let sysex = try PlayerSchedule(file: MIDIFile(format: .singleTrack, division: .ticksPerQuarter(1000), tracks: [
            Track(events: [TrackEvent(delta: 0, event: .sysex([])), TrackEvent(delta: 0, event: .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])), Support.tempo(0, bpm: 100), Support.end()]),
        ]), sampleRate: 44100)
        #expect(sysex.entries.map(\.event) == [.sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])])
        #expect(try PlayerSchedule(file: MIDIFile(tracks: []), sampleRate: 44100).lastEventBlock == 0)
    }

    @Test func smpteUsesFramesTimesTicksPerFrame() throws {
        // 25 fps x 40 ticks per frame = 1000 ticks per second: tick 1000 is 1.000 s.
        let file = MIDIFile(format: .singleTrack, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [Track(events: [
            Support.on(1000, 0, 60), Support.tempo(0, bpm: 30), Support.off(500, 0, 60), Support.end(),
        ])])
        let s = try PlayerSchedule(file: file, sampleRate: 44100)
        // First block whose millisecond clock reaches 1000 is 690 (frame 44160, 1.0014 s):
        // within one 64-frame block after the exact frame 44100. Set Tempo is ignored.
        #expect(s.entries.map(\.block) == [690, 1034])
        #expect(s.entries[0].frame - 44100 >= 0 && s.entries[0].frame - 44100 < 64)
        // 29 means 29.97 drop-frame: 29.97 * 10 ticks per second, so tick 2997 is 10.000 s.
        let drop = MIDIFile(format: .singleTrack, division: .smpte(framesPerSecond: 29, ticksPerFrame: 10), tracks: [Track(events: [
            Support.on(2997, 0, 60), Support.end(),
        ])])
        let d = try PlayerSchedule(file: drop, sampleRate: 44100)
        let exact = 10 * 44100
        #expect(d.entries[0].frame >= exact - 64 && d.entries[0].frame < exact + 64)
    }

    @Test func untimeableDivisionsThrow() {
        #expect(throws: SynthError.self) { try PlayerSchedule(file: MIDIFile(division: .ticksPerQuarter(0)), sampleRate: 44100) }
        #expect(throws: SynthError.self) { try PlayerSchedule(file: MIDIFile(division: .smpte(framesPerSecond: 0, ticksPerFrame: 4)), sampleRate: 44100) }
        #expect(throws: SynthError.self) { try PlayerSchedule(file: MIDIFile(division: .smpte(framesPerSecond: 25, ticksPerFrame: 0)), sampleRate: 44100) }
        #expect(throws: SynthError.self) { try PlayerSchedule(file: MIDIFile(), sampleRate: 0) }
    }

    /// fluid_player_callback transcribed literally, one block at a time.
    static func naive(_ file: MIDIFile, sampleRate: Double) -> (blocks: [Int], last: Int) {
        guard case .ticksPerQuarter(let ppq) = file.division else { fatalError() }
        var tracks: [[TimedEvent]] = []
        for (i, t) in file.tracks.enumerated() {
            var kept: [TimedEvent] = []
            for e in t.timedEvents(track: i) {
                if case .meta(let m) = e.event {
                    if case .endOfTrack = m { kept.append(e); break }
                    if case .tempo = m { kept.append(e) }
                } else { kept.append(e) }
            }
            tracks.append(kept)
        }
        var cursor = [Int](repeating: 0, count: tracks.count)
        var deltatime = Float(500000) / Float(ppq) / Float(1000.0)
        var startMsec = 0, startTicks = 0
        var blocks: [Int] = []
        var k = 0
        while true {
            let msec = Int(1000.0 * Double(64 * k) / sampleRate)
            let cur = startTicks + Int(Double(msec - startMsec) / Double(deltatime) + 0.5)
            var done = true
            for t in tracks.indices {
                while cursor[t] < tracks[t].count, tracks[t][cursor[t]].tick <= cur {
                    switch tracks[t][cursor[t]].event {
                    case .meta(.tempo(let us)):
                        deltatime = Float(us) / Float(ppq) / Float(1000.0)
                        startMsec = msec
                        startTicks = cur
                    case .meta: break
                    default: blocks.append(k)
                    }
                    cursor[t] += 1
                }
                if cursor[t] < tracks[t].count { done = false }
            }
            if done { return (blocks, k) }
            k += 1
        }
    }

    @Test("notes never ended get a note-off at the end of their track, in the player's track order")
    func unendedNotesAreReleasedAtTheirTrackEnd() throws {
        let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(480), tracks: [
            // 60 never ended; 62 ended.
            Track(events: [Support.on(0, 0, 60), Support.on(0, 0, 62), Support.off(480, 0, 62), Support.end(480)]),
            // 64 ended by track 2 after this track's end; 65 struck again at tick 100 and never ended.
            Track(events: [Support.on(0, 1, 64), Support.on(0, 1, 65), Support.on(100, 1, 65), Support.end(140)]),
            // 67 ended by All Notes Off (CC 123).
            Track(events: [Support.on(0, 2, 67), Support.cc(100, 2, 123, 0), Support.cc(140, 2, 7, 100), Support.off(480, 1, 64), Support.end()]),
        ])
        let s = try PlayerSchedule(file: file, sampleRate: 44100)
        #expect(s.unendedNotes == [
            UnendedNote(track: 1, channel: 1, note: 65, onTick: 100, releaseTick: 240),
            UnendedNote(track: 0, channel: 0, note: 60, onTick: 0, releaseTick: 960),
        ])
        // Tick 240 (250 ms, 1.0417 ms per tick) is reached at block 173, tick 960 at block 690.
        #expect(PlayerSchedule.milliseconds(atBlock: 172, sampleRate: 44100) == 249)
        #expect(PlayerSchedule.milliseconds(atBlock: 689, sampleRate: 44100) == 999)
        let offs = s.entries.enumerated().filter { if case .channel(.noteOff(_, _, 0)) = $0.element.event { return true }; return false }
        #expect(offs.map(\.element.block) == [173, 690])
        #expect(offs.map(\.element.track) == [1, 0])
        // At block 173 the release of track 1 comes after track 1's events and before track 2's (CC 7).
        let i = offs[0].offset
        #expect(s.entries[i - 1].block < 173)
        #expect(s.entries[i + 1].event == .channel(.controlChange(channel: 2, controller: 7, value: 100)))
        #expect(s.entries[i + 1].block == 173)
        // The last event of all: track 0's release at block 690.
        #expect(s.entries.last?.event == .channel(.noteOff(channel: 0, note: 60, velocity: 0)))
        #expect(s.lastEventBlock == 690)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func matchesANaiveTranscription(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let ppq = UInt16([24, 96, 120, 384, 480, 960, 1024][Int(rng.next() % 7)])
        var tracks: [Track] = []
        for t in 0..<Int(1 + rng.next() % 4) {
            var events: [TrackEvent] = []
            for _ in 0..<Int(rng.next() % 60) {
                let delta = UInt32(rng.next() % 3 == 0 ? 0 : rng.next() % UInt64(4 * Int(ppq)))
                if t == 0, rng.next() % 5 == 0 {
                    events.append(TrackEvent(delta: delta, event: .meta(.tempo(microsecondsPerQuarter: UInt32(200_000 + rng.next() % 1_500_000)))))
                } else {
                    events.append(Support.on(delta, UInt8(t), UInt8(40 + rng.next() % 40)))
                }
            }
            if rng.next() % 2 == 0 { events.append(Support.end(UInt32(rng.next() % 5000))) }
            tracks.append(Track(events: events))
        }
        let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(ppq), tracks: tracks)
        for rate in [22050.0, 44100, 48000] {
            let s = try PlayerSchedule(file: file, sampleRate: rate)
            let reference = Self.naive(file, sampleRate: rate)
            // The file has only note-ons: every note-off in the schedule releases a note never ended.
            func isNoteOff(_ e: PlayerSchedule.Entry) -> Bool { if case .channel(.noteOff) = e.event { return true }; return false }
            #expect(s.entries.filter { !isNoteOff($0) }.map(\.block) == reference.blocks, "seed \(seed), \(rate) Hz")
            #expect(s.lastEventBlock == reference.last, "seed \(seed), \(rate) Hz")
            var keys = Set<[UInt8]>()
            for e in s.entries { if case .channel(.noteOn(let c, let n, _)) = e.event { keys.insert([c, n]) } }
            #expect(Set(s.unendedNotes.map { [$0.channel, $0.note] }) == keys)
            #expect(s.entries.filter(isNoteOff).count == keys.count)
        }
    }
}

/// A small deterministic generator for the randomised tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Format 2: the second sequence starts where the first ends, timed by its own (default) tempo.
@Suite("PlayerSchedule, format 2")
struct PlayerScheduleFormatTwoTests {
    @Test func sequencesPlayOneAfterAnother() throws {
        // Sequence 0 at 240 bpm (PPQ 96: 2.604 ms a tick): note 60 for one quarter, End of Track
        // there. Sequence 1 sets no tempo: 120 bpm from its start. At 48 kHz msec(k) = floor(4k/3).
        // Tick 96 needs (int)(msec / 2.604 + 0.5) >= 96: msec >= 249, block 187. Then 5.208 ms a
        // tick from msec 249: tick 192 needs msec - 249 >= 497.4, msec >= 747, block 561 (748).
        let file = MIDIFile(format: .multiSequence, division: .ticksPerQuarter(96), tracks: [
            Track(events: [Support.tempo(0, bpm: 240), Support.on(0, 0, 60), Support.off(96, 0, 60), Support.end()]),
            Track(events: [Support.on(0, 0, 62), Support.off(96, 0, 62), Support.end()]),
        ])
        let s = try PlayerSchedule(file: file, sampleRate: 48000)
        #expect(s.entries.map(\.block) == [0, 187, 187, 561])
        #expect(s.entries.map(\.tick) == [0, 96, 96, 192])
    }
}
