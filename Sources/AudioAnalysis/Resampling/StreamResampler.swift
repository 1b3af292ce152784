import CSampleRate

/// Mono sample-rate conversion in a stream, with libsamplerate (`src_process` on successive blocks,
/// `end_of_input` on the last). Holds only libsamplerate's filter state and one output buffer.
final class StreamResampler {
    let ratio: Double
    let path: String
    private let state: OpaquePointer
    private var output: [Float]

    /// - Parameters:
    ///   - ratio: output rate / input rate.
    ///   - path: the file being read (for error messages).
    /// - Throws: `AudioAnalysisError.resamplingFailed` when libsamplerate refuses the converter or ratio.
    init(ratio: Double, quality: ResamplerQuality, path: String, outputBlock: Int = 8192) throws(AudioAnalysisError) {
        var error: Int32 = 0
        guard src_is_valid_ratio(ratio) != 0 else { throw .resamplingFailed(path: path, reason: "ratio \(ratio) is outside libsamplerate's 1/256...256") }
        guard let state = src_new(quality.converter, 1, &error) else {
            throw .resamplingFailed(path: path, reason: String(cString: src_strerror(error)))
        }
        self.state = state
        self.ratio = ratio
        self.path = path
        self.output = [Float](repeating: 0, count: outputBlock)
    }

    deinit { src_delete(state) }

    /// Converts `input[0..<count]` and appends what libsamplerate produces to `sink`; with
    /// `endOfInput` it also drains the filter.
    func process(_ input: [Float], count: Int, endOfInput: Bool, into sink: inout [Float]) throws(AudioAnalysisError) {
        var offset = 0
        while true {
            var data = SRC_DATA()
            let (used, generated, status): (Int, Int, Int32) = input.withUnsafeBufferPointer { inPtr in
                output.withUnsafeMutableBufferPointer { outPtr in
                    data.data_in = inPtr.baseAddress.map { $0 + offset }
                    data.input_frames = count - offset
                    data.data_out = outPtr.baseAddress
                    data.output_frames = outPtr.count
                    data.end_of_input = endOfInput ? 1 : 0
                    data.src_ratio = ratio
                    let status = src_process(state, &data)
                    return (Int(data.input_frames_used), Int(data.output_frames_gen), status)
                }
            }
            if status != 0 { throw .resamplingFailed(path: path, reason: String(cString: src_strerror(status))) }
            offset += used
            sink.append(contentsOf: output[0..<generated])
            if endOfInput {
                if offset >= count && generated == 0 { return }
            } else if (offset >= count && generated < output.count) || (used == 0 && generated == 0) {
                return
            }
        }
    }
}
