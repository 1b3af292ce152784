import ModelKit
import Representations

/// What a loops model encodes: melody loops (`MelodyLoop`, 39 key-relative step events, one-hot)
/// or drum loops (`DrumLoop`, 512 step sets of the 9 drum classes, fed as their 9 bits).
public enum LoopKind: String, Hashable, Sendable, Codable, CaseIterable {
    case melody, drums

    /// Classes per step.
    public var classes: Int { self == .melody ? StepEvent.classCount : DrumHits.vocabularySize }

    /// How a step's class is fed to the model.
    public var features: ClassFeatures { self == .melody ? .oneHot : .bits }

    /// The class of a silent step (no event / no hit): 0 for both kinds.
    public var silentClass: Int32 { 0 }
}
