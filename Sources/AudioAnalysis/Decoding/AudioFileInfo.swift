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

    /// Length in seconds (`frameCount / sampleRate`).
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }

    /// An audio file's description: `frameCount` frames (samples per channel) at `sampleRate` Hz,
    /// `channelCount` channels, libsndfile's name of its format.
    public init(frameCount: Int, sampleRate: Int, channelCount: Int, formatName: String) {
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.formatName = formatName
    }
}
