/// Bars and beats of a score on its tick axis, from its time signatures (SMF meta 0x58; 4/4 until
/// the first one). A time signature that falls inside a bar starts a new bar there, as notation
/// programs do when a file's meter change is not on a barline.
public struct BarGrid: Sendable, Hashable {
    /// One bar: its 1-based number, first tick, length in ticks and the time signature in force.
    public struct Bar: Sendable, Hashable {
        /// 1-based bar number (bar 1 starts at tick 0).
        public var number: Int
        /// First tick of the bar.
        public var start: Int
        /// Length in ticks (> 0).
        public var length: Int
        public var timeSignature: TimeSignature
        /// One past the last tick: `start + length`.
        public var end: Int { start + length }

        package init(number: Int, start: Int, length: Int, timeSignature: TimeSignature) {
            self.number = number
            self.start = start
            self.length = length
            self.timeSignature = timeSignature
        }

        /// Ticks per beat: the denominator's note value, or a dotted one in compound meters
        /// (`TimeSignature.isCompound`: 6/8, 9/8, 12/8, 6/16; not 6/4), so 6/8 has 2 beats.
        public func beatLength(ticksPerQuarter: Int) -> Int {
            let unit = ticksPerQuarter * 4 / max(timeSignature.denominator, 1)
            return max(1, timeSignature.isCompound ? unit * 3 : unit)
        }

        /// Beat start ticks within the bar, the bar's own start first.
        public func beatStarts(ticksPerQuarter: Int) -> [Int] {
            Array(stride(from: start, to: end, by: beatLength(ticksPerQuarter: ticksPerQuarter)))
        }
    }

    /// The bars covering tick 0 up to and including the bar that contains `endTick - 1` (at least one bar).
    public let bars: [Bar]
    public let ticksPerQuarter: Int

    /// - Parameters:
    ///   - ticksPerQuarter: the score's resolution (PPQN), > 0.
    ///   - timeSignatures: sorted by tick; empty means 4/4; several at one tick: the last wins.
    ///   - endTick: the bars reach at least this tick.
    public init(ticksPerQuarter: Int, timeSignatures: [TimeSignature], endTick: Int) {
        let tpq = max(ticksPerQuarter, 1)
        self.ticksPerQuarter = tpq
        var signatures: [TimeSignature] = []
        for s in timeSignatures where s.numerator > 0 && s.denominator > 0 {
            if signatures.last?.tick == s.tick { signatures[signatures.count - 1] = s } else { signatures.append(s) }
        }
        if signatures.first.map({ $0.tick > 0 }) ?? true {
            signatures.insert(TimeSignature(tick: 0, numerator: 4, denominator: 4), at: 0)
        }
        var bars: [Bar] = []
        var tick = 0, index = 0
        repeat {
            while index + 1 < signatures.count && signatures[index + 1].tick <= tick { index += 1 }
            let signature = signatures[index]
            var length = max(1, signature.ticksPerBar(ticksPerQuarter: tpq))
            if index + 1 < signatures.count && signatures[index + 1].tick < tick + length {
                length = signatures[index + 1].tick - tick
            }
            bars.append(Bar(number: bars.count + 1, start: tick, length: length, timeSignature: signature))
            tick += length
        } while tick < endTick
        self.bars = bars
    }

    /// The grid of a score's time signatures, through its `endTick`.
    public init(score: Score) {
        self.init(ticksPerQuarter: score.ticksPerQuarter, timeSignatures: score.timeSignatures, endTick: score.endTick)
    }

    /// The bar containing `tick` (the last bar for ticks past the end, the first for negative ticks).
    public func bar(containing tick: Int) -> Bar {
        var lo = 0, hi = bars.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if bars[mid].start <= tick { lo = mid } else { hi = mid - 1 }
        }
        return bars[lo]
    }
}
