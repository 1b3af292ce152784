import ModelKit
import Foundation
import Music

/// Played drum grooves read from a folder of Standard MIDI Files (the Groove MIDI Dataset layout:
/// `drummerN/sessionM/*.mid` and an `info.csv` naming each file's official split).
public struct DrumCorpus: Sendable {
    /// A file that was not used, and why.
    public struct SkippedFile: Hashable, Sendable {
        public var path: String
        public var reason: String
    }

    /// Which part of the corpus a groove belongs to.
    public enum Split: String, Sendable, Hashable, Codable { case train, validation, test }

    /// Grooves in path order, with their split.
    public var grooves: [(groove: DrumGroove, split: Split)]
    /// Number of MIDI files found.
    public var fileCount: Int
    public var skipped: [SkippedFile]
    /// Summed quantization counts over the files used.
    public var quantization: DrumQuantizationReport
    /// Whether the splits came from an `info.csv` (else every file is `train`).
    public var hasSplitFile: Bool

    /// The grooves of one split.
    public func grooves(_ split: Split) -> [DrumGroove] { grooves.filter { $0.split == split }.map(\.groove) }

    /// Total steps.
    public var stepCount: Int { grooves.reduce(0) { $0 + $1.groove.steps.count } }

    /// Reads every `.mid`/`.midi` file under `directory` (recursively, path order) and quantizes
    /// its channel-10 notes (`DrumGrid.groove(of:name:)`). The split of each file is the `split`
    /// column of `info.csv` (the GMD's own metadata: `midi_filename` relative to the csv's folder,
    /// split `train`, `validation` or `test`) in `directory`, or else in each of its subfolders;
    /// files no csv lists are `train`. A file that cannot be read, has no mapped drum hits, or has a meter the models do
    /// not know (bars over 16 steps) is skipped and listed. `progress(done, total)` after each file.
    ///
    /// - Throws: `CorpusError.notAFolder` if `directory` is not a folder or `info.csv` has
    ///   no `midi_filename`/`split` columns; `CorpusError.empty` if no file gave a groove.
    public static func load(directory: URL, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> DrumCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(path: directory.path)
        }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var splits: [String: Split] = [:]
        // info.csv in the folder, or in its subfolders (`corpus/drums` holding `gmd/info.csv`).
        var infos: [(prefix: String, url: URL)] = []
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("info.csv").path) {
            infos.append(("", root.appendingPathComponent("info.csv")))
        } else {
            let subfolders = (try? FileManager.default.contentsOfDirectory(atPath: root.path).sorted()) ?? []
            for sub in subfolders where FileManager.default.fileExists(atPath: root.appendingPathComponent(sub).appendingPathComponent("info.csv").path) {
                infos.append((sub + "/", root.appendingPathComponent(sub).appendingPathComponent("info.csv")))
            }
        }
        let hasSplitFile = !infos.isEmpty
        for info in infos {
            for (path, split) in try readSplits(info.url) { splits[info.prefix + path] = split }
        }
        let paths = MIDIFolder.relativePaths(under: root)
        var grooves: [(DrumGroove, Split)] = []
        var skipped: [SkippedFile] = []
        var total = DrumQuantizationReport()
        for (i, path) in paths.enumerated() {
            do {
                let score = try Score(contentsOf: root.appendingPathComponent(path))
                let (groove, report) = try DrumGrid.groove(of: score, name: path)
                if groove.notes.isEmpty {
                    skipped.append(SkippedFile(path: path, reason: "no drum hits on channel 10"))
                } else {
                    grooves.append((groove, splits[path] ?? .train))
                    total.notesRead += report.notesRead
                    total.merged += report.merged
                    total.droppedAfterMeterChange += report.droppedAfterMeterChange
                    for (k, v) in report.unmapped { total.unmapped[k, default: 0] += v }
                }
            } catch {
                skipped.append(SkippedFile(path: path, reason: String(describing: error)))
            }
            progress(i + 1, paths.count)
        }
        guard !grooves.isEmpty else { throw CorpusError.empty(path: directory.path, kind: "groove") }
        return DrumCorpus(grooves: grooves, fileCount: paths.count, skipped: skipped, quantization: total, hasSplitFile: hasSplitFile)
    }

    /// `midi_filename` -> split from the GMD's info.csv (plain comma-separated, a header line; the
    /// dataset's fields hold no commas or quotes).
    static func readSplits(_ url: URL) throws -> [String: Split] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [:] }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let file = header.firstIndex(of: "midi_filename"), let split = header.firstIndex(of: "split") else {
            throw CorpusError.malformedSplitTable(path: url.path, line: 1, reason: "has no midi_filename and split columns")
        }
        var result: [String: Split] = [:]
        for (n, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count, let s = Split(rawValue: fields[split]) else {
                throw CorpusError.malformedSplitTable(path: url.path, line: n + 2, reason: "does not have \(header.count) fields with a split of train, validation or test")
            }
            result[fields[file]] = s
        }
        return result
    }

    /// How a model file names training on the `train` split of `info.csv`.
    public static let trainSplitName = "train split of info.csv"
    /// How a model file names training on every groove of a folder.
    public static let allFilesName = "all files"

    /// How many grooves each split has.
    public func count(_ split: Split) -> Int { grooves.filter { $0.split == split }.count }
}

extension DrumCorpus: SplittableCorpus {
    /// The grooves, without their splits.
    public var items: [DrumGroove] { grooves.map(\.groove) }
    /// With an `info.csv`: whether each groove is in its `train` split (`validation` and `test`
    /// grooves are held out by `split(.corpusSplit)`).
    public var corpusTrainingFlags: [Bool]? { hasSplitFile ? grooves.map { $0.split == .train } : nil }
}
