import TestSupport
import Composer
import ModelKit
import Foundation
import Music
@testable import Piano
import SMF
import Testing

/// The loop through the running piano (its synthesizer playing into /dev/null): what a recording
/// keeps of it, and the grid the shipped model makes.
@Suite("Piano loops: recording and grid", .serialized)
struct LoopsRecordingTests {
    typealias N = LoopTrack.Note

    /// The piano with the E2E SoundFont playing into /dev/null, its journal in `dir`, the shipped
    /// melody loops model loaded (`bpm`: the piano's tempo, its default when nil).
    static func pianoWithTheMelodyModel(journalIn dir: URL, bpm: Double? = nil) throws -> PianoApp {
        var options = PianoOptions()
        options.soundFont = E2E.soundFont
        options.audioFile = "/dev/null"
        options.journalPath = dir.path + "/journal.txt"
        if let bpm { options.bpm = bpm }
        let app = try PianoApp(options: options)
        app.loadedLoopsModels[.melody] = LoopsCornersTests.melodyModel
        return app
    }

    @Test(.enabled(if: E2E.soundFont != nil && LoopsCornersTests.melodyModel != nil, "needs a GM SoundFont and Models/loops-melody.json"))
    func aRecordingKeepsTheLoopNotesOnTheirChannelAtTheTimesTheyWereDue() throws {
        let dir = try TestPaths.temporaryDirectory("piano-loops")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try Self.pianoWithTheMelodyModel(journalIn: dir, bpm: 120)
        defer { app.output?.stop() }
        app.perform(.loops(.enabled(true)))
        let loops = try #require(app.loops)
        #expect(loops.channel == 2)                    // after the player's channel 1 and the duet's 2
        #expect(app.model.loopsShown)
        // Metronome on: its clicks sound but are not recorded.
        app.model.metronome = true
        loops.player.metronome = true
        let track = LoopTrack(notes: [N(pitch: 60, velocity: 100, start: 0, steps: 4), N(pitch: 62, velocity: 90, start: 12, steps: 8),
                                      N(pitch: 64, velocity: 90, start: 28, steps: 4)], steps: 32, meter: .common, channel: loops.channel)
        let base = monotonicNow() - 10
        loops.player.play(track, start: base + 0.5)
        app.perform(.record)
        app.recordStart = base
        for k in 0...32 { _ = app.playLoops(now: base + 0.5 + Double(k) * 0.125) }   // to 4.5 s
        app.perform(.loops(.enabled(false)))
        #expect(app.loops == nil && !app.model.loopsShown)
        app.perform(.stop)
        let take = try #require(app.take)
        #expect(take.entries.contains { $0.message == .programChange(channel: 2, program: UInt8(LoopsMode.melodyProgram)) })
        let loopNotes = take.entries.filter { $0.message.channel == 2 && $0.message.noteNumber > 0 }
        let due: [(Int, ChannelMessage)] = [
            (500_000, .noteOn(channel: 2, note: 60, velocity: 100)), (1_000_000, .noteOff(channel: 2, note: 60, velocity: 0)),
            (2_000_000, .noteOn(channel: 2, note: 62, velocity: 90)), (3_000_000, .noteOff(channel: 2, note: 62, velocity: 0)),
            (4_000_000, .noteOn(channel: 2, note: 64, velocity: 90)), (4_500_000, .noteOff(channel: 2, note: 64, velocity: 0)),
            (4_500_000, .noteOn(channel: 2, note: 60, velocity: 100)),
        ]
        #expect(Array(loopNotes.prefix(7)).map(\.time) == due.map(\.0))
        #expect(Array(loopNotes.prefix(7)).map(\.message) == due.map(\.1))
        // Leaving the loops ended the C4 that was sounding, at the moment they were left.
        #expect(loopNotes.count == 8)
        #expect(loopNotes.last?.message == .noteOff(channel: 2, note: 60, velocity: 0))
        #expect(!take.entries.contains { $0.message.channel == 9 })
        // The journal holds the same.
        let journaled = try Journal.read(path: dir.path + "/journal.txt")
        #expect(journaled.entries.filter { $0.message.channel == 2 && $0.message.noteNumber > 0 }.map(\.time) == loopNotes.map(\.time))
        // As MIDI: ticks from the first note (480 a quarter at 120 bpm: 960 a second).
        let notes = take.score().allNotes.filter { $0.channel == 2 }.sorted { $0.start < $1.start }
        #expect(notes.map(\.pitch) == [60, 62, 64, 60])
        #expect(notes.map(\.start) == [0, 1440, 3360, 3840])
        #expect(notes.prefix(3).map(\.duration) == [480, 960, 480])
    }

    @Test(.enabled(if: E2E.soundFont != nil && LoopsCornersTests.melodyModel != nil, "needs a GM SoundFont and Models/loops-melody.json"))
    func theLoopLeavesTheChannelThePlayerMovesTo() throws {
        let dir = try TestPaths.temporaryDirectory("piano-loops")
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try Self.pianoWithTheMelodyModel(journalIn: dir)
        defer { app.output?.stop() }
        app.perform(.loops(.enabled(true)))
        #expect(app.loops?.channel == 2)
        for a in app.model.apply(.channel(2)) { app.perform(a) }     // :channel 3
        _ = app.timers(now: monotonicNow())
        #expect(app.loops?.channel == 4)                            // channel 5: after the player's 3 and the duet's 4
        #expect(app.model.loopsShown)
        app.perform(.loops(.enabled(false)))
        #expect(app.loops == nil)
        // No model: one line saying where it was looked for and how to make one.
        let none: LoopsModel? = app.loadShipped("drums loops", train: "compose train loops --kind drums --corpus DIR") {
            throw ModelFileError(file: "loops-drums.json", .notFound(searched: ["/a/loops-drums.json", "/b/loops-drums.json"]))
        }
        #expect(none == nil)
        #expect(app.model.message == "No drums loops model in 2 places ($LITTLEMOZART_MODELS, Models/; `compose doctor` lists them): "
                + "train one with `compose train loops --kind drums --corpus DIR`")
    }

    @Test(.enabled(if: LoopsCornersTests.melodyModel != nil, "needs Models/loops-melody.json"))
    func theGridsCornersAreTheCornersReconstructionsInAsMeter() throws {
        let model = try #require(LoopsCornersTests.melodyModel)
        let files = ["jig-g-major.mid", "primer.mid", "melody-d-minor.mid", "jig-g-major.mid"]
        let corners = try files.map { try LoopCorner.read(file: LoopsCornersTests.samples + "/" + $0, kind: .melody) }
        let grid = LoopGrid.compute(model: model, corners: corners, size: 6)
        #expect(grid.cells.count == 36)
        #expect(grid.cells.allSatisfy { $0.count == 24 })    // A is a 6/8 jig: 2 bars of 12 steps
        #expect(grid.meter == (try Meter(6, 8)))
        #expect(grid.key == corners[0].key && grid.reference == corners[0].reference)
        let reconstructions = model.decode(model.encode(corners.compactMap(\.events)), steps: 24)
        for (cell, corner) in zip([0, 5, 30, 35], reconstructions) { #expect(grid.cells[cell] == corner) }
        // A sampled corner brings its own code: the same seed, the same grid.
        let sampled = [corners[0], corners[1], LoopCorner.sampled(seed: 3, latentSize: model.vae.shape.latentSize), corners[3]]
        #expect(LoopGrid.compute(model: model, corners: sampled, size: 3).cells == LoopGrid.compute(model: model, corners: sampled, size: 3).cells)
        #expect(grid.track(7, channel: 2).cell == 7)
    }

    /// Waits (at most 30 s) for a grid computed in the background and takes it.
    func collect(_ mode: LoopsMode, start: Double) -> LoopGrid? {
        var fd = pollfd(fd: mode.mailbox.pipe[0], events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, 30_000) == 1 else { return nil }
        return mode.collect(start: start)
    }

    @Test(.enabled(if: LoopsCornersTests.melodyModel != nil, "needs Models/loops-melody.json"))
    func theGridIsComputedInTheBackgroundAndRecomputedWhenACornerOrTheSizeChanges() throws {
        let model = try #require(LoopsCornersTests.melodyModel)
        let corners = (1...4).map { LoopCorner.sampled(seed: UInt64($0), latentSize: model.vae.shape.latentSize) }
        let mode = LoopsMode(model: model, corners: corners, size: 6, channel: 2, bpm: 120, metronome: false)
        mode.computeGrid()
        #expect(mode.computing)
        let first = try #require(collect(mode, start: 10))
        #expect(!mode.computing)
        #expect(first.cells == LoopGrid.compute(model: model, corners: corners, size: 6).cells)
        #expect(mode.tracks.count == 36)
        #expect(mode.player.queued?.cell == 0 && mode.player.nextBarLine == 10)
        #expect(mode.move(rows: 0, columns: 1, start: 99))
        #expect(mode.player.queued?.cell == 1)
        #expect(!mode.move(rows: -1, columns: 0, start: 99))      // the top row: no move
        // A corner from a file while a computation runs: a second one follows with it.
        let jig = try LoopCorner.read(file: LoopsCornersTests.samples + "/jig-g-major.mid", kind: .melody)
        mode.setCorner(2, corners[2])
        mode.setCorner(0, jig)
        _ = try #require(collect(mode, start: 10))
        let second = try #require(collect(mode, start: 10))
        #expect(second.cells == LoopGrid.compute(model: model, corners: [jig] + corners.dropFirst(), size: 6).cells)
        #expect(second.meter == jig.meter)
        // A smaller grid: no cells until it is there (the loop goes on), then the selection's cell.
        mode.resize(4)
        #expect(mode.tracks.isEmpty && mode.grid == nil)
        #expect(mode.move(rows: 3, columns: 3, start: 99))
        #expect(mode.player.queued?.cell == 1)                      // unchanged until the grid comes
        _ = try #require(collect(mode, start: 10))
        #expect(mode.tracks.count == 16 && mode.selected == 15)
        #expect(mode.player.queued?.cell == 15)
    }
}
