import AudioAnalysis
import FileIO
import Foundation
import SMF

/// Rendered training pieces cached on disk: each piece's log-mel frames as 16-bit floats in
/// `features/<index>.f16` (`frames x melBins`, little-endian), and `index.json` with the pieces'
/// sources, render variants, frame counts and notes. Opened, the feature files are memory-mapped,
/// so training reads hours of audio in bounded memory.
package final class PianoTrainingSet: @unchecked Sendable {
    /// One rendered piece.
    package struct Piece: Sendable, Hashable, Codable {
        /// The MIDI file it was rendered from (relative to the corpus).
        package var source: String
        package var variant: RenderVariant
        package var frames: Int
        package var notes: [PianoNote]
        /// Where its sustain pedal is down (nil in sets made before the pedal was recorded: read as
        /// never down, which all their corpus pieces but two songs are).
        package var pedal: [PedalInterval]?
        /// Its features are `features/<file>.f16`.
        package var file: String
    }

    /// What `index.json` holds.
    package struct Index: Sendable, Hashable, Codable {
        package var logMel: LogMelSettings
        package var pieces: [Piece]
    }

    package let directory: URL
    package let index: Index
    private let features: [Data]

    /// The set in `directory` (made by `build`).
    /// - Throws: `FileIOError` or `TranscriptionError.badTrainingSet` when a file is missing,
    ///   unreadable or of the wrong size.
    package init(directory: URL) throws {
        self.directory = directory
        let indexURL = directory.appendingPathComponent("index.json")
        let data = Data(try WholeFile.read(indexURL.path))
        guard let index = try? JSONDecoder().decode(Index.self, from: data) else {
            throw TranscriptionError.badTrainingSet(path: indexURL.path, reason: "not a training-set index")
        }
        self.index = index
        var features: [Data] = []
        for piece in index.pieces {
            let url = Self.featureURL(directory, piece.file)
            guard let d = try? Data(contentsOf: url, options: .alwaysMapped) else {
                throw TranscriptionError.badTrainingSet(path: url.path, reason: "cannot be read")
            }
            guard d.count == piece.frames * index.logMel.melBins * 2 else {
                throw TranscriptionError.badTrainingSet(path: url.path, reason: "\(d.count) bytes, expected \(piece.frames * index.logMel.melBins * 2)")
            }
            features.append(d)
        }
        self.features = features
    }

    static func featureURL(_ directory: URL, _ file: String) -> URL {
        directory.appendingPathComponent("features").appendingPathComponent(file + ".f16")
    }

    /// Total frames of all pieces.
    package var totalFrames: Int { index.pieces.reduce(0) { $0 + $1.frames } }

    /// Frames `start ..< start + count` of piece `piece` as `count x melBins` dB values; frames
    /// outside the piece read as silence (`silenceDB`).
    package func frames(piece: Int, start: Int, count: Int, silenceDB: Float) -> [Float] {
        let bins = index.logMel.melBins, n = index.pieces[piece].frames
        var out = [Float](repeating: silenceDB, count: count * bins)
        let from = max(start, 0), to = min(start + count, n)
        guard from < to else { return out }
        features[piece].withUnsafeBytes { raw in
            let h = raw.bindMemory(to: Float16.self)
            for f in from..<to {
                let src = f * bins, dst = (f - start) * bins
                for b in 0..<bins { out[dst + b] = Float(h[src + b]) }
            }
        }
        return out
    }

    /// Renders `sources` (MIDI files; `names` as recorded) with their `variants` on `threads`
    /// threads and writes the set to `directory`; the index last, atomically. Each piece is kept as
    /// it is done (`features/<n>.f16` and `features/<n>.json`, `n` its name with `/` as `_`), so a
    /// build stopped part way and run again renders only the pieces it lacks. Pieces that fail to
    /// read, render or be written are skipped and reported to `skipped`.
    /// - Throws: `FileIOError` when the folder or the index cannot be written.
    package static func build(sources: [URL], names: [String], variants: [RenderVariant], into directory: URL, logMel: LogMelSettings = LogMelSettings(),
                              threads: Int = 2, progress: @Sendable (Int, Int) -> Void = { _, _ in },
                              skipped: @Sendable (String, Error) -> Void = { _, _ in }) throws {
        precondition(sources.count == names.count && sources.count == variants.count, "PianoTrainingSet.build: counts differ")
        let featureDir = directory.appendingPathComponent("features")
        try FileManager.default.createDirectory(at: featureDir, withIntermediateDirectories: true)
        let renderer = TrainingRenderer(logMel: logMel, scratch: directory)
        final class Shared: @unchecked Sendable {
            let lock = NSLock()
            var pieces: [Int: Piece] = [:]
            var next = 0, done = 0
        }
        let shared = Shared()
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            while true {
                shared.lock.lock(); let i = shared.next; shared.next += 1; shared.lock.unlock()
                guard i < sources.count else { return }
                let file = names[i].replacingOccurrences(of: "/", with: "_")
                let sidecar = featureDir.appendingPathComponent(file + ".json")
                do {
                    let piece: Piece
                    if let bytes = try? WholeFile.read(sidecar.path), let kept = try? JSONDecoder().decode(Piece.self, from: Data(bytes)),
                       kept.variant == variants[i] {
                        piece = kept
                    } else {
                        let midi = try MIDIFile.read(contentsOf: sources[i], options: .lenient).file
                        let r = try renderer.render(midi, variant: variants[i], name: "\(i)")
                        var data = Data(count: r.frames.count * 2)
                        data.withUnsafeMutableBytes { raw in
                            let h = raw.bindMemory(to: Float16.self)
                            for k in r.frames.indices { h[k] = Float16(r.frames[k]) }
                        }
                        try AtomicFile.write([UInt8](data), to: featureDir.appendingPathComponent(file + ".f16").path)
                        piece = Piece(source: names[i], variant: variants[i], frames: r.count, notes: r.notes, pedal: r.pedal, file: file)
                        try AtomicFile.write([UInt8](try JSONEncoder().encode(piece)), to: sidecar.path)
                    }
                    shared.lock.lock(); shared.pieces[i] = piece; shared.done += 1
                    let done = shared.done; shared.lock.unlock()
                    progress(done, sources.count)
                } catch {
                    skipped(names[i], error)
                    shared.lock.lock(); shared.done += 1; shared.lock.unlock()
                }
            }
        }
        let pieces = (0..<sources.count).compactMap { shared.pieces[$0] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write([UInt8](try encoder.encode(Index(logMel: logMel, pieces: pieces))), to: directory.appendingPathComponent("index.json").path)
    }
}
