/// Maximum-cardinality bipartite matching, step for step as `mir_eval.util._bipartite_match`
/// (Hopcroft-Karp, after David Eppstein's 2002 recipe): a greedy start, then layered searches for
/// augmenting paths. Which pairs it returns (not only how many) matters to the velocity metric and
/// the overlap ratio, so the visiting order of Python's insertion-ordered dicts is kept: estimates in
/// the order they first appear in a row-major scan of the hit matrix, each one's references ascending.
enum MaximumMatching {
    /// - Parameters:
    ///   - hits: (reference, estimate) index pairs that may be matched, in row-major order
    ///     (references ascending, then estimates ascending), as `np.where` lists them.
    /// - Returns: the matched (reference, estimate) pairs, sorted by reference.
    static func match(hits: [(reference: Int, estimate: Int)]) -> [(reference: Int, estimate: Int)] {
        // graph: estimate -> references, keys in first-appearance order.
        var order: [Int] = []
        var graph: [Int: [Int]] = [:]
        for (r, e) in hits {
            if graph[e] == nil { order.append(e); graph[e] = [] }
            graph[e]!.append(r)
        }
        // matching: reference -> estimate.
        var matching: [Int: Int] = [:]
        for u in order {
            for v in graph[u]! where matching[v] == nil {
                matching[v] = u
                break
            }
        }
        while true {
            // pred[u]: nil key = absent; .some(nil) = first layer (mir_eval's `unmatched` flag); .some(v) = previous layer's reference.
            var preds: [Int: [Int]] = [:]
            var unmatched: [Int] = []
            var pred: [Int: Int?] = [:]
            for u in order { pred[u] = .some(nil) }
            for (_, u) in matching { pred[u] = nil }
            var layer = order.filter { pred[$0] != nil }
            while !layer.isEmpty && unmatched.isEmpty {
                var newLayerOrder: [Int] = []
                var newLayer: [Int: [Int]] = [:]
                for u in layer {
                    for v in graph[u]! where preds[v] == nil {
                        if newLayer[v] == nil { newLayerOrder.append(v); newLayer[v] = [] }
                        newLayer[v]!.append(u)
                    }
                }
                layer = []
                for v in newLayerOrder {
                    preds[v] = newLayer[v]
                    if let u = matching[v] {
                        layer.append(u)
                        pred[u] = .some(v)
                    } else {
                        unmatched.append(v)
                    }
                }
            }
            if unmatched.isEmpty {
                return matching.map { (reference: $0.key, estimate: $0.value) }.sorted { $0.reference < $1.reference }
            }
            func recurse(_ v: Int) -> Bool {
                guard let list = preds.removeValue(forKey: v) else { return false }
                for u in list {
                    guard let entry = pred.removeValue(forKey: u) else { continue }
                    if let previous = entry {
                        if recurse(previous) { matching[v] = u; return true }
                    } else {
                        matching[v] = u
                        return true
                    }
                }
                return false
            }
            for v in unmatched { _ = recurse(v) }
        }
    }
}
