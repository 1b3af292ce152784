import CSampleRate

/// libsamplerate's converters (Erik de Castro Lopo, "Secret Rabbit Code"; `src_new`'s converter type).
public enum ResamplerQuality: String, Sendable, Hashable, Codable, CaseIterable {
    /// Band-limited sinc, 97 dB SNR, 97% bandwidth (`SRC_SINC_BEST_QUALITY`).
    case sincBest
    /// Band-limited sinc, 97 dB SNR, 90% bandwidth (`SRC_SINC_MEDIUM_QUALITY`); the default.
    case sincMedium
    /// Band-limited sinc, 97 dB SNR, 80% bandwidth (`SRC_SINC_FASTEST`).
    case sincFastest
    /// Linear interpolation, not band-limited (`SRC_LINEAR`).
    case linear

    var converter: Int32 {
        switch self {
        case .sincBest: return Int32(SRC_SINC_BEST_QUALITY)
        case .sincMedium: return Int32(SRC_SINC_MEDIUM_QUALITY)
        case .sincFastest: return Int32(SRC_SINC_FASTEST)
        case .linear: return Int32(SRC_LINEAR)
        }
    }
}
