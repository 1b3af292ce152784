import Composer
import Foundation
import ModelKit

/// `:loops`: the grid of loops between four corners, its selected cell looping on the piano's
/// clock (through `send`, so a recording keeps what played), the corners from the player's last
/// phrases or from files.
extension PianoApp {
    func setLoops(_ setting: LoopsSetting) {
        switch setting {
        case .enabled(true):
            startLoops()
        case .enabled(false):
            if loops == nil { model.message = "Loops are off (:loops shows the grid)"; return }
            stopLoops()
            model.message = "Loops off."
        case .kind(let kind):
            loopKind = kind
            startLoops()
        case .corner(let index, let path):
            let letter = Self.cornerNames[index]
            do {
                let corner = try LoopCorner.read(file: path, kind: loopKind)
                fileCorners[loopKind, default: [:]][index] = corner
                if let loops, loops.kind == loopKind {
                    loops.setCorner(index, corner)
                    model.message = "Corner \(letter): \(corner.summary); computing the grid..."
                } else {
                    model.message = "Corner \(letter): \(corner.summary) (:loops shows the grid)"
                }
            } catch {
                model.message = "Corner \(letter): \(error)"
            }
        case .phrases:
            fileCorners[loopKind] = nil
            guard let loops, loops.kind == loopKind else { startLoops(); return }
            loops.setCorners(loopCorners(loopKind, latentSize: loops.model.vae.shape.latentSize))
            model.message = "Corners from your phrases: \(cornerList(loops.corners)); computing the grid..."
        case .size(let n):
            loopSize = n
            loops?.resize(n)
            model.message = "Loops grid \(n) x \(n)" + (loops == nil ? " (:loops shows it)" : "; computing...")
        case .move(let rows, let columns):
            guard let loops else { return }
            if loops.move(rows: rows, columns: columns, start: loopStart(now: monotonicNow())) { handClockToLoops() }
        }
    }

    static let cornerNames = ["A", "B", "C", "D"]

    /// Shows the grid of `loopKind` (leaving another kind's) and starts computing it.
    func startLoops() {
        if let loops, loops.kind == loopKind {
            model.message = "Loops are on: arrows choose a cell, Esc or :loops off leaves"
            return
        }
        stopLoops()
        guard let loopsModel = loopsModel(loopKind) else { return }
        let mode = LoopsMode(model: loopsModel, corners: loopCorners(loopKind, latentSize: loopsModel.vae.shape.latentSize), size: loopSize,
                             channel: loopChannel, bpm: model.bpm, metronome: model.metronome)
        loops = mode
        model.loopsShown = true
        if loopKind == .melody { send(.programChange(channel: mode.channel, program: UInt8(LoopsMode.melodyProgram))) }
        mode.computeGrid()
        model.message = "Loops (\(loopKind.rawValue)): corners \(cornerList(mode.corners)); computing the \(loopSize) x \(loopSize) grid..."
    }

    /// Stops the loop at once (its sounding notes end) and hides the grid; the metronome goes on
    /// from the loop's beat.
    func stopLoops() {
        guard let loops else { return }
        let now = monotonicNow()
        let beat = loops.player.nextBeat(after: now)
        let offs = loops.player.stop()
        for m in offs.notes { send(m) }
        for m in offs.clicks { synth.send(m) }
        self.loops = nil
        model.loopsShown = false
        if model.metronome, nextClick == nil { nextClick = max(beat ?? now, now) }
    }

    /// The message once a grid is ready. What a corner or phrases command reported ("Corner A:
    /// file: track 1, 11 of 76 notes...; computing the grid...") stays on screen, the grid's
    /// figures in place of "computing the grid..."; otherwise the figures and how to choose a cell.
    static func gridReadyMessage(_ ready: String, after pending: String) -> String {
        let computing = "computing the grid..."
        if pending.hasSuffix("; " + computing) { return pending.dropLast(computing.count) + ready }
        return ready + ": arrows choose a cell; it plays from the next bar line"
    }

    /// A grid arrived from the background: the selected cell plays from the next bar line.
    func collectLoops() {
        guard let loops, let grid = loops.collect(start: loopStart(now: monotonicNow())) else { return }
        handClockToLoops()
        let ready = String(format: "%d x %d %@ loops in %.0f ms", grid.size, grid.size, grid.kind.rawValue, grid.milliseconds)
        model.message = Self.gridReadyMessage(ready, after: model.message)
    }

    /// The loop's timed events due now: loop notes are sent (and recorded, at the time they were
    /// due), metronome clicks only sounded. Returns true when something was sent or another cell
    /// began (the screen changes).
    func playLoops(now: Double) -> Bool {
        guard let loops else { return false }
        let cell = loops.player.playing?.cell
        let events = loops.player.due(now: now)
        for e in events {
            if e.isClick { synth.send(e.message) } else { send(e.message, at: e.time) }
        }
        return !events.isEmpty || loops.player.playing?.cell != cell
    }

    /// When a loop starting now should start: on the metronome's next click when it is on and
    /// the loop's clock is not running yet, else in `LoopsMode.startLead` seconds.
    func loopStart(now: Double) -> Double {
        if loops?.player.nextBarLine == nil, model.metronome, let click = nextClick { return max(click, now) }
        return now + LoopsMode.startLead
    }

    /// Once the loop's clock runs, it clicks the metronome (on its beats).
    func handClockToLoops() {
        if loops?.player.nextBarLine != nil { nextClick = nil }
    }

    /// Corners of `kind`: those set from files, the rest from the player's last phrases of that
    /// kind (oldest first), the rest sampled from the model's prior (seeds 1-4 by corner).
    func loopCorners(_ kind: LoopKind, latentSize: Int) -> [LoopCorner] {
        phrases.finishIfPaused(now: monotonicNow(), bpm: model.bpm)
        let files = fileCorners[kind] ?? [:]
        let first = phrases.finishedCount - phrases.phrases.count + 1
        let taken = phrases.phrases.enumerated().compactMap { LoopCorner.phrase($1, number: first + $0, kind: kind) }
        var fromPhrases = taken.suffix(4 - files.count).makeIterator()
        return (0..<4).map { files[$0] ?? fromPhrases.next() ?? LoopCorner.sampled(seed: UInt64($0 + 1), latentSize: latentSize) }
    }

    /// "A phrase 3, B take.mid, C sampled, D sampled".
    func cornerList(_ corners: [LoopCorner]) -> String {
        zip(Self.cornerNames, corners).map { "\($0) \(Self.sourceName($1.source))" }.joined(separator: ", ")
    }

    static func sourceName(_ source: LoopCornerSource) -> String {
        switch source {
        case .phrase(let n): return "phrase \(n)"
        case .file(let path): return (path as NSString).lastPathComponent
        case .sampled: return "sampled"
        }
    }

    /// The melody loops' channel: the first after the player's and the duet's that is not 10.
    var loopChannel: UInt8 {
        let duetChannel = duet.map { Int($0.channel) }
        var c = model.channel
        repeat { c = (c + 1) % 16 } while c == 9 || c == duetChannel || c == model.channel || c == (model.channel + 1) % 16
        return UInt8(c)
    }

    /// What the screen draws of the grid.
    func loopGridView(_ loops: LoopsMode) -> LoopGridView {
        let state = loops.computing ? "computing the grid..." : loops.grid.map { String(format: "grid in %.0f ms", $0.milliseconds) } ?? ""
        return LoopGridView(kind: loops.kind, size: loops.size, tracks: loops.tracks, selected: loops.selected, playing: loops.player.playing?.cell,
                            queued: loops.player.queued?.cell, corners: zip(Self.cornerNames, loops.corners).map { "\($0) \(Self.sourceName($1.source))" },
                            state: state)
    }
}
