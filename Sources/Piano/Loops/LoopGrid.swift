import Composer
import Foundation
import Music
import Representations

/// A decoded loops grid: `size x size` cells, row-major from the top left, bilinear in latent
/// space between the four corners (A top left, B top right, C bottom left, D bottom right), as
/// `compose loops grid` makes it (`LoopsModel.grid(corners:size:)`, decoded greedily).
struct LoopGrid: Sendable, Hashable {
    var kind: LoopKind
    var size: Int
    /// Each cell's class ids.
    var cells: [[Int32]]
    /// The meter, key and reference pitch of the first corner read from music (A, else B, C, D;
    /// 4/4, C major and C4 when all four were sampled), as `compose loops grid` takes them from A.
    var meter: Meter
    var key: Music.Key
    var reference: Int
    /// Time spent encoding the corners and decoding the cells (milliseconds).
    var milliseconds: Double

    /// Encodes the corners (a sampled corner brings its code) and decodes the grid's cells at the
    /// length of two bars of the grid's meter.
    static func compute(model: LoopsModel, corners: [LoopCorner], size: Int) -> LoopGrid {
        precondition(corners.count == 4, "LoopGrid: four corners")
        let started = monotonicNow()
        let read = corners.filter { $0.events != nil }
        let first = read.first
        let encoded = model.encode(read.compactMap(\.events))
        var next = encoded.makeIterator()
        let codes = corners.map { $0.code ?? next.next()! }
        let meter = first?.meter ?? .common
        let cells = model.decode(model.grid(corners: codes, size: size), steps: MelodyLoop.steps(in: meter))
        return LoopGrid(kind: model.kind, size: size, cells: cells, meter: meter, key: first?.key ?? Music.Key(tonic: 0, mode: .major),
                        reference: first?.reference ?? 60, milliseconds: (monotonicNow() - started) * 1000)
    }

    /// Cell `index` as a track to play on `channel` (melody; drums play on channel 10).
    func track(_ index: Int, channel: UInt8) -> LoopTrack {
        var t = LoopTrack(events: cells[index], kind: kind, meter: meter, key: key, reference: reference, channel: channel)
        t.cell = index
        return t
    }
}
