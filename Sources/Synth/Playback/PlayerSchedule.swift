import SMF

/// When FluidSynth 2.3.1's MIDI player (`fluid_player_t` driven by the synth's sample timer, as in
/// `fluidsynth -F`) delivers each event of a file, computed without a synth.
///
/// The player is called back once per 64-frame block, before the block is rendered
/// (`fluid_synth_render_blocks` → `fluid_sample_timer_process`). For block `k` it
/// 1. takes the time `msec = (long)(1000.0 * 64k / sampleRate)` (truncated to whole milliseconds);
/// 2. converts it to a tick: `curTicks = startTicks + (int)((msec - startMsec) / deltatime + 0.5)`
///    where `deltatime = (float)tempo / (float)division / 1000.0f` milliseconds per tick (single
///    precision; tempo 500000 µs per quarter until the first Set Tempo);
/// 3. walks the tracks in file order and, in each, sends every event whose absolute tick is
///    `<= curTicks` (so at one block all of track 0's due events go before track 1's). A Set Tempo
///    event sets `deltatime` from its value and restarts the count from *this block*:
///    `startMsec = msec`, `startTicks = curTicks` (not the tempo event's own tick).
///
/// Events are sent during block `k`'s callback, inside the render loop, before block `k` is mixed
/// (`Renderer` sends them from that same place). A note started there begins, very quietly, in
/// block `k` and sounds properly from block `k + 1`: FluidSynth queues most of a new voice's
/// parameters for the next block. Against the exact tempo map, sound therefore lags by up to about
/// 1 ms (the clock truncates to whole milliseconds) plus one or two blocks (1.5-2.9 ms at 44.1 kHz),
/// and the `+ 0.5` can make an event up to half a tick early.
///
/// Which events count is what FluidSynth's file reader keeps: channel messages, non-empty
/// system exclusive, Set Tempo, Text and Lyric meta events, and End of Track (events after the
/// first End of Track are dropped). Other meta events are skipped. Only channel messages and
/// system exclusive (plus complete `F0 ... F7` escape packets, which FluidSynth's reader would
/// refuse) reach the synth; they are listed in `entries`.
///
/// Unlike FluidSynth's player, a note that no event ends (`UnendedNote`) gets a note-off at the
/// end of its track, so that it is released rather than sounding until the render's cap.
///
/// SMPTE divisions (which FluidSynth's player refuses) use the same arithmetic with a constant
/// `deltatime = 1000 / (framesPerSecond * ticksPerFrame)` ms per tick in double precision
/// (29 frames per second means 29.97 drop-frame, 30000/1001: `SMPTEFrameRate`) and ignore Set Tempo.
package struct PlayerSchedule: Sendable, Hashable {
    /// One event and the block at which the player sends it.
    package struct Entry: Sendable, Hashable {
        /// The 64-frame block at which the event is sent (before that block is rendered).
        package var block: Int
        /// The event's absolute tick in its track.
        package var tick: Int
        /// 0-based index of its track.
        package var track: Int
        /// The event (a channel message, system exclusive or escape).
        package var event: Event

        /// The first frame of the block at which the event is sent: `block * 64`. A note-on is
        /// audible from about one block later (see the type's documentation).
        package var frame: Int { block * PlayerSchedule.framesPerBlock }
    }

    /// Frames per player callback: FluidSynth's internal block (`FLUID_BUFSIZE`, 64).
    package static let framesPerBlock = 64

    /// The sample rate the schedule was computed for, Hz.
    package let sampleRate: Double
    /// The events that reach the synth, in the order the player sends them.
    package let entries: [Entry]
    /// The block at whose callback the last track ran out of events (0 for a file with none).
    /// FluidSynth's player starts its end-of-song handling here.
    package let lastEventBlock: Int
    /// The notes no event ends, each released by a note-off (in `entries`) at the end of its track.
    package let unendedNotes: [UnendedNote]

    /// Computes the schedule.
    /// - Throws: `SynthError.invalidDivision` for 0 ticks per quarter, 0 frames per second or
    ///   0 ticks per frame; `SynthError.invalidOption` for a sample rate that is not positive.
    package init(file: MIDIFile, sampleRate: Double) throws {
        guard sampleRate > 0, sampleRate.isFinite else {
            throw SynthError.optionOutOfRange(name: "sample rate", value: "\(sampleRate) Hz", allowed: "positive")
        }
        self.sampleRate = sampleRate

        let division: Int?         // ticks per quarter, nil for SMPTE
        var deltatime: Double      // milliseconds per tick
        switch file.division {
        case .ticksPerQuarter(let ppq):
            guard ppq > 0 else { throw SynthError.invalidDivision(file.division) }
            division = Int(ppq)
            deltatime = Self.fluidDeltatime(tempo: 500_000, division: Int(ppq))
        case .smpte(let fps, let tpf):
            guard fps > 0, tpf > 0 else {
                throw SynthError.invalidDivision(file.division)
            }
            division = nil
            let framesPerSecond = SMPTEFrameRate.framesPerSecond(code: fps)
            deltatime = 1000.0 / (framesPerSecond * Double(tpf))
        }

        // A format 2 file's sequences play one after another, each with its own tempo map.
        let tracks = file.sequencedForPlayback().tracks.enumerated().map { Self.playerEvents(of: $0.element, index: $0.offset) }
        var cursor = [Int](repeating: 0, count: tracks.count)
        var startMsec = 0
        var startTicks = 0
        var entries: [Entry] = []
        var trackEnds = [TrackEnd?](repeating: nil, count: tracks.count)
        var block = 0

        func ticks(atBlock k: Int) -> Int {
            let msec = Self.milliseconds(atBlock: k, sampleRate: sampleRate)
            return startTicks + Int(Double(msec - startMsec) / deltatime + 0.5)
        }

        while true {
            let msec = Self.milliseconds(atBlock: block, sampleRate: sampleRate)
            let curTicks = startTicks + Int(Double(msec - startMsec) / deltatime + 0.5)
            var exhausted = true
            for t in tracks.indices {
                let events = tracks[t]
                while cursor[t] < events.count, events[cursor[t]].tick <= curTicks {
                    let e = events[cursor[t]]
                    switch e.event {
                    case .meta(.tempo(let microseconds)):
                        if let division {
                            deltatime = Self.fluidDeltatime(tempo: Int(microseconds), division: division)
                            startMsec = msec
                            startTicks = curTicks
                        }
                    case .meta:
                        break
                    default:
                        entries.append(Entry(block: block, tick: e.tick, track: t, event: e.event))
                    }
                    cursor[t] += 1
                    if cursor[t] == events.count {
                        trackEnds[t] = TrackEnd(block: block, entryIndex: entries.count, tick: e.tick)
                    }
                }
                if cursor[t] < events.count { exhausted = false }
            }
            if exhausted { break }

            // Skip blocks at which nothing is due (long rests, or a huge delta time): find the first
            // block whose tick reaches the next event. curTicks never decreases, so search.
            var nextTick = Int.max
            for t in tracks.indices where cursor[t] < tracks[t].count {
                nextTick = min(nextTick, tracks[t][cursor[t]].tick)
            }
            var low = block + 1
            if ticks(atBlock: low) < nextTick {
                var high = low + 1
                while ticks(atBlock: high) < nextTick { low = high; high = low * 2 }
                // ticks(low) < nextTick <= ticks(high)
                while high - low > 1 {
                    let mid = low + (high - low) / 2
                    if ticks(atBlock: mid) < nextTick { low = mid } else { high = mid }
                }
                low = high
            }
            block = low
        }
        (self.entries, self.unendedNotes) = Self.releasingUnendedNotes(entries, trackEnds: trackEnds)
        self.lastEventBlock = block
    }

    /// The player's clock at block `k`: `(long)(1000.0 * 64k / sampleRate)` milliseconds, as
    /// `fluid_sample_timer_process` computes it.
    package static func milliseconds(atBlock k: Int, sampleRate: Double) -> Int {
        Int(1000.0 * Double(k * framesPerBlock) / sampleRate)
    }

    /// FluidSynth's milliseconds per tick, `(float)tempo / (float)division / (float)1000.0`, widened
    /// to double as it is when used. A tempo of 0 (which would divide by zero) counts as 1 µs.
    static func fluidDeltatime(tempo: Int, division: Int) -> Double {
        Double(Float(max(tempo, 1)) / Float(division) / Float(1000))
    }

    /// One track's events as FluidSynth's file reader keeps them, with absolute ticks.
    static func playerEvents(of track: Track, index: Int) -> [TimedEvent] {
        var kept: [TimedEvent] = []
        var tick = 0
        for e in track.events {
            tick += Int(e.delta)
            switch e.event {
            case .channel, .escape:
                kept.append(TimedEvent(tick: tick, track: index, event: e.event))
            case .sysex(let data):
                if !data.isEmpty { kept.append(TimedEvent(tick: tick, track: index, event: e.event)) }
            case .meta(let meta):
                switch meta {
                case .tempo, .text(.text, _), .text(.lyric, _):
                    kept.append(TimedEvent(tick: tick, track: index, event: e.event))
                case .endOfTrack:
                    kept.append(TimedEvent(tick: tick, track: index, event: e.event))
                    return kept
                default:
                    break
                }
            }
        }
        return kept
    }
}
