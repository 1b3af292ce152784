import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The check made before a WAV file is rendered: will the largest file the render can make fit in
/// the WAV format and on the destination's file system?
enum OutputSpace {
    /// - Parameters:
    ///   - bytes: the sample data the file could hold at most.
    ///   - formatLimit: whether the format's sizes are 32-bit (WAV, AIFF), so `bytes` must fit them.
    /// - Throws: `SynthError.outputTooLarge` when `bytes` exceeds `WAVWriter.maximumDataBytes` or the
    ///   space `statvfs(3)` reports available in the destination's folder. A folder that cannot be
    ///   examined is not checked here (the write reports it).
    static func check(path: String, bytes: Int64, formatLimit: Bool = true) throws {
        guard !formatLimit || bytes <= WAVWriter.maximumDataBytes else {
            throw SynthError.outputTooLarge(path: path, bytes: bytes, available: WAVWriter.maximumDataBytes, limit: .wavFormat)
        }
        guard let destination = try? AtomicFile.destination(for: path) else { return }
        let folder = (destination as NSString).deletingLastPathComponent
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return }
        let available = Int64(info.f_bavail) * Int64(info.f_frsize)
        guard bytes + WAVWriter.headerBytes <= available else {
            throw SynthError.outputTooLarge(path: path, bytes: bytes, available: available, limit: .freeSpace)
        }
    }
}
