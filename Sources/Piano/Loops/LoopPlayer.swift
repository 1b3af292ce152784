import SMF

/// Plays grid cells as loops, bar by bar, on the piano's clock: pure logic driven with explicit
/// times (monotonic seconds), so its schedule can be tested exactly.
///
/// A step is a 16th note: 15 / `bpm` seconds. Each bar is laid out when its bar line comes, with
/// the tempo, the loop and the metronome setting of that moment, so a tempo change, a new cell
/// (`play`) or the metronome take effect on the next bar line. A new cell starts from its first
/// step; notes of the old one still sounding end on that bar line. A note that crosses a bar line
/// inside its loop keeps sounding, and ends at the tempo of the bar it ends in. Metronome clicks
/// (channel 10, as the piano's own metronome) fall on the meter's beats, the first one accented.
struct LoopPlayer: Sendable {
    /// A timed message: a loop note (recorded with the take) or a metronome click (not recorded).
    struct Event: Sendable, Hashable {
        var time: Double
        var message: ChannelMessage
        var isClick: Bool
    }

    /// Quarter notes per minute of the bars laid out from now on.
    var bpm: Double
    /// Clicks in the bars laid out from now on.
    var metronome: Bool
    /// How long a click sounds (seconds), as the piano's metronome.
    static let clickLength = 0.08

    /// The loop playing, and the one that starts on the next bar line.
    private(set) var playing: LoopTrack?
    private(set) var queued: LoopTrack?
    /// When the next bar is laid out (nil until `play` starts the clock).
    private(set) var nextBarLine: Double?
    /// The step of the playing loop at which the next bar begins.
    private(set) var position = 0
    /// Events laid out and not yet due, in time order (note-offs before note-ons at one time).
    private(set) var pending: [Event] = []
    /// Note-offs of notes that cross the next bar line: steps after it, and the message.
    private var carried: [(steps: Int, message: ChannelMessage)] = []
    /// Loop notes and clicks sounding now (`channel << 7 | pitch`).
    private(set) var sounding: Set<Int> = []
    private(set) var soundingClicks: Set<Int> = []

    init(bpm: Double, metronome: Bool = false) {
        self.bpm = bpm
        self.metronome = metronome
    }

    /// Plays `loop` from the next bar line; when nothing plays yet, the clock starts with a bar
    /// line at `start`. Asking for the loop already playing cancels a queued change.
    mutating func play(_ loop: LoopTrack, start: Double) {
        if nextBarLine == nil { nextBarLine = start }
        queued = loop == playing ? nil : loop
    }

    /// Stops at once: returns note-offs for every sounding loop note and click; forgets the rest.
    mutating func stop() -> (notes: [ChannelMessage], clicks: [ChannelMessage]) {
        func offs(_ keys: Set<Int>) -> [ChannelMessage] {
            keys.sorted().map { ChannelMessage.noteOff(channel: UInt8($0 >> 7), note: UInt8($0 & 127), velocity: 0) }
        }
        defer { sounding.removeAll(); soundingClicks.removeAll() }
        let result = (offs(sounding), offs(soundingClicks))
        pending.removeAll()
        carried.removeAll()
        playing = nil
        queued = nil
        nextBarLine = nil
        position = 0
        return result
    }

    /// The next moment something is due: a laid-out event or the next bar line.
    var nextDeadline: Double? { [pending.first?.time, nextBarLine].compactMap { $0 }.min() }

    /// The first beat of the playing loop's meter at or after `now` (to hand the clock back to
    /// the piano's metronome), or nil when nothing plays.
    func nextBeat(after now: Double) -> Double? {
        guard let bar = nextBarLine, let loop = playing else { return nil }
        let beat = Double(loop.meter.beatSteps) * stepSeconds
        return bar - (max(bar - now, 0) / beat).rounded(.down) * beat
    }

    /// Seconds per step at the current tempo.
    var stepSeconds: Double { 15 / bpm }

    /// The events due at `now`, in order (laying out every bar whose line has come).
    mutating func due(now: Double) -> [Event] {
        var out: [Event] = []
        while true {
            if let bar = nextBarLine, bar <= now, pending.first.map({ bar <= $0.time }) ?? true {
                layOutBar(now: now)
            } else if let first = pending.first, first.time <= now {
                pending.removeFirst()
                switch first.message {
                case .noteOn(let c, let p, let v) where v > 0:
                    if first.isClick { soundingClicks.insert(Int(c) << 7 | Int(p)) } else { sounding.insert(Int(c) << 7 | Int(p)) }
                case .noteOn(let c, let p, _), .noteOff(let c, let p, _):
                    if first.isClick { soundingClicks.remove(Int(c) << 7 | Int(p)) } else { sounding.remove(Int(c) << 7 | Int(p)) }
                default: break
                }
                out.append(first)
            } else {
                return out
            }
        }
    }

    /// Lays out the bar starting at `nextBarLine`. A clock that fell more than a bar behind `now`
    /// (the process was stopped) starts its bar at `now` instead of catching up in a burst.
    private mutating func layOutBar(now: Double) {
        guard var bar = nextBarLine else { return }
        let step = stepSeconds
        if let next = queued {
            // The new cell starts here: what still sounds of the old one ends on this bar line.
            for c in carried { pending.append(Event(time: bar, message: c.message, isClick: false)) }
            carried.removeAll()
            playing = next
            queued = nil
            position = 0
        }
        guard let loop = playing else { nextBarLine = nil; return }
        let stepsPerBar = loop.stepsPerBar
        if now - bar > Double(stepsPerBar) * step { bar = now }
        for c in carried { pending.append(Event(time: bar + Double(c.steps) * step, message: c.message, isClick: false)) }
        carried.removeAll()
        for n in loop.notes where n.start >= position && n.start < position + stepsPerBar {
            let on = n.start - position, end = on + n.steps
            pending.append(Event(time: bar + Double(on) * step, message: .noteOn(channel: loop.channel, note: n.pitch, velocity: n.velocity), isClick: false))
            let off = ChannelMessage.noteOff(channel: loop.channel, note: n.pitch, velocity: 0)
            if end <= stepsPerBar {
                pending.append(Event(time: bar + Double(end) * step, message: off, isClick: false))
            } else {
                carried.append((end - stepsPerBar, off))
            }
        }
        if metronome {
            for beat in stride(from: 0, to: stepsPerBar, by: loop.meter.beatSteps) {
                let t = bar + Double(beat) * step, note: UInt8 = beat == 0 ? 76 : 77
                pending.append(Event(time: t, message: .noteOn(channel: 9, note: note, velocity: beat == 0 ? 110 : 80), isClick: true))
                pending.append(Event(time: t + Self.clickLength, message: .noteOff(channel: 9, note: note, velocity: 0), isClick: true))
            }
        }
        pending.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.message.isNoteOff != b.message.isNoteOff { return a.message.isNoteOff }
            return (a.message.channel, a.message.noteNumber) < (b.message.channel, b.message.noteNumber)
        }
        position = (position + stepsPerBar) % loop.steps
        nextBarLine = bar + Double(stepsPerBar) * step
    }
}

extension ChannelMessage {
    /// The note of a note-on or note-off (0 for other messages).
    var noteNumber: UInt8 {
        switch self {
        case .noteOn(_, let p, _), .noteOff(_, let p, _): return p
        default: return 0
        }
    }

    /// A note-off, or a note-on of velocity 0.
    var isNoteOff: Bool {
        switch self {
        case .noteOff: return true
        case .noteOn(_, _, let v): return v == 0
        default: return false
        }
    }
}
