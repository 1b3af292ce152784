// libFuzzer target for what `compose convert` and every Score round trip do after reading: conversion
// (format, PPQ), transposition, note pairing (`Score(file:)`) and the Score writer (`midiFile()`).
// Not part of the package: Scripts/fuzz-score compiles FileIO, SMF and Music as modules (Music with
// -enable-testing, for the writer's overlap rule) with `-sanitize=fuzzer,address` and links this file.
//
// Each input is read leniently (inputs lenient reading refuses are skipped: Scripts/fuzz-smf covers
// reading). Parameters come from a hash of the input: a format (keep, 0 or 1), a PPQ (keep, or one
// of 1, 2, 3, 24, 96, 480, 960, 32767 or any in 1...32767) and a transposition in -12...12. Checks,
// beyond "no crash, hang, leak or allocation over the limit":
// 1. conversion keeps every channel event (it only moves them in time or between tracks), and its
//    output, written with and without running status, reads back strictly as the same file;
// 2. transposition drops only the note-ons it reports as out of range;
// 3. note pairing gives one note per note-on (velocity > 0), none negative;
// 4. the Score writer's output reads back strictly (both running-status settings give the same file)
//    with no pairing warnings, and reading it gives back the score as the writer documents:
//    a conductor part with no notes, then each part with its name and controls as they were and
//    its notes after `Score.withoutSamePitchOverlaps` (velocity at least 1); the same tempo
//    changes, time and key signatures.
// A violated check traps, which libFuzzer reports as a crash with the input saved.

import SMF
@testable import Music

/// FNV-1a over the input: the source of the conversion parameters.
func inputHash(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

func channelEventCount(_ file: MIDIFile) -> Int {
    file.tracks.reduce(0) { n, t in n + t.events.reduce(0) { if case .channel = $1.event { return $0 + 1 } else { return $0 } } }
}

func noteOnCount(_ file: MIDIFile) -> Int {
    file.tracks.reduce(0) { n, t in
        n + t.events.reduce(0) { if case .channel(.noteOn(_, _, let v)) = $1.event, v > 0 { return $0 + 1 } else { return $0 } }
    }
}

/// Notes in a canonical order, for comparing as multisets.
func canonical(_ notes: [Note]) -> [Note] {
    notes.sorted { ($0.start, $0.channel, $0.pitch, $0.duration, $0.velocity) < ($1.start, $1.channel, $1.pitch, $1.duration, $1.velocity) }
}

/// The file written both ways must read back strictly, to the same file both times.
func readBackStrictly(_ file: MIDIFile, _ what: String) -> MIDIFile {
    let withRunning = file.bytes(runningStatus: true)
    let without = file.bytes(runningStatus: false)
    guard let a = try? MIDIFile(bytes: withRunning) else { preconditionFailure("\(what): the written bytes do not read back strictly") }
    guard let b = try? MIDIFile(bytes: without) else {
        preconditionFailure("\(what): the bytes written without running status do not read back strictly")
    }
    precondition(a == b, "\(what): running status on and off read back differently")
    return a
}

@_cdecl("LLVMFuzzerTestOneInput")
public func scoreFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = try? MIDIFile.read(bytes: bytes, options: ReadOptions(mode: .lenient, maxWarnings: 50)) else { return 0 }
    let h = inputHash(bytes)
    let format: Format? = [nil, .singleTrack, .multiTrack][Int(h % 3)]
    let ppqs: [UInt16?] = [nil, 1, 2, 3, 24, 96, 480, 960, 32767, UInt16(1 + (h >> 20) % 32767)]
    let ppq = ppqs[Int((h >> 8) % UInt64(ppqs.count))]
    let semitones = Int((h >> 40) % 25) - 12

    // 1. Conversion.
    var file = read.file
    if let (converted, _) = try? file.converted(format: format, ticksPerQuarter: ppq) {
        precondition(channelEventCount(converted) == channelEventCount(file), "conversion lost or added channel events")
        if format == nil || format == file.format || converted.format == format {
            let again = readBackStrictly(converted, "converted (format \(String(describing: format)), PPQ \(String(describing: ppq)))")
            precondition(again == converted, "the converted file does not survive write -> strict read")
        }
        file = converted
    }

    // 2. Transposition.
    let before = noteOnCount(file)
    let (moved, report) = file.transposed(by: semitones)
    precondition(noteOnCount(moved) == before - report.notesDroppedOutOfRange,
                 "transposition by \(semitones) dropped note-ons it did not report")

    // 3. Note pairing.
    let score = Score(file: moved)
    let notes = score.parts.reduce(0) { $0 + $1.notes.count }
    precondition(notes == noteOnCount(moved), "pairing gave \(notes) notes for \(noteOnCount(moved)) note-ons")
    for part in score.parts {
        for n in part.notes { precondition(n.start >= 0 && n.duration >= 0, "a paired note has a negative start or length: \(n)") }
    }

    // 4. The Score writer: Score.bytes() equals midiFile()'s bytes and reads back strictly; names,
    // texts (besides the empty text events bridging gaps over 0x0FFFFFFF ticks), controls and, when
    // `writingWarnings` is empty, the notes come back (velocity 0 written as 1).
    precondition(score.bytes() == score.midiFile().bytes(), "Score.bytes() and midiFile().bytes() differ")
    let written = readBackStrictly(score.midiFile(), "Score writer")
    let back = Score(file: written)
    precondition(back.readingWarnings.filter { !$0.contains("not UTF-8") }.isEmpty,
                 "the Score writer's output needs repairs: \(back.readingWarnings)")
    precondition(back.parts.count == score.parts.count + 1 && back.parts[0].notes.isEmpty,
                 "the written file has \(back.parts.count) tracks for \(score.parts.count) parts")
    let notesKept = score.writingWarnings.isEmpty
    func realTexts(_ texts: [TextEvent]) -> [TextEvent] { texts.filter { !($0.kind == .text && $0.bytes.isEmpty) } }
    for (i, part) in score.parts.enumerated() {
        let got = back.parts[i + 1]
        precondition(got.name == part.name, "part \(i): name \(String(describing: part.name)) came back as \(String(describing: got.name))")
        precondition(realTexts(got.texts) == realTexts(part.texts), "part \(i): texts changed")
        precondition(got.controls == part.controls, "part \(i): controls changed")
        if notesKept {
            let expected = part.notes.map { n -> Note in
                var n = n
                n.velocity = max(n.velocity, 1)
                return n
            }
            precondition(canonical(got.notes) == canonical(expected), "part \(i): notes did not come back as the writer documents")
        }
    }
    precondition(back.tempoChanges == score.tempoChanges, "tempo changes changed")
    precondition(back.timeSignatures == score.timeSignatures, "time signatures changed")
    precondition(back.keySignatures == score.keySignatures, "key signatures changed")
    return 0
}
