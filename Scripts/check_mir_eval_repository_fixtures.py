#!/usr/bin/env python3
"""Checks Tests/TranscriptionFixtures/mir_eval_repository against mir_eval 0.8.2 itself.

For each of the ten pairs, loads refNN.txt / estNN.txt with mir_eval.io.load_valued_intervals,
runs mir_eval.transcription.evaluate, and compares every figure with outputNN.json (copied unchanged
from mir_eval's repository, tests/data/transcription). Exits non-zero on any key or value difference.

Run: Scripts/setup-basic-pitch && ../venv-bp/bin/python Scripts/check_mir_eval_repository_fixtures.py
"""
import json
import pathlib
import sys

import mir_eval

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "Tests/TranscriptionFixtures/mir_eval_repository"


def main() -> int:
    print("mir_eval", mir_eval.__version__)
    worst, bad = 0.0, 0
    for i in range(10):
        ref_int, ref_pitch = mir_eval.io.load_valued_intervals(str(FOLDER / f"ref{i:02d}.txt"))
        est_int, est_pitch = mir_eval.io.load_valued_intervals(str(FOLDER / f"est{i:02d}.txt"))
        got = mir_eval.transcription.evaluate(ref_int, ref_pitch, est_int, est_pitch)
        expected = json.loads((FOLDER / f"output{i:02d}.json").read_text())
        if set(got) != set(expected):
            print(f"pair {i:02d}: keys differ: {sorted(set(got) ^ set(expected))}")
            bad += 1
        for key in sorted(set(got) & set(expected)):
            diff = abs(got[key] - expected[key])
            worst = max(worst, diff)
            if diff > 0:
                print(f"pair {i:02d} {key}: mir_eval {got[key]!r}, file {expected[key]!r}")
                bad += 1
    print(f"10 pairs, {len(expected)} keys each, largest difference {worst}, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
