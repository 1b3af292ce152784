#!/usr/bin/env python3
"""Writes the held-out transcription set's reference MIDI files: pieces of ../shared/corpus played
as piano, which a transcription model trained here must never learn from.

    python3 Scripts/transcription_heldout.py CORPUS OUT_DIR      (needs mido)

The split, by sorted file name in each folder (any language can repeat it):
  chorales/    every 10th file (the 10th, 20th, ...): 32 of 328 Bach chorales (four voices)
  leadsheets/  every 20th file: 43 of 867 lead sheets (melody and chords)
  songs/       every 10th file: 2 of 20 multi-instrument songs
"Played as piano": every program change becomes 0 (Acoustic Grand Piano), channel 10 (drums) is
dropped, and each channel starts with program 0; notes, timing, velocities and pedals are kept.
Writes OUT_DIR/<folder>_<name>.mid and OUT_DIR/heldout.txt (the source files, one a line).
"""
import os
import sys

import mido

SPLIT = (("chorales", 10), ("leadsheets", 20), ("songs", 10))


def held_out(corpus):
    for folder, step in SPLIT:
        names = sorted(n for n in os.listdir(os.path.join(corpus, folder)) if n.lower().endswith((".mid", ".midi")))
        for i, name in enumerate(names):
            if i % step == step - 1:
                yield folder, os.path.join(corpus, folder, name)


def as_piano(path):
    mid = mido.MidiFile(path)
    out = mido.MidiFile(type=mid.type, ticks_per_beat=mid.ticks_per_beat)
    channels = set()
    for track in mid.tracks:
        new = mido.MidiTrack()
        carry = 0
        for msg in track:
            if hasattr(msg, "channel") and msg.channel == 9:
                carry += msg.time
                continue
            if msg.type == "program_change":
                msg = msg.copy(program=0)
            if hasattr(msg, "channel"):
                channels.add(msg.channel)
            new.append(msg.copy(time=msg.time + carry))
            carry = 0
        out.tracks.append(new)
    first = out.tracks[0]
    for ch in sorted(channels):
        first.insert(0, mido.Message("program_change", channel=ch, program=0, time=0))
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    sources = []
    for folder, path in held_out(corpus):
        name = f"{folder}_{os.path.splitext(os.path.basename(path))[0]}.mid"
        as_piano(path).save(os.path.join(out_dir, name))
        sources.append(os.path.relpath(path, corpus))
    with open(os.path.join(out_dir, "heldout.txt"), "w") as f:
        f.write("\n".join(sources) + "\n")
    print(f"transcription_heldout: {len(sources)} pieces in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
