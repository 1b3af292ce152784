import ModelKit
import Music
/// The nine drum classes of the Groove MIDI Dataset paper (Gillick, Roberts, Engel, Eck & Bamman,
/// "Learning to Groove with Inverse Sequence Transformations", ICML 2019, table of drum mappings;
/// the same as `ROLAND_DRUM_PITCH_CLASSES` in Magenta's `music_vae/data.py`) and of Magenta's
/// `drum_kit` encoding (`DEFAULT_DRUM_TYPE_PITCHES` in `note_seq/drums_encoder_decoder.py`).
///
/// Raw values 0-8 are the bit positions in `DrumHits`.
public enum DrumClass: Int, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    case kick, snare, closedHiHat, openHiHat, lowTom, midTom, highTom, crash, ride

    /// The nine classes.
    public static let count = 9

    /// The General MIDI Level 1 percussion note written for this class on channel 10 (MMA, "General
    /// MIDI System Level 1", 1991, percussion key map): 36 Bass Drum 1, 38 Acoustic Snare,
    /// 42 Closed Hi-Hat, 46 Open Hi-Hat, 43 High Floor Tom, 47 Low-Mid Tom, 50 High Tom,
    /// 49 Crash Cymbal 1, 51 Ride Cymbal 1. Every one maps back to its own class under
    /// `DrumKit.drumClass(ofNote:)`, so a written groove reads back unchanged. (Magenta's
    /// simplified pitches use 45 and 48 for the low and mid tom; the GMD map reads those as mid
    /// and high tom, so they would not round-trip.)
    public var outputNote: UInt8 {
        switch self {
        case .kick: return 36
        case .snare: return 38
        case .closedHiHat: return 42
        case .openHiHat: return 46
        case .lowTom: return 43
        case .midTom: return 47
        case .highTom: return 50
        case .crash: return 49
        case .ride: return 51
        }
    }

    /// The name used in primer text and reports: kick, snare, hihat, open-hihat, low-tom, mid-tom,
    /// high-tom, crash, ride.
    public var name: String {
        switch self {
        case .kick: return "kick"
        case .snare: return "snare"
        case .closedHiHat: return "hihat"
        case .openHiHat: return "open-hihat"
        case .lowTom: return "low-tom"
        case .midTom: return "mid-tom"
        case .highTom: return "high-tom"
        case .crash: return "crash"
        case .ride: return "ride"
        }
    }

    /// Other names accepted in primer text (lower case).
    public var aliases: [String] {
        switch self {
        case .kick: return ["kick", "bd", "bass", "bass-drum"]
        case .snare: return ["snare", "sd", "sn"]
        case .closedHiHat: return ["hihat", "hh", "closed-hihat", "chh", "hi-hat"]
        case .openHiHat: return ["open-hihat", "oh", "ohh", "open-hi-hat", "open"]
        case .lowTom: return ["low-tom", "lt", "floor-tom"]
        case .midTom: return ["mid-tom", "mt", "tom"]
        case .highTom: return ["high-tom", "ht"]
        case .crash: return ["crash", "cc", "cr"]
        case .ride: return ["ride", "rd"]
        }
    }

    public var description: String { name }
}

/// The set of drum classes struck in one 16th-note step: 9 bits (bit `c.rawValue` for class `c`),
/// so 512 possible steps, id 0 (nothing struck) ... 511 (all nine).
public struct DrumHits: OptionSet, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int
    /// The step set with id `rawValue`; bits above the ninth are dropped (masked to 0...511).
    public init(rawValue: Int) { self.rawValue = rawValue & 0x1FF }
    /// The step set striking `classes` (duplicates allowed).
    public init(_ classes: [DrumClass]) { self.init(rawValue: classes.reduce(0) { $0 | 1 << $1.rawValue }) }

    public static let kick = DrumHits([DrumClass.kick])
    public static let snare = DrumHits([DrumClass.snare])
    public static let closedHiHat = DrumHits([DrumClass.closedHiHat])
    public static let openHiHat = DrumHits([DrumClass.openHiHat])
    public static let lowTom = DrumHits([DrumClass.lowTom])
    public static let midTom = DrumHits([DrumClass.midTom])
    public static let highTom = DrumHits([DrumClass.highTom])
    public static let crash = DrumHits([DrumClass.crash])
    public static let ride = DrumHits([DrumClass.ride])

    /// Number of distinct steps: 2^9.
    public static let vocabularySize = 512

    public func contains(_ c: DrumClass) -> Bool { rawValue & (1 << c.rawValue) != 0 }
    public mutating func insert(_ c: DrumClass) { rawValue |= 1 << c.rawValue }
    /// The classes struck, in class order.
    public var classes: [DrumClass] { DrumClass.allCases.filter(contains) }
    /// The number of classes struck, 0...9.
    public var count: Int { rawValue.nonzeroBitCount }

    /// Class names joined by "+", or "-" for an empty step.
    public var description: String { isEmpty ? "-" : classes.map(\.name).joined(separator: "+") }
}

/// Maps MIDI percussion notes (channel 10) to `DrumClass`.
public enum DrumKit {
    /// The Groove MIDI Dataset paper's mapping of the Roland TD-11 notes in the dataset (which
    /// include notes outside General MIDI: 22 closed hi-hat edge, 26 open hi-hat edge, 58 tom 3
    /// rim): kick 36; snare 38, 37, 40; closed hi-hat 42, 22, 44; open hi-hat 46, 26; low tom 43,
    /// 58; mid tom 47, 45; high tom 50, 48; crash 49, 52, 55, 57; ride 51, 53, 59. Every note in
    /// `../shared/corpus/drums` is one of these (checked on all 979 files).
    public static let grooveMIDIMap: [UInt8: DrumClass] = [
        36: .kick,
        38: .snare, 37: .snare, 40: .snare,
        42: .closedHiHat, 22: .closedHiHat, 44: .closedHiHat,
        46: .openHiHat, 26: .openHiHat,
        43: .lowTom, 58: .lowTom,
        47: .midTom, 45: .midTom,
        50: .highTom, 48: .highTom,
        49: .crash, 52: .crash, 55: .crash, 57: .crash,
        51: .ride, 53: .ride, 59: .ride,
    ]

    /// Magenta's `drum_kit` mapping of the other General MIDI Level 1/2 percussion notes
    /// (`DEFAULT_DRUM_TYPE_PITCHES`), used for notes the GMD map does not name (e.g. in a primer
    /// file from another source): kick 35; snare 27, 28, 31, 32, 33, 34, 39, 56, 65, 66, 75, 85;
    /// closed hi-hat 54, 68, 69, 70, 71, 73, 78, 80; open hi-hat 67, 72, 74, 79, 81; low tom 29, 41,
    /// 61, 64, 84; mid tom 60, 63, 77, 86, 87; high tom 30, 62, 76, 83; ride 82. Where the two
    /// disagree (45, 48, 58) the GMD map wins: those are the TD-11's own notes in the corpus.
    public static let magentaExtraMap: [UInt8: DrumClass] = {
        var m: [UInt8: DrumClass] = [35: .kick, 82: .ride]
        for n: UInt8 in [27, 28, 31, 32, 33, 34, 39, 56, 65, 66, 75, 85] { m[n] = .snare }
        for n: UInt8 in [54, 68, 69, 70, 71, 73, 78, 80] { m[n] = .closedHiHat }
        for n: UInt8 in [67, 72, 74, 79, 81] { m[n] = .openHiHat }
        for n: UInt8 in [29, 41, 61, 64, 84] { m[n] = .lowTom }
        for n: UInt8 in [60, 63, 77, 86, 87] { m[n] = .midTom }
        for n: UInt8 in [30, 62, 76, 83] { m[n] = .highTom }
        return m
    }()

    /// The class of a percussion note: the GMD map, then Magenta's extra GM notes; nil for a note
    /// neither names (e.g. 0-21, 88-127), which the drum models ignore.
    public static func drumClass(ofNote note: UInt8) -> DrumClass? {
        grooveMIDIMap[note] ?? magentaExtraMap[note]
    }

    /// The class named `text` (case-insensitive; a name, an alias such as `bd`, `hh`, or a MIDI
    /// note number 0-127 that `drumClass(ofNote:)` maps).
    public static func drumClass(named text: String) -> DrumClass? {
        let t = text.lowercased()
        if let n = UInt8(t) { return drumClass(ofNote: n) }
        return DrumClass.allCases.first { $0.aliases.contains(t) }
    }
}
