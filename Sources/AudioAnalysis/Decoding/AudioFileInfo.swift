/// What an audio file holds, from libsndfile's header (`SF_INFO`).
public struct AudioFileInfo: Sendable, Hashable, Codable {
    /// Frames (samples per channel) the header announces; for MP3 libsndfile may estimate it.
    public var frameCount: Int
    /// Sample rate in Hz.
    public var sampleRate: Int
    /// Channels per frame.
    public var channelCount: Int
    /// libsndfile's name of the container, e.g. "WAV (Microsoft)", "FLAC (Free Lossless Audio Codec)".
    public var formatName: String
    /// Frames the header declares when the file holds fewer (a truncated file: its data chunk
    /// announces more bytes than follow it; `frameCount` is then what can be read); nil when the
    /// header and the file agree or the format does not say.
    public var declaredFrameCount: Int?

    /// True when the header declares more frames than the file holds (`declaredFrameCount`).
    public var isTruncated: Bool { (declaredFrameCount ?? 0) > frameCount }

    /// Length in seconds (`frameCount / sampleRate`).
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }

    /// An audio file's description: `frameCount` frames (samples per channel) at `sampleRate` Hz,
    /// `channelCount` channels, libsndfile's name of its format, and the frames its header declares
    /// when more than the file holds (`declaredFrameCount`, nil otherwise).
    public init(frameCount: Int, sampleRate: Int, channelCount: Int, formatName: String, declaredFrameCount: Int? = nil) {
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.formatName = formatName
        self.declaredFrameCount = declaredFrameCount
    }
}
