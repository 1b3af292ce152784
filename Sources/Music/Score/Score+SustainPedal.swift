import SMF

extension Score {
    /// Where each channel's sustain pedal is down, in ticks, in order: controller 64 at 64 or more
    /// presses it, below 64 lifts it (the MIDI 1.0 switch convention); a press while down and a
    /// lift while up change nothing; a pedal still down at the end lifts at `endTick`. General MIDI
    /// channel 10 (index 9, percussion) is left out. Channels without a press are absent.
    package var sustainPedalSpans: [UInt8: [Range<Int>]] {
        var events: [UInt8: [(tick: Int, down: Bool)]] = [:]
        for part in parts {
            for c in part.controls {
                guard case .controlChange(let channel, 64, let value) = c.message, channel != 9 else { continue }
                events[channel, default: []].append((c.tick, value >= 64))
            }
        }
        let last = endTick
        var out: [UInt8: [Range<Int>]] = [:]
        for (channel, list) in events {
            // Stable by tick: the parts' controls are each in order, events of one tick keep theirs.
            let ordered = list.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
            var spans: [Range<Int>] = [], downAt: Int?
            for e in ordered {
                if e.down {
                    if downAt == nil { downAt = e.tick }
                } else if let d = downAt {
                    if e.tick > d { spans.append(d..<e.tick) }
                    downAt = nil
                }
            }
            if let d = downAt, last > d { spans.append(d..<last) }
            if !spans.isEmpty { out[channel] = spans }
        }
        return out
    }

    /// Where any channel's sustain pedal (`sustainPedalSpans`) is down, in seconds by the tempo map:
    /// the union over channels, in order, overlapping or touching stretches merged.
    package var sustainPedalSeconds: [Range<Double>] {
        let map = tempoMap
        let spans = sustainPedalSpans.values.flatMap { $0 }.map { map.seconds(atTick: $0.lowerBound)..<map.seconds(atTick: $0.upperBound) }
            .filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Double>] = []
        for s in spans {
            if let last = merged.last, s.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, s.upperBound)
            } else {
                merged.append(s)
            }
        }
        return merged
    }
}
