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

    /// The edge-case set holds deliberately broken files: each must either parse (and then round
    /// trip) or throw an `SMFError`; never trap, hang or allocate wildly.
    @Test func edgeCasesFailCleanly() throws {
        let dir = corpusRoot.appendingPathComponent("edge")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        var ok = 0
        var failed: [SMFError.Kind: Int] = [:]
        for name in names.sorted() {
            let url = dir.appendingPathComponent(name)
            do {
                let file = try MIDIFile(contentsOf: url)
                ok += 1
                #expect(try MIDIFile(bytes: file.bytes()) == Self.withEndOfTrack(file), "\(name)")
                #expect(try MIDIFile(bytes: file.bytes(runningStatus: false)) == Self.withEndOfTrack(file), "\(name)")
            } catch let e as SMFError {
                failed[e.kind, default: 0] += 1
                #expect(e.path == url.path)
            }
        }
        let summary = failed.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", ")
        print("SMF edge cases: \(ok) of \(names.count) files parsed; rejected: \(summary)")
    }

    @Test func knownEdgeFiles() throws {
        let dir = corpusRoot.appendingPathComponent("edge")
        func kind(_ name: String) -> SMFError.Kind? {
            let url = dir.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return smfError { _ = try MIDIFile(contentsOf: url) }?.kind
        }
        if let k = kind("jazzsoft__test-empty-file.mid") { #expect(k == .notMIDI) }
        if let k = kind("jazzsoft__test-not-a-midi-file.mid") { #expect(k == .notMIDI) }
        if let k = kind("jazzsoft__test-running-status-metaevent.mid") { #expect(k == .noRunningStatus) }
        if let k = kind("jazzsoft__test-running-status-sysex.mid") { #expect(k == .noRunningStatus) }
        if let k = kind("jazzsoft__test-illegal-message-f8.mid") { #expect(k == .badStatus) }
        if let k = kind("midly__PiDamaged.mid") { #expect(k == .truncated) }
        let url = dir.appendingPathComponent("dwm__no-end-of-track__chesbur.mid")
        if FileManager.default.fileExists(atPath: url.path) {
            let file = try MIDIFile(contentsOf: url)
            #expect(file.tracks.contains { $0.events.last?.event != .meta(.endOfTrack) })
        }
    }
}
