import Composer
import Foundation
import Music

/// The loops grid in the piano (`:loops`): four corners, the grid the model fills between them
/// (computed in the background, so keys and the playing loop never wait for it), the selected
/// cell, and the player that loops the selected cell on the piano's clock.
final class LoopsMode {
    let model: LoopsModel
    var kind: LoopKind { model.kind }
    /// Cells per side.
    var size: Int
    /// A, B, C, D.
    private(set) var corners: [LoopCorner]
    /// The grid, once computed.
    private(set) var grid: LoopGrid?
    /// The grid's cells as tracks (index = cell).
    private(set) var tracks: [LoopTrack] = []
    /// The selected cell (row, column), from the top left.
    private(set) var row = 0, column = 0
    var player: LoopPlayer
    /// The melody loops' channel (drums play on channel 10).
    let channel: UInt8
    let mailbox = Mailbox<LoopGrid>()
    /// The id of the computation whose grid is awaited; a corner or size change while one runs
    /// asks for another when it is done.
    private(set) var generation = 0
    private(set) var computing = false
    private var wanted = false
    /// The General MIDI program of melody loops (13, Marimba).
    static let melodyProgram = 12
    /// Seconds from a start to the first bar line when no metronome beat gives one.
    static let startLead = 0.05

    init(model: LoopsModel, corners: [LoopCorner], size: Int, channel: UInt8, bpm: Double, metronome: Bool) {
        precondition(corners.count == 4, "LoopsMode: four corners")
        self.model = model
        self.corners = corners
        self.size = size
        self.channel = channel
        player = LoopPlayer(bpm: bpm, metronome: metronome)
    }

    /// The selected cell's index (row-major).
    var selected: Int { row * size + column }

    /// Sets corner `index` (0...3) and recomputes the grid.
    func setCorner(_ index: Int, _ corner: LoopCorner) {
        corners[index] = corner
        computeGrid()
    }

    /// Sets every corner and recomputes the grid.
    func setCorners(_ new: [LoopCorner]) {
        precondition(new.count == 4, "LoopsMode: four corners")
        corners = new
        computeGrid()
    }

    /// Changes the grid's size (the selection is kept inside) and recomputes it; the loop playing
    /// goes on until the new grid is there.
    func resize(_ newSize: Int) {
        guard newSize != size else { return }
        size = newSize
        grid = nil
        tracks = []
        row = min(row, size - 1)
        column = min(column, size - 1)
        computeGrid()
    }

    /// Starts computing the grid in the background (or, while one computation runs, once it ends).
    func computeGrid() {
        guard !computing else { wanted = true; return }
        computing = true
        wanted = false
        generation += 1
        let id = generation, model = self.model, corners = self.corners, size = self.size, mailbox = self.mailbox
        Thread.detachNewThread {
            let grid = LoopGrid.compute(model: model, corners: corners, size: size)
            mailbox.post(Mailbox<LoopGrid>.Delivery(id: id, result: .success(grid), ready: monotonicNow()))
        }
    }

    /// Takes a computed grid, if one arrived: the selected cell plays from the next bar line (or,
    /// when nothing plays, from `start`). Returns the grid taken.
    func collect(start: Double) -> LoopGrid? {
        guard let delivery = mailbox.take() else { return nil }
        computing = false
        if wanted { computeGrid() }
        // One computation runs at a time, so a delivery is the newest grid (the next, if wanted, is on its way).
        guard case .success(let new) = delivery.result, new.size == size else { return nil }
        grid = new
        tracks = new.cells.indices.map { new.track($0, channel: channel) }
        player.play(tracks[selected], start: start)
        return new
    }

    /// Moves the selection by rows and columns (kept inside the grid); the new cell plays from
    /// the next bar line. Returns false when the selection did not move.
    func move(rows: Int, columns: Int, start: Double) -> Bool {
        let r = min(max(row + rows, 0), size - 1), c = min(max(column + columns, 0), size - 1)
        guard (r, c) != (row, column) else { return false }
        (row, column) = (r, c)
        if !tracks.isEmpty { player.play(tracks[selected], start: start) }
        return true
    }

}
