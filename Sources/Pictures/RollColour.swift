/// An sRGB colour, 8 bits per channel.
package struct RollColour: Sendable, Hashable, CustomStringConvertible {
    package var red: UInt8
    package var green: UInt8
    package var blue: UInt8

    /// A colour from its sRGB channels, each 0-255.
    package init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From 0xRRGGBB.
    package init(hex: UInt32) {
        self.init(red: UInt8(hex >> 16 & 0xFF), green: UInt8(hex >> 8 & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// "#rrggbb".
    package var description: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The colour drawn over `background` at opacity `alpha` (0...1), per channel
    /// `alpha * self + (1 - alpha) * background`, rounded.
    package func over(_ background: RollColour, alpha: Double) -> RollColour {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((alpha * Double(a) + (1 - alpha) * Double(b)).rounded()) }
        return RollColour(red: mix(red, background.red), green: mix(green, background.green), blue: mix(blue, background.blue))
    }

    /// The nearest colour of the xterm 256-colour 6x6x6 cube (indices 16-231), for terminals.
    package var xterm256Index: Int {
        func level(_ v: UInt8) -> Int {
            let steps = [0, 95, 135, 175, 215, 255]
            return steps.indices.min { abs(steps[$0] - Int(v)) < abs(steps[$1] - Int(v)) }!
        }
        return 16 + 36 * level(red) + 6 * level(green) + level(blue)
    }

    /// One colour per voice (track/channel), in order: Tableau 10 (Tableau Software's default
    /// categorical palette since 2016), then the light partners of Tableau 20 for voices 11-20.
    package static let palette: [RollColour] = [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
        0xA0CBE8, 0xFFBE7D, 0xFF9D9A, 0x86BCB6, 0x8CD17D, 0xF1CE63, 0xD4A6C8, 0xFABFD2, 0xD7B5A6, 0x79706E,
    ].map { RollColour(hex: $0) }

    /// The palette colour of voice `index` (cycling after 20 voices).
    package static func voice(_ index: Int) -> RollColour { palette[index % palette.count] }

    /// The picture background and the keyboard's white keys.
    package static let white = RollColour(hex: 0xFFFFFF)
    /// Background of the rows of black keys (C#, D#, F#, G#, A#).
    package static let blackKeyRow = RollColour(hex: 0xEEF0F3)
    /// Background of alternate drum lanes.
    package static let drumLaneRow = RollColour(hex: 0xF4F1EA)
    /// Numbered bar lines, keyboard outlines and panel frames.
    package static let barLine = RollColour(hex: 0x8A9099)
    /// Bar lines without a bar number, when bars are too narrow to number each one.
    package static let minorBarLine = RollColour(hex: 0xBCC2C9)
    /// Beat lines, lane separators and plot grid lines.
    package static let beatLine = RollColour(hex: 0xD5D9DE)
    /// Labels and axes (also the keyboard's black keys).
    package static let text = RollColour(hex: 0x30343A)
    /// Tempo-change markers.
    package static let tempoMarker = RollColour(hex: 0xC0392B)
    /// Time- and key-signature markers.
    package static let signatureMarker = RollColour(hex: 0x2C6DB3)
}
