import CSndfile

/// An open audio file read block by block with libsndfile (WAV, AIFF, FLAC, OGG/Vorbis, Opus, MP3:
/// whatever the installed libsndfile reads; 1.2.0 on Debian 12 reads all of these), each block
/// mixed to mono: the mean of the channels, as float samples in -1...1 (libsndfile's normalised
/// conversion). Memory: one block.
final class SoundFileReader {
    let path: String
    let info: AudioFileInfo
    private let file: OpaquePointer
    private var interleaved: [Float]
    private(set) var framesRead = 0

    /// - Throws: `AudioAnalysisError.cannotOpen` or `.unsupported`.
    init(path: String, blockFrames: Int) throws(AudioAnalysisError) {
        var sfInfo = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            throw .cannotOpen(path: path, reason: String(cString: sf_strerror(nil)))
        }
        guard sfInfo.channels > 0, sfInfo.samplerate > 0 else {
            sf_close(file)
            throw .unsupported(path: path, reason: "\(sfInfo.channels) channels at \(sfInfo.samplerate) Hz")
        }
        var format = SF_FORMAT_INFO()
        format.format = sfInfo.format & Int32(SF_FORMAT_TYPEMASK)
        let name = sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &format, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0
            ? format.name.map { String(cString: $0) } ?? "unknown" : "unknown"
        self.path = path
        self.file = file
        var log = [CChar](repeating: 0, count: 8_192)
        sf_command(file, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        let logText = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let declared = DeclaredLength.frames(inLog: logText, readableFrames: Int(sfInfo.frames))
        self.info = AudioFileInfo(frameCount: Int(sfInfo.frames), sampleRate: Int(sfInfo.samplerate),
                                  channelCount: Int(sfInfo.channels), formatName: name, declaredFrameCount: declared)
        self.interleaved = [Float](repeating: 0, count: blockFrames * Int(sfInfo.channels))
    }

    deinit { sf_close(file) }

    /// Reads up to `mono.count` frames, mixed to mono, into `mono`; returns the number read (0 at the end).
    /// - Throws: `AudioAnalysisError.readFailed` when libsndfile reports an error.
    func read(into mono: inout [Float]) throws(AudioAnalysisError) -> Int {
        let channels = info.channelCount
        let want = min(mono.count, interleaved.count / channels)
        let got = interleaved.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, sf_count_t(want)) }
        if got < 0 || (got == 0 && sf_error(file) != 0) {
            throw .readFailed(path: path, frame: framesRead, reason: String(cString: sf_strerror(file)))
        }
        let n = Int(got)
        if channels == 1 {
            for i in 0..<n { mono[i] = interleaved[i] }
        } else {
            let scale = 1 / Float(channels)
            for i in 0..<n {
                var sum: Float = 0
                for c in 0..<channels { sum += interleaved[i * channels + c] }
                mono[i] = sum * scale
            }
        }
        framesRead += n
        return n
    }
}
