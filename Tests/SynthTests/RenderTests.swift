import TestSupport
import Foundation
import SMF
import Synth
import Testing

/// Renders checked by measurement: pitch by spectrum, timing by envelope, frame counts exactly.
@Suite("Renderer", .serialized, .enabled(if: Support.soundFont != nil, "needs a SoundFont (apt-get install timgm6mb-soundfont)"))
struct RenderTests {
    static let renderer: Renderer? = Support.soundFont.flatMap { try? Renderer(configuration: .init(soundFontPath: $0)) }

    func renderer() throws -> Renderer { try #require(Self.renderer) }

    @Test("middle C sounds at 261.6 Hz")
    func pitch() throws {
        let audio = try renderer().render(Support.oneNote())
        #expect(audio.sampleRate == 44100)
        let excerpt = Array(audio.mono[audio.frame(atSeconds: 0.05)..<audio.frame(atSeconds: 0.45)])
        let f0 = Support.fundamental(excerpt, sampleRate: audio.sampleRate)
        #expect(abs(f0 - 261.63) < 1, "measured \(f0) Hz")
    }

    @Test("pitch is right at 48 kHz too")
    func pitchAt48k() throws {
        let sf = try #require(Support.soundFont)
        let audio = try render(Support.oneNote(), configuration: .init(soundFontPath: sf, sampleRate: 48000))
        #expect(audio.sampleRate == 48000)
        let excerpt = Array(audio.mono[audio.frame(atSeconds: 0.05)..<audio.frame(atSeconds: 0.45)])
        let f0 = Support.fundamental(excerpt, sampleRate: 48000)
        #expect(abs(f0 - 261.63) < 1, "measured \(f0) Hz")
    }

    @Test("the note sounds from 0 s and decays from the note-off at 0.5 s")
    func envelope() throws {
        let audio = try renderer().render(Support.oneNote())
        func rms(_ t0: Double, _ t1: Double) -> Double {
            Support.rmsDB(audio, frames: audio.frame(atSeconds: t0)..<audio.frame(atSeconds: t1))
        }
        // Onset: the note-on is sent at block 0; FluidSynth's voice is set up during block 0 and
        // sounds from block 1 (the CLI behaves the same).
        let onset = try #require(Support.onsetFrame(audio, threshold: 1e-4))
        #expect(onset >= 64 && onset < 192, "onset frame \(onset)")
        // Held: the last 50 ms before the note-off are within 10 dB of the first 100 ms.
        let attack = rms(0.02, 0.12), held = rms(0.44, 0.49)
        #expect(held > attack - 10, "attack \(attack) dB, before note-off \(held) dB")
        // Released at 0.5 s (block 345, frame 22080): the decay rate jumps. Natural piano decay
        // over 0.45-0.50 s is under 1 dB per 50 ms; after the note-off it is > 3 dB per 50 ms,
        // and 0.3 s later the level is more than 20 dB down.
        let natural = rms(0.40, 0.45) - rms(0.45, 0.50)
        let released = rms(0.51, 0.56) - rms(0.56, 0.61)
        #expect(natural < 1.5 && released > 3, "decay \(natural) dB then \(released) dB per 50 ms")
        #expect(rms(0.80, 0.85) < held - 20)
        // Audible span (10 ms windows above -40 dB re the loudest window) ends 0.5...1.0 s.
        let window = 441
        let levels = stride(from: 0, to: audio.frameCount - window, by: window).map {
            Support.rmsDB(audio, frames: $0..<($0 + window))
        }
        let loudest = levels.max() ?? 0
        let lastAudible = try #require(levels.lastIndex { $0 > loudest - 40 })
        let end = Double((lastAudible + 1) * window) / audio.sampleRate
        #expect(end > 0.5 && end < 1.0, "audible until \(end) s")
    }

    @Test("frame counts: whole 64-frame blocks; the cap and the silence window are exact")
    func frameCounts() throws {
        let r = try renderer()
        let file = Support.oneNote()
        let schedule = try PlayerSchedule(file: file, sampleRate: 44100)
        #expect(schedule.lastEventBlock == 345)

        // Cap 0: the render stops at the block of the last event, which is the last one kept.
        let capped = try r.render(file, options: RenderOptions(maximumTailSeconds: 0))
        #expect(capped.frameCount == 346 * 64)

        // Window 0: stops at the first block after the last event whose peak is under -90 dBFS, v.
        let noWindow = try r.render(file, options: RenderOptions(silenceWindowMilliseconds: 0))
        #expect(noWindow.frameCount % 64 == 0)
        let v = noWindow.frameCount / 64 - 1
        #expect(v > 345, "the release sounds after the note-off")
        let threshold = Float(pow(10, -90.0 / 20))
        #expect(noWindow.samples.suffix(128).allSatisfy { abs($0) < threshold })
        #expect(noWindow.samples.dropLast(128).suffix(128).contains { abs($0) >= threshold })
        // Default window 100 ms = 4410 frames = 69 blocks (68 more after v at least: the reverb
        // may rise over the threshold again, which restarts the window), and the same samples.
        let full = try r.render(file)
        #expect(full.frameCount >= noWindow.frameCount + 68 * 64)
        #expect(Array(full.samples[0..<noWindow.samples.count]) == noWindow.samples)
        #expect(full.samples.suffix(2 * 69 * 64).allSatisfy { abs($0) < threshold })
    }

    /// Renders with the streaming API, collecting the samples too.
    func renderCollecting(_ file: MIDIFile, with r: Renderer, options: RenderOptions = RenderOptions()) throws -> (RenderedAudio, RenderSummary) {
        var samples: [Float] = []
        let summary = try r.render(file, options: options) { samples.append(contentsOf: $0) }
        #expect(samples.count == summary.sampleCount)
        return (RenderedAudio(samples: samples, sampleRate: summary.sampleRate), summary)
    }

    /// One note of `program`, note-off at 0.5 s.
    func shortNote(program: UInt8) -> MIDIFile {
        MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480), tracks: [Track(events: [
            Support.tempo(0, bpm: 120), Support.program(0, 0, program), Support.on(0, 0, 72), Support.off(480, 0, 72), Support.end(),
        ])])
    }

    @Test("the tail ends 100 ms after the sound falls under -90 dBFS: a short note and a long-release preset",
          arguments: [(UInt8(0), "piano"), (UInt8(14), "tubular bells")])
    func tailEndsAtSilence(program: UInt8, name: String) throws {
        let (audio, summary) = try renderCollecting(shortNote(program: program), with: renderer())
        #expect(summary.ending == .silence)
        #expect(summary.unendedNotes.isEmpty)
        let threshold = Float(pow(10, -90.0 / 20))
        let window = 69 * 64 * 2          // 100 ms at 44.1 kHz in whole blocks, both channels
        // The last 100 ms are all under -90 dBFS; the block before them is not: no longer than needed.
        #expect(audio.samples.suffix(window).allSatisfy { abs($0) < threshold }, "\(name)")
        let before = audio.samples.dropLast(window).suffix(128)
        #expect(before.contains { abs($0) >= threshold }, "\(name): the render went on after 100 ms of silence")
        // Not a fixed block of zeros: the file ends less than 0.2 s after its last sample over -90 dBFS.
        let lastLoud = try #require(audio.samples.lastIndex { abs($0) >= threshold }) / 2
        let after = Double(audio.frameCount - lastLoud) / audio.sampleRate
        #expect(after > 0.09 && after < 0.2, "\(name): \(after) s after the last sound")
        // The release rings past the note-off at 0.5 s and ends long before the 10 s cap.
        let release = audio.durationSeconds - 0.5
        print("tail of \(name): \(audio.durationSeconds) s in all, \(release) s after the note-off")
        #expect(release > (program == 0 ? 0.2 : 1.5) && release < 9, "\(name): \(release) s after the note-off")
    }

    @Test("a note never ended is released at the end of its track, then the tail (not cut at the cap)")
    func unendedNoteIsReleasedAtTrackEnd() throws {
        let r = try renderer()
        func organ(noteOff: Bool) -> MIDIFile {
            MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480), tracks: [Track(events: [
                Support.tempo(0, bpm: 120), Support.program(0, 0, 19), Support.on(0, 0, 60),   // church organ
            ] + (noteOff ? [Support.off(480, 0, 60), Support.end()] : [Support.end(480)]))])
        }
        let (open, summary) = try renderCollecting(organ(noteOff: false), with: r)
        #expect(summary.unendedNotes == [UnendedNote(track: 0, channel: 0, note: 60, onTick: 0, releaseTick: 480)])
        #expect(summary.ending == .silence)
        // The same samples as the file with a note-off at its End of Track.
        let (closed, closedSummary) = try renderCollecting(organ(noteOff: true), with: r)
        #expect(closedSummary.unendedNotes.isEmpty)
        #expect(open.samples == closed.samples)
        // Released: the level falls by more than 40 dB within 0.5 s of the end of the track, and the
        // render ends well before the 10 s cap (it used to run to 10.5 s and stop at -21 dBFS).
        func rms(_ t0: Double, _ t1: Double) -> Double {
            Support.rmsDB(open, frames: open.frame(atSeconds: t0)..<open.frame(atSeconds: t1))
        }
        #expect(rms(0.40, 0.48) > -50)
        #expect(rms(0.90, 1.00) < rms(0.40, 0.48) - 40, "\(rms(0.40, 0.48)) dB then \(rms(0.90, 1.00)) dB")
        #expect(open.durationSeconds < 3, "\(open.durationSeconds) s")
    }

    @Test("the cap ends a tail still sounding, and says so")
    func capEndsASoundingTail() throws {
        let (audio, summary) = try renderCollecting(Support.oneNote(), with: renderer(), options: RenderOptions(maximumTailSeconds: 0.1))
        // Last event block 345 (msec 500); cap at msec >= 600: block 414 (600.8 ms), the last kept.
        #expect(PlayerSchedule.milliseconds(atBlock: 413, sampleRate: 44100) == 599)
        #expect(audio.frameCount == 415 * 64)
        guard case .tailCap(let level) = summary.ending else { Issue.record("ended by \(summary.ending)"); return }
        #expect(level > -90)
    }

    @Test("an SMPTE-division file renders with tempo-independent timing")
    func smpte() throws {
        // 25 fps, 40 ticks per frame: tick 1000 = 1.000 s. FluidSynth's own player refuses this file.
        let file = MIDIFile(format: .singleTrack, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [Track(events: [
            Support.tempo(0, bpm: 200),                     // ignored in SMPTE time
            Support.program(0, 0, 0), Support.on(1000, 0, 60), Support.off(500, 0, 60), Support.end(),
        ])])
        let audio = try renderer().render(file)
        let scheduled = try PlayerSchedule(file: file, sampleRate: 44100).entries[1].frame
        #expect(scheduled == 44160)                          // within one block after frame 44100
        let onset = try #require(Support.onsetFrame(audio, threshold: 1e-4))
        // Silence before; sound starts in the block after the one the note-on is sent at.
        #expect(onset >= scheduled && onset < scheduled + 128, "onset frame \(onset)")
        #expect(Double(onset) / 44100 - 1.0 < 0.005)
        let excerpt = Array(audio.mono[onset + 2205..<onset + 2205 + 17640])
        #expect(abs(Support.fundamental(excerpt, sampleRate: 44100) - 261.63) < 1)
    }

    @Test("renders do not depend on what was rendered before")
    func renderIsDeterministic() throws {
        let r = try renderer()
        let first = try r.render(Support.multiChannel())
        _ = try r.render(Support.oneNote())
        let again = try r.render(Support.multiChannel())
        #expect(first == again)
    }

    @Test("one renderer renders concurrently; results equal sequential renders")
    func concurrentRenders() async throws {
        let r = try renderer()
        let files = [Support.oneNote(), Support.multiChannel(), Support.oneNote()]
        let sequential = try files.map { try r.render($0) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, RenderedAudio).self) { group in
            for (i, f) in files.enumerated() { group.addTask { (i, try r.render(f)) } }
            var out = [RenderedAudio?](repeating: nil, count: files.count)
            for try await (i, audio) in group { out[i] = audio }
            return out
        }
        #expect(concurrent == sequential.map { Optional($0) })
    }

    @Test("reverb and chorus switches change the output; the dry render has no tail after the voices")
    func effects() throws {
        let sf = try #require(Support.soundFont)
        let wet = try render(Support.oneNote(), configuration: .init(soundFontPath: sf))
        let dry = try render(Support.oneNote(), configuration: .init(soundFontPath: sf, reverb: false, chorus: false))
        #expect(wet.samples != dry.samples)
        // Dry: no reverb tail, so the render ends sooner.
        #expect(dry.frameCount < wet.frameCount, "dry \(dry.frameCount), wet \(wet.frameCount) frames")
        // Gain scales the output: 0.5 vs FluidSynth's 0.2 is +8 dB.
        let quiet = try render(Support.oneNote(), configuration: .init(soundFontPath: sf, gain: 0.2))
        #expect(abs(wet.peakDBFS - quiet.peakDBFS - 20 * log10(0.5 / 0.2)) < 0.01)
    }

    @Test("invalid settings and options throw")
    func errors() throws {
        let sf = try #require(Support.soundFont)
        #expect(throws: SynthError.settingRejected(name: "synth.sample-rate", value: "1000.0")) {
            try Synthesizer(configuration: .init(soundFontPath: sf, sampleRate: 1000))
        }
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bogus = dir.appendingPathComponent("bogus.sf2").path
        try Data("not a soundfont".utf8).write(to: URL(fileURLWithPath: bogus))
        // Refused before FluidSynth reads it (no FluidSynth or GLib messages), naming the byte.
        #expect(throws: SynthError.notASoundFont(path: bogus, offset: 0, found: "\"not \", not \"RIFF\"")) {
            try Synthesizer(configuration: .init(soundFontPath: bogus))
        }
        let wave = dir.appendingPathComponent("wave.sf2").path
        try Data("RIFF\0\0\0\0WAVEfmt ".utf8).write(to: URL(fileURLWithPath: wave))
        #expect(throws: SynthError.notASoundFont(path: wave, offset: 8, found: "RIFF form \"WAVE\", not \"sfbk\"")) {
            try Synthesizer(configuration: .init(soundFontPath: wave))
        }
        // A RIFF sfbk header with nothing valid after it: FluidSynth's own loader refuses it.
        let hollow = dir.appendingPathComponent("hollow.sf2").path
        try Data("RIFF\u{4}\0\0\0sfbk".utf8).write(to: URL(fileURLWithPath: hollow))
        #expect(throws: SynthError.soundFontLoadFailed(path: hollow)) {
            try Synthesizer(configuration: .init(soundFontPath: hollow))
        }
        #expect(throws: SynthError.self) { try renderer().render(Support.oneNote(), options: RenderOptions(silenceWindowMilliseconds: -1)) }
        #expect(throws: SynthError.self) { try renderer().render(Support.oneNote(), options: RenderOptions(silenceThresholdDBFS: 3)) }
        #expect(throws: SynthError.self) { try renderer().render(MIDIFile(division: .ticksPerQuarter(0))) }
    }

    @Test("rendered audio accessors")
    func accessors() throws {
        let audio = RenderedAudio(samples: [0.5, -0.25, -1, 0, 0, 0, 0.25, 0.25], sampleRate: 4)
        #expect(audio.frameCount == 4)
        #expect(audio.durationSeconds == 1)
        #expect(audio.left == [0.5, -1, 0, 0.25])
        #expect(audio.right == [-0.25, 0, 0, 0.25])
        #expect(audio.mono == [0.125, -0.5, 0, 0.25])
        #expect(audio.peak == 1)
        #expect(audio.peakDBFS == 0)
        #expect(RenderedAudio(samples: [0, 0], sampleRate: 44100).peakDBFS == -.infinity)
        #expect(audio.frame(atSeconds: 0.5) == 2)
    }
}

@Suite("Synthesizer", .serialized, .enabled(if: Support.soundFont != nil, "needs a SoundFont"))
struct SynthesizerTests {
    @Test func voicesFollowNotes() throws {
        let synth = try Synthesizer(configuration: .init(soundFontPath: Support.soundFont))
        #expect(synth.activeVoiceCount == 0)
        #expect(synth.send(.programChange(channel: 0, program: 0)))
        #expect(synth.send(.noteOn(channel: 0, note: 69, velocity: 100)))
        #expect(synth.activeVoiceCount > 0)
        let held = synth.render(frameCount: 4410)
        #expect(held.count == 8820)
        #expect(held.contains { $0 != 0 })
        #expect(synth.send(.noteOff(channel: 0, note: 69, velocity: 0)))
        for _ in 0..<200 where synth.activeVoiceCount > 0 { _ = synth.render(frameCount: 4410) }
        #expect(synth.activeVoiceCount == 0)
        // A 440 Hz A4 (note 69).
        #expect(synth.send(.noteOn(channel: 0, note: 69, velocity: 100)))
        let a4 = synth.render(frameCount: 22050)
        let mono = stride(from: 0, to: a4.count, by: 2).map { 0.5 * (a4[$0] + a4[$0 + 1]) }
        #expect(abs(Support.fundamental(Array(mono[2205...]), sampleRate: 44100) - 440) < 1.5)
    }

    @Test func sysexAndMetaHandling() throws {
        let synth = try Synthesizer(configuration: .init(soundFontPath: Support.soundFont))
        // GM System On, with or without F0/F7 framing.
        #expect(synth.sendSysEx([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7]))
        #expect(synth.sendSysEx([0x7E, 0x7F, 0x09, 0x01]))
        #expect(synth.send(.sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])))
        #expect(synth.send(.escape([0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7])))
        #expect(!synth.send(.escape([0xF8])))
        #expect(!synth.send(.sysex([])))
        #expect(!synth.send(.meta(.tempo(microsecondsPerQuarter: 500000))))
        #expect(synth.send(.pitchBend(channel: 0, value: -8192)))
        #expect(synth.send(.pitchBend(channel: 0, value: 8191)))
        #expect(synth.send(.channelPressure(channel: 3, pressure: 10)))
        #expect(synth.send(.polyPressure(channel: 3, note: 60, pressure: 10)))
    }
}
