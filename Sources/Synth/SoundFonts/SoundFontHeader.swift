import Foundation

/// The first 12 bytes of a SoundFont, checked before FluidSynth sees the file: a SoundFont 2 or 3
/// file is a RIFF file of form type `sfbk` ("RIFF", 4-byte size, "sfbk"; SoundFont 2.04
/// specification, section 4), and FluidSynth (through libinstpatch) also reads DLS, form type
/// `DLS `. Anything else is refused here, so that FluidSynth, libinstpatch and GLib print nothing.
enum SoundFontHeader {
    /// Form types FluidSynth can load.
    static let formTypes: Set<String> = ["sfbk", "DLS "]

    /// Throws `SynthError.notASoundFont` unless `path` starts with a RIFF header of a known form.
    static func check(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SynthError.soundFontLoadFailed(path: path)
        }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 12)) ?? Data())
        let riff = bytes.prefix(4)
        guard riff.elementsEqual("RIFF".utf8.prefix(riff.count)), !riff.isEmpty else {
            throw SynthError.notASoundFont(path: path, offset: 0,
                                           found: riff.isEmpty ? "an empty file" : "\(describe(riff)), not \"RIFF\"")
        }
        guard bytes.count == 12 else {
            throw SynthError.notASoundFont(path: path, offset: bytes.count, found: "the file ends inside the RIFF header")
        }
        let form = String(decoding: bytes[8..<12], as: UTF8.self)
        guard formTypes.contains(form) else {
            throw SynthError.notASoundFont(path: path, offset: 8, found: "RIFF form \(describe(bytes[8..<12])), not \"sfbk\"")
        }
    }

    /// Printable ASCII in quotes, else hexadecimal bytes.
    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ (0x20...0x7E).contains($0) }) { return "\"" + String(decoding: bytes, as: UTF8.self) + "\"" }
        return bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
    }
}
