/// The JSON config of a saved model: what every model file of LittleMozart carries so a reader
/// can tell what it holds before decoding the rest.
///
/// `format` names the kind of model (e.g. "LittleMozart RNN melody model") and must equal
/// `formatName`; `version` counts incompatible changes of the config's layout and must equal
/// `currentVersion`. Read and write configs with `ModelFiles`.
public protocol ModelConfig: Codable {
    /// The `format` string every config of this type carries.
    static var formatName: String { get }
    /// The config layout version this build writes and reads.
    static var currentVersion: Int { get }
    /// The kind of model the file holds (`formatName` when written by this type).
    var format: String { get }
    /// The config layout version of the file.
    var version: Int { get }
}
