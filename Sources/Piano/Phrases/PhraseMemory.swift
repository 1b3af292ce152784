import SMF

/// The player's last phrases, for the loops grid's corners: the notes played on the player's
/// channel, cut into phrases by silences (no note sounding) of at least `pause` seconds. Only
/// phrases of at least `minimumNotes` notes are kept, the newest `capacity` of them.
struct PhraseMemory: Sendable {
    /// A finished phrase: its notes, the 0-based channel they were played on, and the tempo the
    /// piano was set to when it ended (its notes are read on that tempo's 16th grid).
    struct Phrase: Sendable, Hashable {
        var notes: [PlayedNote]
        var channel: UInt8
        var bpm: Double
    }

    var pause = 0.8
    var capacity = 4
    var minimumNotes = 2
    /// Finished phrases, oldest first (at most `capacity`).
    private(set) var phrases: [Phrase] = []
    /// How many phrases have ever been finished (numbers the phrases for messages: phrase 1, 2, ...).
    private(set) var finishedCount = 0
    /// The phrase being played.
    private(set) var current: [PlayedNote] = []
    private var currentChannel: UInt8 = 0
    private var lastActivity = 0.0

    /// A message the player played at `now` (seconds) while the piano was at `bpm`.
    mutating func played(_ message: ChannelMessage, now: Double, bpm: Double) {
        switch message {
        case .noteOn(let c, let p, let v) where v > 0:
            finishIfPaused(now: now, bpm: bpm)
            if c != currentChannel { finish(bpm: bpm) }
            currentChannel = c
            current.append(PlayedNote(pitch: p, on: now, off: nil))
            lastActivity = now
        case .noteOn(_, let p, _), .noteOff(_, let p, _):
            if let i = current.lastIndex(where: { $0.pitch == p && $0.off == nil }) {
                current[i].off = now
                lastActivity = now
            }
        default:
            break
        }
    }

    /// Ends the phrase being played when nothing sounds and the silence has lasted `pause`.
    mutating func finishIfPaused(now: Double, bpm: Double) {
        guard !current.isEmpty, current.allSatisfy({ $0.off != nil }), now - lastActivity >= pause else { return }
        finish(bpm: bpm)
    }

    private mutating func finish(bpm: Double) {
        defer { current.removeAll() }
        guard current.count >= minimumNotes else { return }
        phrases.append(Phrase(notes: current, channel: currentChannel, bpm: bpm))
        finishedCount += 1
        if phrases.count > capacity { phrases.removeFirst(phrases.count - capacity) }
    }
}
