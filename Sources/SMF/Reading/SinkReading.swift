import Dispatch
import FileIO
#if canImport(FoundationEssentials)
import struct FoundationEssentials.URL
#else
import struct Foundation.URL
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension MIDIFile {
    /// Reads an SMF (or RIFF `RMID`) as `read(bytes:options:)` does, but hands each track's events
    /// to a sink instead of building `Track`s: the result's `file` has the header fields and unknown
    /// chunks and no tracks; the sinks come back in track order, each `finish()`ed. Warnings, their
    /// order and byte offsets, and the errors thrown are those of `read(bytes:options:)`.
    ///
    /// When the data holds at least `parallelAbove` bytes and the machine has several cores, the
    /// tracks whose chunk length can be trusted are read on several threads (`makeSink` is then
    /// called with `shared` false: the sinks live at the same time, on different threads);
    /// otherwise one after another (`shared` true: each sink is finished before the next is made).
    ///
    /// - Parameters:
    ///   - release: when `bytes` are those of a mapped file, it: the pages of each track are given
    ///     back (`FileContents.release(_:)`) once the track is read, so that a large file is not
    ///     held whole in memory.
    ///   - makeSink: the sink for track `index`, whose chunk holds `chunkBytes` bytes.
    @inlinable
    package static func read<Sink: TrackSink>(
        bytes: UnsafeBufferPointer<UInt8>, options: ReadOptions, parallelAbove: Int = 1 << 20,
        release: FileContents? = nil,
        makeSink: (_ index: Int, _ chunkBytes: Int, _ shared: Bool) -> Sink
    ) throws(SMFError) -> (result: ReadResult, sinks: [Sink]) {
        switch options.mode {
        case .strict:
            var reader = SMFReader<StrictReading>(bytes, options: options)
            reader.mapped = release
            return try reader.readSinks(parallelAbove: parallelAbove, release: release, makeSink: makeSink)
        case .lenient:
            var reader = SMFReader<LenientReading>(bytes, options: options)
            reader.mapped = release
            return try reader.readSinks(parallelAbove: parallelAbove, release: release, makeSink: makeSink)
        }
    }
}

extension MIDIFile {
    /// `read(bytes:options:parallelAbove:release:makeSink:)` on the file at `url`: a file of at
    /// least `parallelAbove` bytes is mapped rather than copied, and each track's pages given back
    /// once it is read (see `FileContents`), so that the file is never held whole in memory.
    ///
    /// - Throws: `FileIOError` when the file cannot be read or `url` is not a file URL; `SMFError`
    ///   (with `path` set) when its contents cannot be read in this mode.
    @inlinable
    package static func read<Sink: TrackSink>(
        contentsOf url: URL, options: ReadOptions, parallelAbove: Int = 1 << 20,
        makeSink: (_ index: Int, _ chunkBytes: Int, _ shared: Bool) -> Sink
    ) throws -> (result: ReadResult, sinks: [Sink]) {
        let path = try filePath(url)
        return try FileContents.withContents(of: path, mapAbove: parallelAbove) { contents in
            do throws(SMFError) {
                return try read(bytes: contents.bytes, options: options, parallelAbove: parallelAbove,
                                release: contents.isMapped ? contents : nil, makeSink: makeSink)
            } catch {
                var e = error
                e.path = path
                throw e
            }
        }
    }
}

extension MIDIFile {
    /// The path of a file URL.
    /// - Throws: `FileIOError` (operation `.read`) when `url` is not a file URL.
    @usableFromInline
    static func filePath(_ url: URL) throws(FileIOError) -> String {
        guard url.isFileURL else {
            throw FileIOError(.read, path: url.absoluteString, code: 0, reason: "not a file URL")
        }
        // `path(percentEncoded:)` rather than `path`: the same decoded path of a file URL, without
        // `path`'s extra pass over it (measurable when thousands of small files are read); a
        // directory URL's trailing slash dropped, as `path` drops it.
        var path = url.path(percentEncoded: false)
        if path.utf8.last == UInt8(ascii: "/") && path.utf8.count > 1 { path.removeLast() }
        return path
    }
}

extension SMFReader {
    @inlinable
    mutating func readSinks<Sink: TrackSink>(
        parallelAbove: Int, release: FileContents?, makeSink: (Int, Int, Bool) -> Sink
    ) throws(SMFError) -> (result: ReadResult, sinks: [Sink]) {
        guard p.count >= parallelAbove, Self.cores > 1 else {
            var sinks: [Sink] = []
            sinks.reserveCapacity(8)
            let result = try readChunks { (reader, chunk) throws(SMFError) -> Int in
                var sink = makeSink(chunk.index, min(chunk.declaredEnd, reader.limit) - chunk.chunkStart - 8, true)
                let next = try reader.readTrack(index: chunk.index, chunkStart: chunk.chunkStart, declaredEnd: chunk.declaredEnd,
                                                trusted: chunk.trusted, into: &sink)
                sink.finish()
                sinks.append(sink)
                release?.release(chunk.chunkStart..<next)
                return next
            }
            return (result, sinks)
        }
        // Tracks with a trusted end are put aside and read afterwards, on several threads, each with
        // a warning log of its own whose warnings are then put where the walk would have put them.
        let maxWarnings = log.maxWarnings
        let mainLog = WarningLog(maxWarnings: Int.max)
        log = mainLog
        var deferred: [DeferredTrack] = []
        var sinks: [Sink?] = []
        let walked: ReadResult
        do throws(SMFError) {
            walked = try readChunks { (reader, chunk) throws(SMFError) -> Int in
                if chunk.trusted {
                    deferred.append(DeferredTrack(chunk: chunk, warningPosition: mainLog.warnings.count))
                    sinks.append(nil)
                    return chunk.declaredEnd
                }
                var sink = makeSink(chunk.index, min(chunk.declaredEnd, reader.limit) - chunk.chunkStart - 8, false)
                let next = try reader.readTrack(index: chunk.index, chunkStart: chunk.chunkStart, declaredEnd: chunk.declaredEnd,
                                                trusted: chunk.trusted, into: &sink)
                sink.finish()
                sinks.append(sink)
                release?.release(chunk.chunkStart..<next)
                return next
            }
        } catch {
            // The walk failed after the tracks put aside: the first error in file order may be in one of them.
            for job in deferred {
                var sink = makeSink(job.chunk.index, job.chunk.declaredEnd - job.chunk.chunkStart - 8, true)
                _ = try readTrack(index: job.chunk.index, chunkStart: job.chunk.chunkStart, declaredEnd: job.chunk.declaredEnd,
                                  trusted: true, into: &sink)
            }
            throw error
        }
        let jobs = ParallelTracks(reader: self, deferred: deferred, maxWarnings: maxWarnings, release: release) {
            makeSink($0.index, $0.declaredEnd - $0.chunkStart - 8, false)
        }
        defer { jobs.deallocate() }
        DispatchQueue.concurrentPerform(iterations: deferred.count) { i in jobs.run(i) }
        let logs = jobs.logs
        for i in 0..<deferred.count {
            if let error = jobs.errors[i] { throw error }
        }
        let jobSinks = (0..<deferred.count).map { jobs.sinks[$0] }
        var next = 0
        for (i, sink) in sinks.enumerated() where sink == nil {
            sinks[i] = jobSinks[next]
            next += 1
        }
        var result = walked
        (result.warnings, result.warningCounts) = Self.merge(mainLog, deferred.map(\.warningPosition), logs, maxWarnings: maxWarnings)
        return (result, sinks.map { $0! })
    }

    /// The warnings of the walk with those of each track read apart inserted at its position, at
    /// most `maxWarnings` kept; the counts of all.
    @usableFromInline
    static func merge(_ main: WarningLog, _ positions: [Int], _ logs: [WarningLog], maxWarnings: Int)
        -> ([SMFWarning], [SMFWarning.Kind: Int]) {
        var all: [SMFWarning] = []
        var counts = main.counts
        var from = 0
        for (position, log) in zip(positions, logs) {
            all.append(contentsOf: main.warnings[from..<position])
            all.append(contentsOf: log.warnings)
            from = position
            for (kind, n) in log.counts { counts[kind, default: 0] += n }
        }
        all.append(contentsOf: main.warnings[from...])
        return (Array(all.prefix(maxWarnings)), counts)
    }

    /// The number of cores online.
    @usableFromInline
    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// A track put aside by the parallel read, and how many warnings the walk had found before it.
@usableFromInline
struct DeferredTrack {
    @usableFromInline let chunk: TrackChunk
    @usableFromInline let warningPosition: Int
    @usableFromInline init(chunk: TrackChunk, warningPosition: Int) {
        self.chunk = chunk
        self.warningPosition = warningPosition
    }
}

/// The tracks put aside by the parallel read, read on several threads: each with a copy of the
/// reader, a warning log and a sink of its own, its error (if any) in a slot of its own.
@usableFromInline
struct ParallelTracks<Mode: ReadingMode, Sink: TrackSink>: @unchecked Sendable {
    @usableFromInline let reader: SMFReader<Mode>
    @usableFromInline let deferred: [DeferredTrack]
    @usableFromInline let logs: [WarningLog]
    @usableFromInline let sinks: UnsafeMutablePointer<Sink>
    @usableFromInline let errors: UnsafeMutablePointer<SMFError?>
    /// The mapped file whose pages each track gives back once read, if any.
    @usableFromInline let release: FileContents?

    @inlinable
    init(reader: SMFReader<Mode>, deferred: [DeferredTrack], maxWarnings: Int, release: FileContents?, makeSink: (TrackChunk) -> Sink) {
        self.reader = reader
        self.release = release
        self.deferred = deferred
        logs = deferred.map { _ in WarningLog(maxWarnings: maxWarnings) }
        sinks = .allocate(capacity: deferred.count)
        errors = .allocate(capacity: deferred.count)
        for i in deferred.indices {
            (sinks + i).initialize(to: makeSink(deferred[i].chunk))
            (errors + i).initialize(to: nil)
        }
    }

    /// Reads track `i` of `deferred` (called once per `i`, from any thread).
    @inlinable
    func run(_ i: Int) {
        var r = reader
        r.log = logs[i]
        let chunk = deferred[i].chunk
        do throws(SMFError) {
            _ = try r.readTrack(index: chunk.index, chunkStart: chunk.chunkStart, declaredEnd: chunk.declaredEnd,
                                trusted: true, into: &sinks[i])
            sinks[i].finish()
            release?.release(chunk.chunkStart..<chunk.declaredEnd)
        } catch {
            errors[i] = error
        }
    }

    @inlinable
    func deallocate() {
        sinks.deinitialize(count: deferred.count)
        sinks.deallocate()
        errors.deinitialize(count: deferred.count)
        errors.deallocate()
    }
}
