#!/usr/bin/env python3
"""A reference MIDI file and its transcription in one file, for a piano-roll overlay.

    Scripts/transcription_overlay.py REFERENCE.mid TRANSCRIPTION.mid OUT.mid
    compose roll OUT.mid --out docs/images/transcription.png --bars 1-8

OUT.mid has two tracks on a common time axis (seconds kept): "Reference" (every note of the
reference but channel 10, on channel 1) and "Piano Scribe" (the transcription's notes, on channel 2),
both Acoustic Grand Piano, so `compose roll` draws them in two colours with velocity as opacity.
The tempo map is the reference's. Needs mido (in the Basic Pitch venv: ../venv-bp/bin/python).
"""
import sys

import mido


def notes_in_seconds(path):
    """(onset s, offset s, pitch, velocity) of every note but channel 10, note-offs paired first in, first out."""
    f = mido.MidiFile(path)
    t, sounding, out = 0.0, {}, []
    for msg in f:  # merged tracks, times in seconds
        t += msg.time
        if msg.type == "note_on" and msg.velocity > 0 and msg.channel != 9:
            sounding.setdefault((msg.channel, msg.note), []).append((t, msg.velocity))
        elif msg.type in ("note_off", "note_on") and msg.channel != 9:
            started = sounding.get((msg.channel, msg.note))
            if started:
                on, vel = started.pop(0)
                out.append((on, t, msg.note, vel))
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ref_path, est_path, out_path = sys.argv[1:]
    ref = mido.MidiFile(ref_path)
    tpq = ref.ticks_per_beat
    tempo = next((m.tempo for tr in ref.tracks for m in tr if m.type == "set_tempo"), 500000)
    out = mido.MidiFile(ticks_per_beat=tpq)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=tempo, time=0)])
    out.tracks.append(conductor)
    for name, channel, notes in (("Reference", 0, notes_in_seconds(ref_path)), ("Piano Scribe", 1, notes_in_seconds(est_path))):
        events = []
        for on, off, pitch, vel in notes:
            events.append((round(mido.second2tick(on, tpq, tempo)), 1, mido.Message("note_on", channel=channel, note=pitch, velocity=vel)))
            events.append((round(mido.second2tick(off, tpq, tempo)), 0, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        events.sort(key=lambda e: (e[0], e[1]))
        track = mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0), mido.Message("program_change", channel=channel, program=0, time=0)])
        now = 0
        for tick, _, msg in events:
            track.append(msg.copy(time=tick - now))
            now = tick
        out.tracks.append(track)
    out.save(out_path)


if __name__ == "__main__":
    main()
