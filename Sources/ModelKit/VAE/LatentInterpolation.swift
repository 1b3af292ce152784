import Foundation

/// Paths and grids between latent codes, as MusicVAE's and Magenta.js's interpolations
/// (Roberts et al. 2018; the Latent Loops demo's grid).
public enum LatentInterpolation {
    /// Spherical linear interpolation (Shoemake 1985) from `a` (t = 0) to `b` (t = 1), the path
    /// MusicVAE's `interpolate` takes between encoder means: along the great circle when the
    /// angle between them is not tiny, else linear.
    /// - Precondition: `a` and `b` have one count.
    public static func slerp(_ a: [Float], _ b: [Float], _ t: Double) -> [Float] {
        precondition(a.count == b.count, "slerp: vectors of \(a.count) and \(b.count) values")
        var dot = 0.0, na = 0.0, nb = 0.0
        for k in a.indices { dot += Double(a[k]) * Double(b[k]); na += Double(a[k] * a[k]); nb += Double(b[k] * b[k]) }
        let cosine = max(-1, min(1, dot / max((na * nb).squareRoot(), 1e-30)))
        let omega = acos(cosine)
        if t == 0 { return a }
        if t == 1 { return b }
        if sin(omega) < 1e-6 { return a.indices.map { Float((1 - t) * Double(a[$0]) + t * Double(b[$0])) } }
        let wa = sin((1 - t) * omega) / sin(omega), wb = sin(t * omega) / sin(omega)
        return a.indices.map { Float(wa * Double(a[$0]) + wb * Double(b[$0])) }
    }

    /// A `size x size` grid, row-major, bilinear between four corners given as top left, top
    /// right, bottom left, bottom right: cell (r, c) is
    /// `(1-v)(1-u) TL + (1-v) u TR + v (1-u) BL + v u BR` with `u = c / (size-1)`, `v = r / (size-1)`.
    /// - Precondition: four corners of one count; `size >= 2`.
    public static func bilinearGrid(corners: [[Float]], size: Int) -> [[Float]] {
        precondition(corners.count == 4 && size >= 2 && Set(corners.map(\.count)).count == 1, "bilinearGrid: four corners of one size, size >= 2")
        var grid: [[Float]] = []
        for r in 0..<size {
            let v = Double(r) / Double(size - 1)
            for c in 0..<size {
                let u = Double(c) / Double(size - 1)
                let w = [(1 - v) * (1 - u), (1 - v) * u, v * (1 - u), v * u]
                grid.append(corners[0].indices.map { k in Float((0..<4).reduce(0.0) { $0 + w[$1] * Double(corners[$1][k]) }) })
            }
        }
        return grid
    }
}
