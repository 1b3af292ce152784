import CSndfile
import Foundation

/// Writes test audio with libsndfile: `frames` frames of `channels` channels, sample (frame, channel)
/// given by `value`.
func writeAudio(_ path: String, format: Int32, sampleRate: Int, channels: Int, frames: Int,
                value: (Int, Int) -> Float) -> Bool {
    var info = SF_INFO()
    info.samplerate = Int32(sampleRate)
    info.channels = Int32(channels)
    info.format = format
    guard let file = sf_open(path, Int32(SFM_WRITE), &info) else { return false }
    defer { sf_close(file) }
    var data = [Float](repeating: 0, count: frames * channels)
    for f in 0..<frames { for c in 0..<channels { data[f * channels + c] = value(f, c) } }
    return data.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(frames)) } == sf_count_t(frames)
}

let wavFloat = Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
let wav16 = Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
let flac16 = Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
let oggVorbis = Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
let mp3 = Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)

/// A sine of `hertz` at `amplitude`.
func sine(_ hertz: Double, amplitude: Double, rate: Int) -> (Int, Int) -> Float {
    { f, _ in Float(amplitude * sin(2 * Double.pi * hertz * Double(f) / Double(rate))) }
}
