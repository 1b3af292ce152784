#!/usr/bin/env python3
"""Dumps the events of MIDI files as mido reads them, one JSON line per file, for the differential
test in Tests/SMFTests/MidoDifferentialTests.swift (which runs this script when python3 and mido are
importable). With --notes, adds the notes symusic pairs (when symusic is importable).

    Scripts/mido_events.py [--notes] [--root DIR] PATH...

PATH is a .mid file or a folder (searched recursively for *.mid, any case). Output, one line per file,
sorted by path:

    {"file": "<path relative to --root>", "error": null | "<ExceptionType>: <message>",
     "tracks": [[[tick, kind, channel, [data...]], ...], ...],
     "notes": [[start, duration, pitch, velocity], ...] | null,      (--notes only)
     "notes_error": null | "<ExceptionType>: <message>"}

tick is the absolute tick in the track (the sum of mido's delta times); kind is mido's message type
for channel messages (note_on, note_off, polytouch, control_change, program_change, aftertouch,
pitchwheel), "sysex", or "meta"; channel is 0-15 or null; data is the message bytes after the status
byte as mido would write them: the two data bytes (pitchwheel: LSB, MSB), the sysex bytes between
F0 and F7, or for meta events [type, data...] (mido's re-encoding of the meta event, length dropped).
"""
import json
import os
import sys


def vlq_skip(b, i):
    while b[i] & 0x80:
        i += 1
    return i + 1


def events(mid):
    tracks = []
    for track in mid.tracks:
        tick = 0
        out = []
        for msg in track:
            tick += msg.time
            if msg.is_meta:
                raw = msg.bytes()  # FF type <vlq length> data
                out.append([tick, "meta", None, [raw[1]] + raw[vlq_skip(raw, 2):]])
            elif msg.type == "sysex":
                out.append([tick, "sysex", None, list(msg.data)])
            else:
                raw = msg.bytes()
                out.append([tick, msg.type, raw[0] & 0x0F, raw[1:]])
        tracks.append(out)
    return tracks


def symusic_notes(path):
    import symusic
    score = symusic.Score(path, ttype="tick")
    notes = []
    for track in score.tracks:
        for n in track.notes:
            notes.append([int(n.time), int(n.duration), int(n.pitch), int(n.velocity)])
    notes.sort()
    return notes


def main(argv):
    import mido
    with_notes = False
    root = None
    paths = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--notes":
            with_notes = True
        elif a == "--root":
            i += 1
            root = argv[i]
        else:
            paths.append(a)
        i += 1
    files = []
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, names in os.walk(p):
                files += [os.path.join(dirpath, n) for n in names if n.lower().endswith(".mid")]
        else:
            files.append(p)
    files.sort()
    out = sys.stdout
    for path in files:
        line = {"file": os.path.relpath(path, root) if root else path, "error": None, "tracks": []}
        try:
            line["tracks"] = events(mido.MidiFile(path))
        except Exception as e:  # mido refuses the file: say why
            line["error"] = "%s: %s" % (type(e).__name__, e)
        if with_notes:
            line["notes"] = None
            line["notes_error"] = None
            try:
                line["notes"] = symusic_notes(path)
            except Exception as e:
                line["notes_error"] = "%s: %s" % (type(e).__name__, e)
        out.write(json.dumps(line, separators=(",", ":")))
        out.write("\n")
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
