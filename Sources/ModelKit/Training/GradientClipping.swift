/// Scales `gradient` down so its global L2 norm (over all its values, summed in `Double`) is at
/// most `maxNorm` (Pascanu et al. 2013); a gradient within the bound is left as it is.
/// - Returns: the norm before clipping.
@discardableResult
public func clipGlobalNorm(_ gradient: inout [Float], maxNorm: Double) -> Double {
    var norm2 = 0.0
    for x in gradient { norm2 += Double(x) * Double(x) }
    let norm = norm2.squareRoot()
    guard norm > maxNorm else { return norm }
    let scale = Float(maxNorm / norm)
    for k in gradient.indices { gradient[k] *= scale }
    return norm
}
