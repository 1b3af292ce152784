/// The tunable numbers of the four-part writing: the penalties the voicing search (`VoicingSearch`)
/// adds for bass leaps and drones, and the chances of the passing and neighbour tones
/// (`VoiceOrnaments`). `standard` is what `compose harmonize --style satb` uses; the values were
/// chosen on the training split of the chorales (docs/evaluation.md, Form, SATB), the held-out
/// chorales kept for the blind test.
package struct VoicingSettings: Hashable, Sendable, Codable {
    /// Added when the bass leaps more than 4 semitones between slots.
    package var bassLeapPenalty = 1.0
    /// A lower voice that has sung one pitch for `droneLimit` slots pays `dronePenalty` for each
    /// further slot on it (judged along the best path into each voicing).
    package var droneLimit = 2
    package var dronePenalty = 6.0
    /// Whether alto, tenor and bass hold the final chord as one note while the soprano holds its
    /// last note over 2 to `finalHoldSlots` slots (a closing fermata), rather than a chord per slot.
    package var holdFinalNote = true
    /// The longest final soprano note (in slots) that the lower voices hold with it.
    package static let finalHoldSlots = 4
    /// Chance of a passing tone where a voice moves a third.
    package var passingProbability = 0.7
    /// Chance of a neighbour tone where a voice keeps its pitch.
    package var neighbourProbability = 0.35

    package init() {}

    /// The settings of `compose harmonize --style satb`.
    package static let standard = VoicingSettings()

    /// The settings the search alone depends on (the ornaments' chances left at `standard`'s):
    /// two settings with the same `search` choose the same chord tones.
    package var search: VoicingSettings {
        var s = VoicingSettings.standard
        s.bassLeapPenalty = bassLeapPenalty
        s.droneLimit = droneLimit
        s.dronePenalty = dronePenalty
        s.holdFinalNote = holdFinalNote
        return s
    }
}
