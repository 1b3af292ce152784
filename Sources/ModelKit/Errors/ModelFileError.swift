/// A model file (JSON config, safetensors weights, training checkpoint) that cannot be used: not
/// found, of another format or version, or with tensors of the wrong shape.
public struct ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Hashable {
        /// No file of this name in any of the places searched (in search order).
        case notFound(searched: [String])
        /// The file's `format` field names another kind of model.
        case wrongFormat(found: String, expected: String)
        /// A config version this build cannot read.
        case unsupportedVersion(found: Int, supported: Int)
        /// A size in the config or a tensor's shape differs from what this build's code expects.
        case shapeMismatch(what: String, found: [Int], expected: [Int])
        /// A tensor the model needs is absent.
        case missingTensor(String)
        /// The file does not follow its format (truncated safetensors, malformed entry, bad token...).
        case malformed(String)
    }

    /// The file (path), or the file name that was looked for when `problem` is `notFound`.
    public var file: String
    public var problem: Problem

    public init(file: String, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// One line naming the file and the problem.
    public var description: String {
        switch problem {
        case .notFound(let searched):
            return "no model file \(file) (looked in \(searched.joined(separator: ", ")))"
        case .wrongFormat(let found, let expected):
            return "\(file): format is \"\(found)\", expected \"\(expected)\""
        case .unsupportedVersion(let found, let supported):
            return "\(file): version \(found) is not supported (this build reads version \(supported))"
        case .shapeMismatch(let what, let found, let expected):
            return "\(file): \(what) has shape \(found), expected \(expected)"
        case .missingTensor(let name):
            return "\(file): tensor \(name) is missing"
        case .malformed(let reason):
            return "\(file): \(reason)"
        }
    }
}
