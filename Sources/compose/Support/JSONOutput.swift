import Foundation

/// The JSON text of `value` as every `--json` output of `compose` writes it: keys sorted, slashes
/// unescaped (paths stay readable), non-finite numbers as the strings "inf", "-inf" and "nan".
/// `pretty` indents it; otherwise it is one line (JSON Lines for batches).
func jsonText<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
