import Composer
import ModelKit
import Representations
import Foundation
import Music
import SMF

/// AI duet: the notes you play are a phrase; after a pause the melody model continues it and the
/// answer is played on another channel and instrument. Any key you press stops the answer.
///
/// Times are monotonic seconds. The phrase is quantized to 16th-note steps at the piano's tempo
/// from its first onset (which counts as a downbeat); only its last `maxPhraseBars` bars are kept.
/// The answer (`MelodyModel.continuation`, in the phrase's key, in-key notes only, `bars` bars)
/// is played from the moment it is ready, its leading silence dropped, at the piano's tempo.
final class DuetMode {
    var model: MelodyModel
    var bars = 2
    /// Seconds of silence (no key held) before the model answers.
    var pause = 0.8
    /// The answer's channel (0-15) and GM program (Vibraphone, 11, by default).
    var channel: UInt8
    var program: Int = 11
    var velocity: UInt8 = 85
    /// Bars of the phrase kept as primer.
    static let maxPhraseBars = 4

    typealias PlayedNote = Piano.PlayedNote
    /// The notes played since the last answer was asked for.
    private(set) var phrase: [PlayedNote] = []
    /// Time of the last note-on or note-off played.
    private(set) var lastActivity = 0.0
    /// The id of the generation whose answer is awaited (answers with another id are stale).
    private(set) var generation = 0
    private(set) var generating = false
    /// When the pause was detected for the awaited or playing answer.
    private(set) var detectedAt: Double?
    /// The answer's timed messages, in time order.
    private(set) var pending: [(time: Double, message: ChannelMessage)] = []
    /// Answer notes sounding.
    private(set) var sounding: Set<UInt8> = []
    /// Pause detected -> first answer note-on sent (seconds), and pause -> answer ready.
    private(set) var latencies: [Double] = []
    private(set) var generationTimes: [Double] = []
    private var firstNoteSent = true
    let mailbox = Mailbox<Continuation>()
    var seed: UInt64 = 1
    /// The last answer's summary, for the screen.
    private(set) var lastAnswer = ""

    init(model: MelodyModel, channel: UInt8) {
        self.model = model
        self.channel = channel
    }

    /// A note played by the user (keys, genie or MIDI input): a note-on cancels the answer.
    /// Returns the messages that silence the answer, if any.
    func played(_ message: ChannelMessage, now: Double) -> [ChannelMessage] {
        switch message {
        case .noteOn(_, let p, let v) where v > 0:
            let silence = cancel()
            phrase.append(PlayedNote(pitch: p, on: now, off: nil))
            lastActivity = now
            return silence
        case .noteOn(_, let p, _), .noteOff(_, let p, _):
            if let i = phrase.lastIndex(where: { $0.pitch == p && $0.off == nil }) { phrase[i].off = now }
            lastActivity = now
            return []
        default:
            return []
        }
    }

    /// Stops a pending or playing answer: note-offs for its sounding notes.
    func cancel() -> [ChannelMessage] {
        if generating { generation += 1; generating = false }
        pending.removeAll()
        let offs = sounding.sorted().map { ChannelMessage.noteOff(channel: channel, note: $0, velocity: 0) }
        sounding.removeAll()
        detectedAt = nil
        return offs
    }

    /// When the pause will have lasted long enough (nil: nothing to answer, a key is held, or an
    /// answer is on its way or playing).
    var pauseDeadline: Double? {
        guard !phrase.isEmpty, !generating, pending.isEmpty, phrase.allSatisfy({ $0.off != nil }) else { return nil }
        return lastActivity + pause
    }

    /// The phrase as a primer: quantized to 16th-note steps at `bpm` from its first onset, top
    /// line (`Primer.notes(from:)`), at most the last `maxPhraseBars` bars.
    static func primer(of notes: [PlayedNote], bpm: Double) -> [PrimerNote] {
        guard let lastOn = notes.map(\.on).max() else { return [] }
        let barSeconds = 240 / bpm
        let kept = notes.filter { $0.on >= lastOn - Double(maxPhraseBars) * barSeconds + 1e-9 }
        guard !kept.isEmpty else { return [] }
        return Primer.notes(from: kept.score(bpm: bpm))
    }

    /// Checks the pause at `now`; when it has lasted long enough, starts composing the answer in
    /// the background (the phrase is consumed) and returns true.
    func checkPause(now: Double, bpm: Double) -> Bool {
        guard let deadline = pauseDeadline, now >= deadline else { return false }
        let primer = DuetMode.primer(of: phrase, bpm: bpm)
        phrase.removeAll()
        guard !primer.isEmpty else { return false }
        generation += 1
        generating = true
        detectedAt = now
        firstNoteSent = false
        let id = generation, model = self.model, bars = self.bars, mailbox = self.mailbox, seed = self.seed
        self.seed &+= 1
        let tempo = min(max(bpm, 4), 1000)
        Thread.detachNewThread {
            let result = Result { try model.continuation(of: primer, bars: bars, tempo: tempo, seed: seed) }
            mailbox.post(Mailbox<Continuation>.Delivery(id: id, result: result, ready: monotonicNow()))
        }
        return true
    }

    /// Takes a finished answer (if it is the awaited one) and schedules it from `now`. Returns a
    /// message for the screen when an answer arrived.
    func collect(now: Double, bpm: Double) -> String? {
        guard let d = mailbox.take(), d.id == generation, generating else { return nil }
        generating = false
        switch d.result {
        case .failure(let error):
            detectedAt = nil
            return "Duet: no answer (\(error))"
        case .success(let c):
            if let detected = detectedAt { generationTimes.append(d.ready - detected) }
            let stepSeconds = 15 / bpm
            let origin = c.answer.notes.first?.start ?? 0
            var events: [(time: Double, message: ChannelMessage)] = []
            for n in c.answer.notes {
                let on = now + Double(n.start - origin) * stepSeconds
                let off = now + Double(n.end - origin) * stepSeconds - 0.01
                events.append((on, .noteOn(channel: channel, note: UInt8(n.pitch), velocity: velocity)))
                events.append((max(off, on + 0.01), .noteOff(channel: channel, note: UInt8(n.pitch), velocity: 0)))
            }
            // Note-offs before note-ons at the same moment.
            pending = events.sorted { a, b in
                if a.time != b.time { return a.time < b.time }
                if case .noteOff = a.message { return true }
                return false
            }
            lastAnswer = "\(c.answer.notes.count) notes in \(c.key), \(bars) bars"
            return "Duet: answering with \(lastAnswer) (\(model.kind))"
        }
    }

    /// The answer's messages due at `now`, in order; keeps `sounding` and the latency.
    func due(now: Double) -> [ChannelMessage] {
        var out: [ChannelMessage] = []
        while let first = pending.first, first.time <= now {
            pending.removeFirst()
            switch first.message {
            case .noteOn(_, let p, _):
                sounding.insert(p)
                if !firstNoteSent, let detected = detectedAt {
                    latencies.append(monotonicNow() - detected)
                    firstNoteSent = true
                }
            case .noteOff(_, let p, _): sounding.remove(p)
            default: break
            }
            out.append(first.message)
        }
        if pending.isEmpty && !generating { detectedAt = nil }
        return out
    }

    /// The next moment something is due: the pause deadline or the next answer message.
    var nextDeadline: Double? { [pauseDeadline, pending.first?.time].compactMap { $0 }.min() }

    /// "Duet ON: rnn, 2 bars after 0.8 s, Vibraphone ch 2 | pause->answer 3.1 ms, median 2.9, max 4.0 (4)".
    var summary: String {
        var s = "Duet ON: \(model.kind), \(bars) bars after \(pause.formatted()) s, \(GeneralMIDI.programNames[program]) ch \(channel + 1)"
        if !latencies.isEmpty {
            let sorted = latencies.sorted()
            s += String(format: " | pause->answer %.1f ms, median %.1f, max %.1f (%d)", latencies.last! * 1000, sorted[sorted.count / 2] * 1000,
                        sorted.last! * 1000, sorted.count)
        }
        if generating { s += " | thinking..." } else if !pending.isEmpty { s += " | answering" }
        return s
    }
}
