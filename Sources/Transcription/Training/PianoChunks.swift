import ModelKit

/// Where one training chunk lies: a piece of a `PianoTrainingSet` and its first labelled frame.
package struct PianoChunk: Sendable, Hashable {
    package var piece: Int
    package var start: Int
}

/// A minibatch of chunks with the set they come from. Frames are read (and augmented) in the
/// training pass, so an epoch's minibatches cost no memory until used.
package struct PianoChunkBatch: @unchecked Sendable {
    package let set: PianoTrainingSet
    package var chunks: [PianoChunk]
    /// Labelled frames per chunk.
    package var frames: Int

    /// The input frames (`chunks x (frames + 2 context) x melBins`) and the targets of every
    /// labelled frame, chunk after chunk.
    func materialize(context: Int, silenceDB: Float) -> (x: [Float], targets: PianoTargets) {
        var x: [Float] = [], t = PianoTargets(onset: [], frame: [], offset: [], velocity: [], pedal: [])
        for c in chunks {
            x += set.frames(piece: c.piece, start: c.start - context, count: frames + 2 * context, silenceDB: silenceDB)
            let piece = set.index.pieces[c.piece]
            let l = PianoLabels(notes: piece.notes, pedal: piece.pedal ?? [], start: c.start, frames: frames)
            t.onset += l.onset; t.frame += l.frame; t.offset += l.offset; t.velocity += l.velocity; t.pedal += l.pedal
        }
        return (x, t)
    }
}

/// An epoch of `batchesPerEpoch` minibatches of `batchSize` chunks, each at a random frame of a
/// piece drawn with probability proportional to its length.
package struct PianoChunkSource: MinibatchSource, @unchecked Sendable {
    package let set: PianoTrainingSet
    /// The pieces drawn from (the others may validate).
    package var pieces: [Int]
    package var frames: Int
    package var batchSize: Int
    package var batchesPerEpoch: Int

    package init(set: PianoTrainingSet, pieces: [Int], frames: Int, batchSize: Int, batchesPerEpoch: Int) {
        self.set = set
        self.pieces = pieces
        self.frames = frames
        self.batchSize = batchSize
        self.batchesPerEpoch = batchesPerEpoch
    }

    /// Labelled frames per epoch.
    package var itemCount: Int { frames * batchSize * batchesPerEpoch }

    package func minibatches(rng: inout SeededGenerator) -> [PianoChunkBatch] {
        let lengths = pieces.map { set.index.pieces[$0].frames }
        var cumulative: [Int] = [], sum = 0
        for l in lengths { sum += l; cumulative.append(sum) }
        guard sum > 0 else { return [] }
        return (0..<batchesPerEpoch).map { _ in
            let chunks = (0..<batchSize).map { _ -> PianoChunk in
                let at = Int(rng.next() % UInt64(sum))
                var lo = 0, hi = cumulative.count - 1
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > at { hi = mid } else { lo = mid + 1 } }
                let n = lengths[lo]
                let start = Int(rng.next() % UInt64(max(n - frames / 2, 1)))
                return PianoChunk(piece: pieces[lo], start: start)
            }
            return PianoChunkBatch(set: set, chunks: chunks, frames: frames)
        }
    }

    /// Fixed chunks for validation: `count` chunks spread evenly over `pieces` (one batch each).
    package static func validationBatches(set: PianoTrainingSet, pieces: [Int], frames: Int, count: Int) -> [PianoChunkBatch] {
        var out: [PianoChunkBatch] = []
        guard !pieces.isEmpty else { return out }
        for i in 0..<count {
            let p = pieces[i % pieces.count], n = set.index.pieces[p].frames
            let round = i / pieces.count
            let start = n > frames ? (round * 3 * frames + frames / 2) % (n - frames) : 0
            out.append(PianoChunkBatch(set: set, chunks: [PianoChunk(piece: p, start: start)], frames: frames))
        }
        return out
    }
}
