import SMF

/// A tempo change: from `tick` on, a quarter note lasts `microsecondsPerQuarter` µs (SMF meta 0x51).
public struct TempoChange: Sendable, Hashable {
    public var tick: Int
    public var microsecondsPerQuarter: UInt32
    public init(tick: Int, microsecondsPerQuarter: UInt32) {
        self.tick = tick
        self.microsecondsPerQuarter = microsecondsPerQuarter
    }
    /// A tempo change given in quarter notes per minute.
    public init(tick: Int, bpm: Double) {
        self.init(tick: tick, microsecondsPerQuarter: UInt32((60_000_000 / bpm).rounded()))
    }
    /// Quarter notes per minute.
    public var bpm: Double { 60_000_000 / Double(microsecondsPerQuarter) }
}

/// Converts between ticks and seconds for a file's division and tempo changes.
///
/// With a ticks-per-quarter division the tempo is 120 bpm (500,000 µs per quarter) until the first
/// tempo change (SMF 1.0 spec, "Meta-Events", Set Tempo); each change takes effect at its tick and
/// when several fall on one tick the last one wins. With an SMPTE division, ticks are a fixed
/// fraction of a second (frames per second x ticks per frame; 29 means 29.97 drop-frame, i.e.
/// 30000/1001: `SMPTEFrameRate`) and tempo events do not change timing.
public struct TempoMap: Sendable, Hashable {
    /// A stretch of constant tempo beginning at `tick`, `seconds` after the start.
    struct Segment: Sendable, Hashable {
        var tick: Int
        var seconds: Double
        var secondsPerTick: Double
    }
    let segments: [Segment]

    /// - Parameters:
    ///   - division: the file's `MThd` division.
    ///   - changes: tempo changes in any order (ignored for an SMPTE division).
    public init(division: Division, changes: [TempoChange]) {
        switch division {
        case .smpte(let fps, let ticksPerFrame):
            let framesPerSecond = SMPTEFrameRate.framesPerSecond(code: fps)
            segments = [Segment(tick: 0, seconds: 0, secondsPerTick: 1 / (framesPerSecond * Double(max(ticksPerFrame, 1))))]
        case .ticksPerQuarter(let tpq):
            let ticks = Double(max(tpq, 1))
            var result = [Segment(tick: 0, seconds: 0, secondsPerTick: 0.5 / ticks)]
            // Stable sort keeps file order among changes at the same tick, so the last one wins.
            for change in changes.enumerated().sorted(by: { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }).map(\.element) {
                let last = result[result.count - 1]
                let perTick = Double(change.microsecondsPerQuarter) / 1_000_000 / ticks
                if change.tick == last.tick {
                    result[result.count - 1].secondsPerTick = perTick
                } else {
                    let seconds = last.seconds + Double(change.tick - last.tick) * last.secondsPerTick
                    result.append(Segment(tick: change.tick, seconds: seconds, secondsPerTick: perTick))
                }
            }
            segments = result
        }
    }

    /// Seconds from the start at `tick` (ticks >= 0).
    public func seconds(atTick tick: Int) -> Double {
        let s = segment(where: { $0.tick <= tick })
        return s.seconds + Double(tick - s.tick) * s.secondsPerTick
    }

    /// The (fractional) tick reached after `seconds` seconds.
    public func tick(atSeconds seconds: Double) -> Double {
        let s = segment(where: { $0.seconds <= seconds })
        return Double(s.tick) + (seconds - s.seconds) / s.secondsPerTick
    }

    /// The last segment satisfying `isAtOrBefore` (segments are ascending in both tick and seconds).
    private func segment(where isAtOrBefore: (Segment) -> Bool) -> Segment {
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if isAtOrBefore(segments[mid]) { lo = mid } else { hi = mid - 1 }
        }
        return segments[lo]
    }
}
