import Music
import SMF

/// A MIDI file "played as piano", as the held-out references are made
/// (`Scripts/transcription_heldout.py`): every program change becomes 0 (Acoustic Grand Piano),
/// channel 10 (drums) is dropped, notes, timing, velocities and pedals are kept. Optionally the
/// tempo is scaled and the piano's sound changed (augmentation), and the notes to learn are taken
/// from the result.
package enum PianoPerformance {
    /// `file` as piano, each tempo's microseconds per quarter multiplied by `tempoFactor`
    /// (above 1: slower). The tempo map's default (120 bpm) counts as a tempo event at tick 0.
    /// With a `timbre`, program changes become its program, and right before the first note-on of
    /// each channel in each track (and again after a Reset All Controllers, CC 121, which clears
    /// generator offsets) its program change and generator NRPNs are inserted at the same tick.
    package static func piano(_ file: MIDIFile, tempoFactor: Double = 1, timbre: PianoTimbre? = nil) -> MIDIFile {
        var out = file
        let scale = { (us: UInt32) -> UInt32 in UInt32(min(max((Double(us) * tempoFactor).rounded(), 1), 0xFF_FFFF)) }
        var sawTempo = false
        for t in out.tracks.indices {
            var events: [TrackEvent] = []
            var carry: UInt32 = 0
            var timbreSet = Set<UInt8>()
            for e in out.tracks[t].events {
                switch e.event {
                case .channel(let m) where m.channel == 9:
                    carry &+= e.delta
                    continue
                case .channel(.programChange(let c, _)):
                    events.append(TrackEvent(delta: e.delta &+ carry, event: .channel(.programChange(channel: c, program: UInt8(timbre?.program ?? 0)))))
                case .channel(.noteOn(let c, _, let v)) where v > 0 && timbre != nil && !timbreSet.contains(c):
                    timbreSet.insert(c)
                    let setup = [ChannelMessage.programChange(channel: c, program: UInt8(timbre!.program))] + timbre!.nrpnMessages(channel: c)
                    events.append(TrackEvent(delta: e.delta &+ carry, event: .channel(setup[0])))
                    events += setup.dropFirst().map { TrackEvent(delta: 0, event: .channel($0)) }
                    events.append(TrackEvent(delta: 0, event: e.event))
                case .channel(.controlChange(let c, 121, _)):
                    timbreSet.remove(c)
                    events.append(TrackEvent(delta: e.delta &+ carry, event: e.event))
                case .meta(.tempo(let us)):
                    sawTempo = true
                    events.append(TrackEvent(delta: e.delta &+ carry, event: .meta(.tempo(microsecondsPerQuarter: scale(us)))))
                default:
                    events.append(TrackEvent(delta: e.delta &+ carry, event: e.event))
                }
                carry = 0
            }
            out.tracks[t].events = events
        }
        if !sawTempo && tempoFactor != 1 && !out.tracks.isEmpty {
            out.tracks[0].events.insert(TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: scale(500_000)))), at: 0)
        }
        return out
    }

    /// The notes of `file` (already played as piano) in frames at `framesPerSecond`, sorted by
    /// onset then pitch; notes of zero length are left out (mir_eval refuses them), as
    /// `ReferenceNotes` does. The sustain pedal is applied as Onsets and Frames applies it to its
    /// labels (Hawthorne et al. 2018; FluidSynth plays it so): a note released while its channel's
    /// pedal (controller 64 at 64 or more) is down sounds on until the pedal is lifted, or until
    /// the same key of that channel is struck again, whichever comes first.
    package static func labelNotes(_ file: MIDIFile, framesPerSecond: Double = 100) -> [PianoNote] {
        let score = Score(file: file)
        let map = score.tempoMap
        let pedals = score.sustainPedalSpans
        let notes = score.allNotes.filter { $0.channel != 9 }
        // The next start of each note's key on its channel, to cut a sustained note there.
        var nextStart = [Int?](repeating: nil, count: notes.count)
        var seen: [Int: Int] = [:]
        for i in notes.indices.reversed() {
            let key = Int(notes[i].channel) << 8 | Int(notes[i].pitch)
            nextStart[i] = seen[key].map { notes[$0].start }
            seen[key] = i
        }
        var out: [PianoNote] = []
        for (i, note) in notes.enumerated() {
            var end = note.end
            if let down = pedals[note.channel]?.first(where: { $0.lowerBound <= end && end < $0.upperBound }) {
                end = max(end, min(down.upperBound, nextStart[i] ?? Int.max))
            }
            let on = map.seconds(atTick: note.start), off = map.seconds(atTick: end)
            guard off > on else { continue }
            out.append(PianoNote(pitch: Int(note.pitch), onset: on, offset: off, velocity: Int(note.velocity), framesPerSecond: framesPerSecond))
        }
        return out.sorted { ($0.onsetFrame, $0.pitch) < ($1.onsetFrame, $1.pitch) }
    }

    /// Where the sustain pedal of `file` (already played as piano) is down, in frames at
    /// `framesPerSecond` (`Score.sustainPedalSeconds`: the union over its channels, 10 excepted),
    /// each stretch from frame floor(down x fps + 0.5) up to floor(up x fps + 0.5) (stretches
    /// shorter than a frame left out).
    package static func pedalIntervals(_ file: MIDIFile, framesPerSecond: Double = 100) -> [PedalInterval] {
        let frame = { (t: Double) in Int((t * framesPerSecond + 0.5).rounded(.down)) }
        return Score(file: file).sustainPedalSeconds.map { PedalInterval(onFrame: frame($0.lowerBound), offFrame: frame($0.upperBound)) }
            .filter { $0.offFrame > $0.onFrame }
    }
}
