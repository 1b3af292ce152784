/// Names for the drum lanes of a piano roll: General MIDI Level 1 percussion key map (MIDI
/// Manufacturers Association, "General MIDI System Level 1", 1991, "GM Percussion Key Map",
/// channel 10, keys 35-81), each with the short lane label drummers use (kick, snare, closed hi-hat ...).
package enum DrumLaneNames {
    /// (GM Level 1 name, short lane label) for keys 35...81; index 0 is key 35.
    static let table: [(gm: String, lane: String)] = [
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
    package static func gmName(of key: UInt8) -> String? {
        (35...81).contains(key) ? table[Int(key) - 35].gm : nil
    }

    /// The short lane label of key `key` ("kick" for 36, "snare" for 38, "closed hi-hat" for 42);
    /// keys outside the GM map get "key N".
    package static func laneName(of key: UInt8) -> String {
        (35...81).contains(key) ? table[Int(key) - 35].lane : "key \(key)"
    }
}
