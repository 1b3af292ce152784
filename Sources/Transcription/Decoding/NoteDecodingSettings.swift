/// How `NoteDecoder` turns the model's activations into notes and pedal events: the rule of Onsets
/// and Frames (Hawthorne et al. 2018, magenta's `pianoroll_to_note_sequence`), with an onset taken
/// at the local peak of its probability.
///
/// - A note of key k starts at frame i when the onset probability is at least `onsetThreshold` and
///   is the first local peak of that run above the threshold (`onset[i] >= onset[i-1]` and
///   `onset[i] > onset[i+1]`). Its velocity is the velocity head at frame i, times 127, rounded,
///   1...127.
/// - With `frameStartsNotes`, a note also starts where the frame probability rises to
///   `frameThreshold` (it was below in the frame before) without an onset peak: for a model whose
///   onset head is less sure than its frame head. Its velocity is read at that frame too.
/// - It continues while the key is active: `frame >= frameThreshold` or `onset >= onsetThreshold`,
///   and not `offset >= offsetThreshold` where `frame <= offsetFrameLimit` (the offset head ends
///   it, unless the frame head is still sure the key sounds); a new onset peak of the same key
///   of at least `restrikeThreshold` (and `onsetThreshold`) ends it and starts another; a lower
///   peak leaves it sounding.
/// - A new note (not a restrike) is not started at key k when a note started within the last
///   `harmonicFrames` frames at a key `harmonicIntervals` semitones below (an octave, an octave and
///   a fifth, two octaves: the 2nd, 3rd and 4th harmonics of that key) with an onset peak more than
///   1 / `harmonicRatio` times as high: the peak is taken for that note's overtone. 0 turns it off.
/// - It ends at the first frame where the key is not active (or at the end of the audio); notes
///   shorter than `minimumNoteMilliseconds` are left out.
/// - Sustain pedal (when the model has a pedal head): down from the frame where the pedal
///   probability reaches `pedalThreshold`, up at the frame where it falls below it.
///
/// The defaults (onset 0.2, frame 0.2, 80 ms) were chosen for the shipped model (epoch 6) on
/// `Scripts/transcription_tuning_set.py`'s pieces (neither held out nor trained on) rendered
/// through sf_GMbank (Debian's csound-soundfont), a piano the model never heard, never on the
/// held-out set: docs/transcription.md has the grid. (0.3 and 0.3 had been chosen on the same
/// pieces through MuseScore General, a training SoundFont.)
///
/// Frame i is at `i / framesPerSecond` seconds (100 frames per second with the default log-mel
/// settings), so onsets and offsets fall on a 10 ms grid.
package struct NoteDecodingSettings: Sendable, Hashable, Codable {
    /// The allowed range of every threshold: above 0, at most 1.
    package static let thresholdRange: ClosedRange<Double> = 0.01...1
    /// The allowed range of `minimumNoteMilliseconds`.
    package static let minimumNoteRange: ClosedRange<Double> = 0...10_000

    /// Onset probability that starts a note (default 0.2; Onsets and Frames uses 0.5).
    package var onsetThreshold: Double = 0.2
    /// Onset probability of a peak that strikes a key again while its note still sounds, ending
    /// that note and starting another (default 0.6; a peak must also reach `onsetThreshold`). Above
    /// the onset threshold, it keeps a held note whole where other keys' attacks make its onset
    /// probability stir (half the false notes of the shipped model on a piano it never heard).
    package var restrikeThreshold: Double = 0.6
    /// The harmonic rule's ratio (default 0.5; 0 turns the rule off, 0...1): a new note's onset peak
    /// below this fraction of the peak that started a note `harmonicIntervals` semitones lower, at
    /// most `harmonicFrames` frames before (or in the same frame), starts no note. Chosen on three
    /// sets neither trained on nor held out (docs/transcription.md, session 12).
    package var harmonicRatio: Double = 0.5
    /// The intervals below a key, in semitones, whose notes' overtones the harmonic rule looks for:
    /// 12, 19, 24 (harmonics 2, 3 and 4).
    package static let harmonicIntervals = [12, 19, 24]
    /// How many frames after the lower note's onset the harmonic rule still applies (2: 20 ms at
    /// 100 frames per second).
    package static let harmonicFrames = 2
    /// Frame probability that keeps a note sounding (default 0.2; Onsets and Frames uses 0.5).
    package var frameThreshold: Double = 0.2
    /// Offset probability that ends a note (default 0.5), where the frame probability is at most
    /// `offsetFrameLimit`.
    package var offsetThreshold: Double = 0.5
    /// The highest frame probability at which the offset head may end a note (default 0.9; 1: the
    /// offset head ends a note whatever the frame head says, the rule before session 13). Above it
    /// the frame head is sure the key still sounds, and an offset peak there is most often the
    /// previous note's end at a restrike or a stir while other keys change: ended there, the note
    /// struck again lasted one frame and was dropped as too short, or a held note was cut and a
    /// later stir of its onset started a false one. Chosen on three sets neither trained on nor
    /// held out (docs/transcription.md, session 13). Below `frameThreshold` the offset head can
    /// never end a note the frame head holds (allowed: notes then end where the frame drops).
    package var offsetFrameLimit: Double = 0.9
    /// Shortest note kept, in milliseconds (default 80).
    package var minimumNoteMilliseconds: Double = 80
    /// Pedal probability that holds the sustain pedal down (default 0.5).
    package var pedalThreshold: Double = 0.5
    /// Whether the pedal head's output becomes pedal events (default true; false: none, whatever
    /// the model hears).
    package var pedal = true
    /// Whether a rise of the frame probability to `frameThreshold` starts a note without an onset
    /// peak (default false: only onsets start notes, as Onsets and Frames).
    package var frameStartsNotes = false

    package init() {}

    /// - Throws: `TranscriberError.settingOutOfRange` naming the first setting outside its range.
    package func validate() throws(TranscriberError) {
        for (name, value) in [("onset threshold", onsetThreshold), ("frame threshold", frameThreshold),
                              ("offset threshold", offsetThreshold), ("pedal threshold", pedalThreshold),
                              ("restrike threshold", restrikeThreshold), ("offset frame limit", offsetFrameLimit)]
            where !Self.thresholdRange.contains(value) {
            throw .settingOutOfRange(name: name, value: value, allowed: "0.01...1")
        }
        if !(0...1).contains(harmonicRatio) {
            throw .settingOutOfRange(name: "harmonic ratio", value: harmonicRatio, allowed: "0...1")
        }
        if !Self.minimumNoteRange.contains(minimumNoteMilliseconds) {
            throw .settingOutOfRange(name: "minimum note length", value: minimumNoteMilliseconds, allowed: "0...10000 ms")
        }
    }
}
