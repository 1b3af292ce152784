/// Why a picture could not be made or written. `description` is one line naming the argument or file.
public enum PictureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A bar range outside the score: (requested first, last; bars in the score).
    case barRange(first: Int, last: Int, barCount: Int)
    /// A picture width below the minimum (pixels or terminal columns).
    case tooNarrow(width: Int, minimum: Int)
    /// The output path's extension names no supported format.
    case unsupportedFormat(path: String)
    /// Cairo reported an error (its status text) while drawing or writing `path`.
    case cairo(path: String, status: String)
    /// No audio frames to plot.
    case emptyAudio

    /// One line for users, naming the bars, width or file concerned.
    public var description: String {
        switch self {
        case .barRange(let first, let last, let count):
            return "bars \(first)-\(last): the file has bars 1-\(count); give A-B with 1 <= A <= B <= \(count)"
        case .tooNarrow(let width, let minimum):
            return "width \(width) is too narrow for a piano roll; at least \(minimum) is needed"
        case .unsupportedFormat(let path):
            return "\(path): unsupported picture format; use a .svg or .png file name"
        case .cairo(let path, let status):
            return "\(path): cairo could not draw or write the picture: \(status)"
        case .emptyAudio:
            return "no audio frames to plot"
        }
    }
}
