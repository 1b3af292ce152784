import FileIO
import Foundation

/// Reading and writing `ModelConfig` JSON files: the one place where model configs are encoded,
/// written and checked.
///
/// Written JSON has sorted keys, unescaped slashes and a trailing newline, and is pretty-printed
/// (two-space indent) unless asked otherwise, so files diff well and saving a loaded model gives
/// the same bytes. Files are written atomically and durably (`FileIO.AtomicFile`).
public enum ModelFiles {
    /// The JSON of `config` (no trailing newline), e.g. to embed in a weights file's metadata.
    /// - Parameters:
    ///   - config: the config to encode.
    ///   - prettyPrinted: one key per line (true) or all on one line (false).
    /// - Throws: `EncodingError` for a value JSON cannot hold (e.g. a NaN or infinite number).
    public static func encode<C: ModelConfig>(_ config: C, prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                                                 : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(config)
    }

    /// Writes `config` as JSON plus a newline to `url`, atomically (readers never see a partial file).
    /// - Throws: `EncodingError` for a value JSON cannot hold; `FileIOError` naming the path when
    ///   the file cannot be written.
    public static func write<C: ModelConfig>(_ config: C, to url: URL, prettyPrinted: Bool = true) throws {
        try write(json: try encode(config, prettyPrinted: prettyPrinted), to: url)
    }

    /// Writes JSON made by `encode` plus a newline to `url`, atomically: for a model that writes
    /// other files (its weights) between encoding its config and writing it.
    /// - Throws: `FileIOError` naming the path when the file cannot be written.
    public static func write(json: Data, to url: URL) throws {
        var data = json
        data.append(0x0A)
        try AtomicFile.write([UInt8](data), to: url.path)
    }

    /// The weights file that goes with a config file: `<name>.safetensors` for `<name>.json`
    /// (the name alone, as the config stores it; the file lies beside the config).
    public static func weightsName(for url: URL) -> String {
        url.deletingPathExtension().lastPathComponent + ".safetensors"
    }

    /// Writes a model in two files: `tensors` to the safetensors file `weightsName` beside `url`
    /// (metadata `format` = `C.formatName`, and with `embedConfig` the config's JSON under
    /// `config`), then `config` (which names `weightsName`) as JSON to `url`; each atomically,
    /// weights first, so a config on disk never names weights that are not there.
    /// - Throws: `EncodingError` for a value JSON cannot hold; `FileIOError` naming the path when a
    ///   file cannot be written.
    public static func write<C: ModelConfig>(_ config: C, weights tensors: [String: Safetensors.Tensor], named weightsName: String,
                                             embedConfig: Bool = false, to url: URL) throws {
        let json = try encode(config)
        var metadata = ["format": C.formatName]
        if embedConfig { metadata["config"] = String(decoding: json, as: UTF8.self) }
        try Safetensors.write(tensors, metadata: metadata, to: url.deletingLastPathComponent().appendingPathComponent(weightsName))
        try write(json: json, to: url)
    }

    /// The config of type `C` in the file at `url`, after checking its `format` and `version`.
    /// - Throws: `FileIOError` when the file cannot be read; `ModelFileError` naming the file:
    ///   `.wrongFormat` when its `format` is not `C.formatName`, `.unsupportedVersion` when its
    ///   `version` is not `C.currentVersion`, `.malformed` when it is not JSON with a `format` and
    ///   a `version`, or does not match `C`'s layout.
    public static func read<C: ModelConfig>(_ type: C.Type, from url: URL) throws -> C {
        let data = Data(try WholeFile.read(url.path))
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw ModelFileError(file: url.path, .malformed("not a \(C.formatName) (no JSON with a format and a version)"))
        }
        guard header.format == C.formatName else {
            throw ModelFileError(file: url.path, .wrongFormat(found: header.format, expected: C.formatName))
        }
        guard header.version == C.currentVersion else {
            throw ModelFileError(file: url.path, .unsupportedVersion(found: header.version, supported: C.currentVersion))
        }
        do {
            return try JSONDecoder().decode(C.self, from: data)
        } catch let error as DecodingError {
            throw ModelFileError(file: url.path, .malformed("not a \(C.formatName) (the JSON does not match the model file format: \(describe(error)))"))
        }
    }

    /// Whether the file at `url` is JSON whose `format` is `C.formatName` (any version); false
    /// when it cannot be read.
    public static func isConfig<C: ModelConfig>(_ type: C.Type, at url: URL) -> Bool {
        guard let bytes = try? WholeFile.read(url.path),
              let header = try? JSONDecoder().decode(FormatOnly.self, from: Data(bytes)) else { return false }
        return header.format == C.formatName
    }

    struct Header: Decodable {
        var format: String
        var version: Int
    }

    struct FormatOnly: Decodable {
        var format: String
    }

    /// A few words on where and why decoding failed: "missing key shape", "wrong type at
    /// training.epochs".
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing key \(at.isEmpty ? key.stringValue : at + "." + key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return path(context).isEmpty ? "corrupted data" : "corrupted data at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
