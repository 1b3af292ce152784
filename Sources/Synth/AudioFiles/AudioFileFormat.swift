import CSndfile
import Foundation

/// The audio file formats LittleMozart writes (through libsndfile), chosen by a file name's
/// extension: `.wav` (RIFF WAVE), `.flac` (FLAC, 16-bit), `.ogg` / `.oga` (Ogg Vorbis, lossy) and
/// `.aif` / `.aiff` (AIFF).
public enum AudioFileFormat: String, Sendable, Hashable, CaseIterable {
    case wav, flac, oggVorbis, aiff

    /// The file name extensions of this format, lowercase, without the dot; the first is the usual one.
    public var extensions: [String] {
        switch self {
        case .wav: return ["wav"]
        case .flac: return ["flac"]
        case .oggVorbis: return ["ogg", "oga"]
        case .aiff: return ["aif", "aiff"]
        }
    }

    /// Every extension written, with dots, in this order: `.wav`, `.flac`, `.ogg`, `.oga`, `.aif`, `.aiff`.
    public static var acceptedExtensions: [String] { allCases.flatMap(\.extensions).map { "." + $0 } }

    /// The format `path`'s extension names (case-insensitive), or nil for any other extension or none.
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(ext) }) else { return nil }
        self = format
    }

    /// Whether a file of this format holds samples of `sample` format: WAV and AIFF hold both,
    /// FLAC only 16-bit integers, Ogg Vorbis encodes either (lossily).
    public func holds(_ sample: WAVSampleFormat) -> Bool { self != .flac || sample == .pcm16 }

    /// Whether the format's sizes are 32-bit (WAV and AIFF: at most 4 GiB of samples).
    var hasFourGigabyteLimit: Bool { self == .wav || self == .aiff }

    /// libsndfile's `SF_INFO.format` for this container holding `sample` samples.
    func sndfileFormat(_ sample: WAVSampleFormat) -> Int32 {
        switch self {
        case .wav: return Int32(SF_FORMAT_WAV) | sample.sndfileSubtype
        case .aiff: return Int32(SF_FORMAT_AIFF) | sample.sndfileSubtype
        case .flac: return Int32(SF_FORMAT_FLAC) | Int32(SF_FORMAT_PCM_16)
        case .oggVorbis: return Int32(SF_FORMAT_OGG) | Int32(SF_FORMAT_VORBIS)
        }
    }

    /// FluidSynth's `audio.file.type` for this format (its file driver writes through libsndfile).
    var fluidSynthFileType: String {
        switch self {
        case .wav: return "wav"
        case .flac: return "flac"
        case .oggVorbis: return "oga"
        case .aiff: return "aiff"
        }
    }
}
