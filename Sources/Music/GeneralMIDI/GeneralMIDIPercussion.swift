/// General MIDI Level 1 percussion (MIDI Manufacturers Association, "General MIDI System Level 1",
/// 1991, "GM Percussion Key Map"): on channel 10, note numbers 35-81 name drums and other
/// percussion, not pitches. Each key has its GM name and the short label drummers use (kick,
/// snare, closed hi-hat ...), which piano-roll drum lanes show.
extension GeneralMIDI {
    /// The percussion channel: 9 counted from 0 (channel 10 counted from 1). Its notes are drums:
    /// they are not transposed, and never taken for a melody.
    public static let percussionChannel: UInt8 = 9

    /// The keys of the GM Level 1 percussion map: 35 (Acoustic Bass Drum) ... 81 (Open Triangle).
    public static let percussionKeys: ClosedRange<UInt8> = 35...81

    /// (GM Level 1 name, short label) for keys 35...81; index 0 is key 35.
    static let percussionTable: [(name: String, label: String)] = [
        ("Acoustic Bass Drum", "acoustic kick"), ("Bass Drum 1", "kick"), ("Side Stick", "side stick"),
        ("Acoustic Snare", "snare"), ("Hand Clap", "clap"), ("Electric Snare", "electric snare"),
        ("Low Floor Tom", "low floor tom"), ("Closed Hi-Hat", "closed hi-hat"), ("High Floor Tom", "high floor tom"),
        ("Pedal Hi-Hat", "pedal hi-hat"), ("Low Tom", "low tom"), ("Open Hi-Hat", "open hi-hat"),
        ("Low-Mid Tom", "low-mid tom"), ("Hi-Mid Tom", "hi-mid tom"), ("Crash Cymbal 1", "crash"),
        ("High Tom", "high tom"), ("Ride Cymbal 1", "ride"), ("Chinese Cymbal", "china"),
        ("Ride Bell", "ride bell"), ("Tambourine", "tambourine"), ("Splash Cymbal", "splash"),
        ("Cowbell", "cowbell"), ("Crash Cymbal 2", "crash 2"), ("Vibraslap", "vibraslap"),
        ("Ride Cymbal 2", "ride 2"), ("Hi Bongo", "hi bongo"), ("Low Bongo", "low bongo"),
        ("Mute Hi Conga", "mute hi conga"), ("Open Hi Conga", "open hi conga"), ("Low Conga", "low conga"),
        ("High Timbale", "high timbale"), ("Low Timbale", "low timbale"), ("High Agogo", "high agogo"),
        ("Low Agogo", "low agogo"), ("Cabasa", "cabasa"), ("Maracas", "maracas"),
        ("Short Whistle", "short whistle"), ("Long Whistle", "long whistle"), ("Short Guiro", "short guiro"),
        ("Long Guiro", "long guiro"), ("Claves", "claves"), ("Hi Wood Block", "hi wood block"),
        ("Low Wood Block", "low wood block"), ("Mute Cuica", "mute cuica"), ("Open Cuica", "open cuica"),
        ("Mute Triangle", "mute triangle"), ("Open Triangle", "open triangle"),
    ]

    /// The GM Level 1 name of percussion key `key` ("Acoustic Snare" for 38), nil outside 35...81.
    public static func percussionName(of key: UInt8) -> String? {
        percussionKeys.contains(key) ? percussionTable[Int(key) - 35].name : nil
    }

    /// The short label of percussion key `key` ("kick" for 36, "snare" for 38, "closed hi-hat" for
    /// 42); keys outside the GM map get "key N".
    public static func percussionLabel(of key: UInt8) -> String {
        percussionKeys.contains(key) ? percussionTable[Int(key) - 35].label : "key \(key)"
    }
}
