import TestSupport
import Foundation
import Testing
import SMF

/// Round trips over the shared corpus (`../shared/corpus` next to the package root), when present.
@Suite("Corpus", .enabled(if: FileManager.default.fileExists(atPath: corpusRoot.path),
                          "../shared/corpus not found: corpus tests skipped"))
struct CorpusTests {
    /// All `.mid` files (any case) under `corpusRoot/<folder>`, sorted.
    static func files(in folders: [String]) -> [URL] {
        var out: [URL] = []
        for folder in folders {
            let dir = corpusRoot.appendingPathComponent(folder)
            guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where url.pathExtension.lowercased() == "mid" { out.append(url) }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// `file` with End of Track appended to each track that does not end with one: what a
    /// write-then-read gives back.
    static func withEndOfTrack(_ file: MIDIFile) -> MIDIFile {
        var f = file
        for i in f.tracks.indices where f.tracks[i].events.last?.event != .meta(.endOfTrack) {
            f.tracks[i].events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        }
        return f
    }

    @Test func melodyDrumsAndSongsRoundTrip() throws {
        let urls = Self.files(in: ["melody", "drums", "songs"])
        try #require(!urls.isEmpty, "no .mid files under \(corpusRoot.path)")
        let datas = try urls.map { try [UInt8](Data(contentsOf: $0)) }
        let totalBytes = datas.reduce(0) { $0 + $1.count }

        let clock = ContinuousClock()
        var files: [MIDIFile] = []
        files.reserveCapacity(datas.count)
        let readTime = try clock.measure {
            for d in datas { files.append(try MIDIFile(bytes: d)) }
        }

        var exactBytes = 0
        var events = 0
        for (i, file) in files.enumerated() {
            let expected = Self.withEndOfTrack(file)
            events += file.tracks.reduce(0) { $0 + $1.events.count }
            for running in [true, false] {
                let written = file.bytes(runningStatus: running)
                let again = try MIDIFile(bytes: written)
                #expect(again == expected, "\(urls[i].lastPathComponent), runningStatus: \(running)")
                if running && written == datas[i] { exactBytes += 1 }
            }
        }
        let seconds = Double(readTime.components.seconds) + Double(readTime.components.attoseconds) * 1e-18
        print("""
            SMF corpus: round-tripped \(files.count) files (melody, drums, songs), \(events) events, \
            \(String(format: "%.2f", Double(totalBytes) / 1e6)) MB; reading all took \
            \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", Double(totalBytes) / 1e6 / seconds)) MB/s, \
            this build's optimization level); \(exactBytes) rewrite byte-identically with running status
            """)
        #expect(files.count == urls.count)
    }

    @Test func otherCorporaRoundTrip() throws {
        let urls = Self.files(in: ["chorales", "leadsheets"])
        for url in urls {
            let file = try MIDIFile(contentsOf: url)
            #expect(try MIDIFile(bytes: file.bytes()) == Self.withEndOfTrack(file), "\(url.lastPathComponent)")
        }
        print("SMF corpus: round-tripped \(urls.count) chorale and lead-sheet files")
    }
}

/// The closing figures of issue 3: per corpus folder, how many files read strictly and leniently, and
/// the lenient warnings by kind.
@Suite("Corpus figures", .enabled(if: FileManager.default.fileExists(atPath: corpusRoot.path),
                                  "../shared/corpus not found: corpus figures skipped"))
struct CorpusFigureTests {
    @Test func filesReadPerFolder() throws {
        var lines: [String] = []
        for folder in ["melody", "drums", "songs", "chorales", "leadsheets", "edge"] {
            let dir = corpusRoot.appendingPathComponent(folder)
            guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            var files = 0, strictOK = 0, lenientOK = 0
            var warnings: [SMFWarning.Kind: Int] = [:]
            for case let url as URL in e {
                let ext = url.pathExtension.lowercased()
                guard folder == "edge" || ext == "mid" else { continue }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                files += 1
                let bytes = try [UInt8](Data(contentsOf: url))
                if (try? MIDIFile(bytes: bytes)) != nil { strictOK += 1 }
                if let r = try? MIDIFile.read(bytes: bytes, options: .lenient) {
                    lenientOK += 1
                    warnings.merge(r.warningCounts, uniquingKeysWith: +)
                }
            }
            if folder != "edge" {
                // The training and test corpora are clean: every file reads strictly, with no warning.
                #expect(strictOK == files, "\(folder)")
                #expect(warnings.isEmpty, "\(folder): \(warnings)")
            }
            let kinds = warnings.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            lines.append("\(folder): \(files) files, \(strictOK) read strictly, \(lenientOK) leniently"
                         + (kinds.isEmpty ? "" : " (warnings: \(kinds.joined(separator: ", ")))"))
        }
        print("SMF files read per folder:\n  " + lines.joined(separator: "\n  "))
    }
}
