import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing the safetensors format (Hugging Face): an 8-byte little-endian header
/// length `N`, `N` bytes of JSON (`{"name": {"dtype": "F32", "shape": [...], "data_offsets":
/// [begin, end]}, ..., "__metadata__": {"key": "value"}}`, padded with spaces to a multiple of 8),
/// then the raw little-endian tensor data. Only F32 tensors are written and read here.
public enum Safetensors {
    public struct Tensor: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Float]
        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
            self.shape = shape
            self.values = values
        }
    }

    /// The file's bytes: tensors in name order, then metadata strings.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            let bytes = t.values.count * 4
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data()
        var n = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &n) { data.append(contentsOf: $0) }
        data.append(json)
        data.reserveCapacity(data.count + offset)
        for name in names {
            tensors[name]!.values.withUnsafeBufferPointer { buffer in
                // Floats are little-endian on every platform Swift runs on (x86-64, arm64).
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                                count: buffer.count * 4))
            }
        }
        return data
    }

    /// Parses a file's bytes.
    /// - Throws: `ModelFileError` (`.malformed`) for a malformed file or a dtype other than F32.
    public static func decode(_ data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard data.count >= 8 else { throw ModelFileError(file: "safetensors data", .malformed("safetensors file shorter than 8 bytes")) }
        let n = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard n <= UInt64(data.count - 8) else { throw ModelFileError(file: "safetensors data", .malformed("safetensors header length \(n) exceeds the file")) }
        let start = data.startIndex
        let headerData = data[(start + 8)..<(start + 8 + Int(n))]
        guard let header = try JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw ModelFileError(file: "safetensors data", .malformed("safetensors header is not a JSON object"))
        }
        let body = start + 8 + Int(n)
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = value as? [String: String] ?? [:]
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw ModelFileError(file: "safetensors data", .malformed("safetensors tensor \(name): malformed entry"))
            }
            guard dtype == "F32" else { throw ModelFileError(file: "safetensors data", .malformed("safetensors tensor \(name): dtype \(dtype), expected F32")) }
            let count = shape.reduce(1, *)
            guard offsets[0] >= 0, offsets[1] - offsets[0] == count * 4, body + offsets[1] <= data.endIndex else {
                throw ModelFileError(file: "safetensors data", .malformed("safetensors tensor \(name): data offsets \(offsets) do not fit shape \(shape)"))
            }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { dst in
                data.copyBytes(to: dst.bindMemory(to: UInt8.self), from: (body + offsets[0])..<(body + offsets[1]))
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return (tensors, metadata)
    }

    /// Writes atomically and durably (`FileIO.AtomicFile`: temporary file, fsync, rename, fsync of
    /// the folder).
    /// - Throws: `FileIOError` naming the path.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write([UInt8](try encode(tensors, metadata: metadata)), to: url.path)
    }

    /// Reads a safetensors file.
    /// - Throws: `FileIOError` when it cannot be read; `ModelFileError` (`.malformed`, naming the
    ///   path) when it is not a float32 safetensors file.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        do {
            return try decode(Data(try WholeFile.read(url.path)))
        } catch var error as ModelFileError {
            error.file = url.path
            throw error
        }
    }
}
