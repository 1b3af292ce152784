import Representations

/// Keeps a generated groove in time, as drummers do: a groove bar (the opening's) sets where the
/// time-keeper (closed or open hi-hat, or ride) is struck; in every bar but the fill bars the
/// sampler may draw only step sets that strike a time-keeper on those steps, toms only where the
/// groove bar has them, and a crash only on a downbeat (or where the groove bar has one). A fill
/// bar is played as the learned fill given for it (`DrumArrangement.fills`); the downbeat of a
/// crash bar (`DrumArrangement.crashBars`: after each fill) must strike a crash.
///
/// Without it the LSTM kept time in 45% of the bars of an 8-bar groove (drummers 84%), and both
/// models departed from their groove in 60-73% of bars (drummers 19%): see docs/drums.md.
struct DrumGrooveKeeper {
    /// The time-keeping drums: closed and open hi-hat, ride.
    static let timeKeepers: DrumHits = [.closedHiHat, .openHiHat, .ride]
    static let toms: DrumHits = [.lowTom, .midTom, .highTom]
    /// Least time-keeper strikes in a bar that keeps time (as `evaluate form --kind drums`).
    static let minimumTimeKeeperSteps = 4

    /// Whether a bar (step-set ids) keeps time: a time-keeper on at least 4 of its steps.
    static func keepsTime(_ bar: [Int]) -> Bool {
        bar.filter { DrumHits(rawValue: $0).intersection(timeKeepers) != [] }.count >= minimumTimeKeeperSteps
    }

    /// Tom strikes (low, mid and high tom) in a bar of step-set ids.
    static func tomStrikes(_ bar: [Int]) -> Int {
        bar.reduce(0) { $0 + ($1 & toms.rawValue).nonzeroBitCount }
    }

    /// Steps of the groove bar that strike a time-keeper.
    let timeSteps: Set<Int>
    let stepsPerBar: Int
    let grooveBar: [DrumHits]
    /// The toms of the groove bar at each step.
    let grooveToms: [DrumHits]
    /// 0-based bar -> the fill played there (step-set ids).
    let fills: [Int: [Int]]
    /// 0-based bars whose downbeat strikes a crash.
    let crashBars: Set<Int>

    /// A keeper for a groove bar with the fills and crash bars of its arrangement; nil when that
    /// bar does not keep time (then the sampler is left free).
    init?(grooveBar: [Int], fills: [Int: [Int]] = [:], crashBars: Set<Int> = []) {
        guard Self.keepsTime(grooveBar) else { return nil }
        stepsPerBar = grooveBar.count
        self.grooveBar = grooveBar.map { DrumHits(rawValue: $0) }
        grooveToms = self.grooveBar.map { $0.intersection(Self.toms) }
        timeSteps = Set(grooveBar.indices.filter { DrumHits(rawValue: grooveBar[$0]).intersection(Self.timeKeepers) != [] })
        self.fills = fills.filter { $0.value.count == grooveBar.count }
        self.crashBars = crashBars
    }

    /// The step set played at absolute step `t` when it lies in a fill bar, else nil.
    func fillStep(at t: Int) -> Int? {
        fills[t / stepsPerBar]?[t % stepsPerBar]
    }

    /// Whether step set `id` may be drawn at absolute step `t` (outside fill bars).
    func allows(_ id: Int, at t: Int) -> Bool {
        let bar = t / stepsPerBar, s = t % stepsPerBar
        let hits = DrumHits(rawValue: id)
        if s == 0 && crashBars.contains(bar) && !hits.contains(.crash) { return false }
        if !hits.intersection(Self.toms).isSubset(of: grooveToms[s]) { return false }
        if hits.contains(.crash) && s != 0 && !grooveBar[s].contains(.crash) { return false }
        if timeSteps.contains(s) && hits.intersection(Self.timeKeepers) == [] { return false }
        return true
    }

    /// `p` with the step sets not allowed at step `t` set to 0; `p` itself when none allowed
    /// has any probability.
    func constrain(_ p: [Double], at t: Int) -> [Double] {
        var q = p
        for id in q.indices where !allows(id, at: t) { q[id] = 0 }
        return q.contains(where: { $0 > 0 }) ? q : p
    }
}
