#!/usr/bin/env python3
"""A small set for choosing the transcriber's decoding defaults, never the held-out set:

    Scripts/transcription_tuning_set.py CORPUS OUT_DIR [COUNT_PER_FOLDER [EXCLUDE.txt]]

Pieces of ../shared/corpus that are neither held out (Scripts/transcription_heldout.py) nor among
the pieces `compose train transcription` renders with its default counts (150 chorales, 150 lead
sheets, 18 songs, evenly spaced over the training files; Sources/Transcription/Training/
TranscriptionCorpus.swift): the first COUNT_PER_FOLDER (default 6) chorales and lead sheets left,
played as piano as the held-out set is. Render them through a training SoundFont (TimGM6mb or
MuseScore General), not FluidR3_GM. EXCLUDE.txt lists more pieces to leave out (folder/name, one a
line: e.g. those a training run with other counts rendered). Writes OUT_DIR/<folder>_<name>.mid and
OUT_DIR/tuning.txt.
"""
import os
import sys

from transcription_heldout import SPLIT, as_piano

TRAINING_COUNTS = {"chorales": 150, "leadsheets": 150, "songs": 18}


def main():
    if len(sys.argv) not in (3, 4, 5):
        sys.exit(__doc__)
    corpus, out_dir = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) >= 4 else 6
    exclude = set(open(sys.argv[4]).read().split()) if len(sys.argv) == 5 else set()
    os.makedirs(out_dir, exist_ok=True)
    chosen = []
    for folder, step in SPLIT:
        if folder == "songs":
            continue
        names = sorted(n for n in os.listdir(os.path.join(corpus, folder)) if n.lower().endswith((".mid", ".midi")))
        training_side = [n for i, n in enumerate(names) if i % step != step - 1]
        want = min(TRAINING_COUNTS[folder], len(training_side))
        trained = {training_side[k * len(training_side) // want] for k in range(want)}
        left = [n for n in training_side if n not in trained and f"{folder}/{n}" not in exclude]
        chosen += [(folder, n) for n in left[len(left) // (2 * count)::max(1, len(left) // count)][:count]]
    for folder, n in chosen:
        as_piano(os.path.join(corpus, folder, n)).save(os.path.join(out_dir, f"{folder}_{os.path.splitext(n)[0]}.mid"))
    with open(os.path.join(out_dir, "tuning.txt"), "w") as f:
        f.write("\n".join(f"{folder}/{n}" for folder, n in chosen) + "\n")
    print(f"transcription_tuning_set: {len(chosen)} pieces in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
