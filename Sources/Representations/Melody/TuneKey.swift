import ModelKit
import Music

/// How the key of a training tune is decided (the reference for its pitch offsets and the mode
/// whose statistics it trains).
///
/// The rule:
/// - With a key-signature meta event (the first one in the file): the signature names two keys,
///   its major key and that key's relative minor (same sharps/flats). Of those two, the one whose
///   Krumhansl-Kessler profile correlates better with the tune's duration-weighted pitch-class
///   histogram (`Key.correlation(with:)`, Krumhansl-Schmuckler) is used; a tie keeps the key the
///   meta names. This repairs the Nottingham files, whose metas always say major (an E minor tune
///   is written "G major"), without trusting the key finder to change the signature itself.
/// - Without a key-signature meta: the Krumhansl-Schmuckler estimate over all 24 keys
///   (`Key.estimate`).
///
/// Modal tunes (Dorian, Mixolydian) get whichever of the two signature keys fits better, so
/// their tonic can be off; the corpus report counts how often the chosen tonic is the last note.
package enum TuneKey {
    /// The key of a tune with the given notes and optional key signature, by the rule above.
    package static func decide(notes: [Note], signature: KeySignature?) -> Key {
        guard let signature else { return Key.estimate(notes).key }
        let named = signature.key
        let relative = named.mode == .major
            ? Key(tonic: named.tonic + 9, mode: .minor)
            : Key(tonic: named.tonic + 3, mode: .major)
        return relative.correlation(with: notes) > named.correlation(with: notes) ? relative : named
    }
}
