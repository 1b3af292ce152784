import Foundation
import ModelKit

/// The transcription corpus split (`Scripts/transcription_heldout.py`, docs/transcription.md): by
/// sorted file name in each folder, every 10th chorale, every 20th lead sheet and every 10th song
/// is held out (the 10th, 20th, ...), and the model never trains on them. The rest may be trained
/// on, `TranscriptionCorpus.training` picks evenly spaced pieces among them.
package enum TranscriptionCorpus {
    /// Each folder and its held-out step.
    package static let folders: [(name: String, step: Int)] = [("chorales", 10), ("leadsheets", 20), ("songs", 10)]

    /// The MIDI files (`.mid`, `.midi`, any case) of `folder`, sorted by name as Python sorts
    /// (code points).
    static func files(_ folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".mid") || $0.lowercased().hasSuffix(".midi") }
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// The held-out files of `corpus`, as `folder/name`.
    package static func heldOut(corpus: URL) -> [String] {
        folders.flatMap { folder, step in
            files(corpus.appendingPathComponent(folder)).enumerated().filter { $0.offset % step == step - 1 }.map { "\(folder)/\($0.element)" }
        }
    }

    /// Up to `counts[folder]` files of each folder that are not held out, evenly spaced over the
    /// folder's training files, as `folder/name`.
    package static func training(corpus: URL, counts: [String: Int]) -> [String] {
        folders.flatMap { folder, step -> [String] in
            let all = files(corpus.appendingPathComponent(folder)).enumerated().filter { $0.offset % step != step - 1 }.map { "\(folder)/\($0.element)" }
            let want = min(counts[folder] ?? 0, all.count)
            guard want > 0 else { return [] }
            return (0..<want).map { all[$0 * all.count / want] }
        }
    }

    /// A render variant for each piece, drawn from `seed` and the piece's name (so a piece keeps
    /// its variant whatever else is chosen): a SoundFont, reverb and chorus each on with
    /// probability 1/2, a tempo factor uniform in `tempoRange`.
    /// With `timbre`, a `PianoTimbre` is drawn after those (the other draws are unchanged).
    package static func variants(names: [String], soundFonts: [String], tempoRange: ClosedRange<Double> = 0.85...1.15, seed: UInt64,
                                 timbre: Bool = false) -> [RenderVariant] {
        names.map { name in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
            for b in name.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            var rng = SeededGenerator(seed: seed ^ hash)
            let font = soundFonts[Int(rng.next() % UInt64(soundFonts.count))]
            let reverb = rng.nextUnitDouble() < 0.5, chorus = rng.nextUnitDouble() < 0.5
            let tempo = tempoRange.lowerBound + rng.nextUnitDouble() * (tempoRange.upperBound - tempoRange.lowerBound)
            return RenderVariant(soundFont: font, reverb: reverb, chorus: chorus, tempoFactor: tempo, timbre: timbre ? PianoTimbre.draw(&rng) : nil)
        }
    }

    /// The training pieces with `renders` renders each: the first under its own name with the plain
    /// variant of `variants(names:soundFonts:seed:)` (so a set built before keeps its renders), the
    /// k-th (k >= 2) named `NAME#k` with a variant drawn from that name and a `PianoTimbre`.
    /// - Returns: each render's name and variant, the pieces' first renders first.
    package static func renders(names: [String], renders: Int, soundFonts: [String], seed: UInt64) -> [(name: String, variant: RenderVariant)] {
        var out = Array(zip(names, variants(names: names, soundFonts: soundFonts, seed: seed)))
        for k in stride(from: 2, through: renders, by: 1) {
            let extra = names.map { "\($0)#\(k)" }
            out += zip(extra, variants(names: extra, soundFonts: soundFonts, seed: seed, timbre: true))
        }
        return out.map { (name: $0.0, variant: $0.1) }
    }

    /// The corpus file a render name (`NAME` or `NAME#k`) was rendered from.
    package static func source(ofRender name: String) -> String {
        name.firstIndex(of: "#").map { String(name[..<$0]) } ?? name
    }
}
