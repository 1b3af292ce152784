import Foundation
import ModelKit

extension LoopsModel {
    /// The encoder mean of each loop (Z values each). Loops of different lengths (meters) are
    /// encoded in groups of one length; the codes do not depend on the length.
    public func encode(_ loops: [[Int32]]) -> [[Float]] {
        let Z = vae.shape.latentSize
        var codes = [[Float]](repeating: [], count: loops.count)
        var byLength: [Int: [Int]] = [:]
        for (i, l) in loops.enumerated() { byLength[l.count, default: []].append(i) }
        for (_, indices) in byLength.sorted(by: { $0.key < $1.key }) {
            let mean = vae.encode(indices.map { loops[$0] }).mean
            for (row, i) in indices.enumerated() { codes[i] = Array(mean[(row * Z) ..< ((row + 1) * Z)]) }
        }
        return codes
    }

    /// Decodes latent codes into loops of `steps` steps: greedy (argmax) when `temperature` is nil
    /// or 0, else sampled at that temperature from a generator seeded with `seed` (all codes in
    /// one batch: the same codes, steps, temperature and seed give the same loops).
    public func decode(_ codes: [[Float]], steps: Int, temperature: Double? = nil, seed: UInt64 = 0) -> [[Int32]] {
        guard !codes.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed)
        return vae.decode(codes.flatMap { $0 }, batch: codes.count, steps: steps, temperature: temperature, rng: &rng)
    }

    /// `count` loops decoded from codes drawn from the prior N(0, I) (seeded by `seed`).
    public func sample(count: Int, steps: Int, temperature: Double?, seed: UInt64) -> [[Int32]] {
        var rng = SeededGenerator(seed: seed)
        let Z = vae.shape.latentSize
        let codes = (0..<count).map { _ in rng.normalValues(Z) }
        return decode(codes, steps: steps, temperature: temperature, seed: seed &+ 1)
    }

    /// `count` codes (at least 2) on the spherical path from `a` to `b`, endpoints included
    /// (`LatentInterpolation.slerp` at t = i / (count - 1)).
    public func interpolate(_ a: [Float], _ b: [Float], count: Int) -> [[Float]] {
        precondition(count >= 2, "LoopsModel.interpolate: fewer than 2 steps")
        return (0..<count).map { LatentInterpolation.slerp(a, b, Double($0) / Double(count - 1)) }
    }

    /// The codes of a `size x size` grid, row-major, bilinear between four corner codes given as
    /// top left, top right, bottom left, bottom right (`LatentInterpolation.bilinearGrid`): the
    /// corner cells are the corner codes themselves, so they decode to the corners' reconstructions.
    public func grid(corners: [[Float]], size: Int) -> [[Float]] {
        LatentInterpolation.bilinearGrid(corners: corners, size: size)
    }
}
