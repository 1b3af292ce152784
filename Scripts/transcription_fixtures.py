#!/usr/bin/env python3
"""Writes Tests/TranscriptionFixtures/mir_eval_transcription.json: reference/estimate note lists
(our own synthetic data, seeded) and the scores mir_eval 0.8.2 gives them, for the Swift tests of
Composer's TranscriptionMetrics (they must agree to 1e-9).

    python3 -m venv /work/venv-bp && /work/venv-bp/bin/pip install mir_eval==0.8.2 numpy
    /work/venv-bp/bin/python Scripts/transcription_fixtures.py

Each case holds notes as [onset s, offset s, frequency Hz, velocity] and, for each metric, what
mir_eval returns: transcription.precision_recall_f1_overlap (onset only: offset_ratio=None; onset
and offset: the defaults), transcription_velocity.precision_recall_f1_overlap (the same two), the
matched pairs of transcription.match_notes, and multipitch.metrics on the piano rolls at 100 frames
per second drawn by the rule of TranscriptionMetrics.frameScores (frame F1 = 2PR/(P+R)).
A case mir_eval refuses (zero-length note, negative time) records the error instead.
"""
import json
import os
import sys
import warnings

import mir_eval
import numpy as np

assert mir_eval.__version__ == "0.8.2", f"mir_eval {mir_eval.__version__}; the fixtures are for 0.8.2"
warnings.filterwarnings("ignore")
FPS = 100.0


def hz(p):
    return 440.0 * 2.0 ** ((p - 69) / 12.0)


def note(on, off, pitch, vel=100, cents=0.0):
    return [on, off, hz(pitch) * 2.0 ** (cents / 1200.0), vel]


def arrays(notes):
    a = np.array([[n[0], n[1]] for n in notes], dtype=float).reshape(-1, 2)
    return a, np.array([n[2] for n in notes], dtype=float), np.array([n[3] for n in notes], dtype=float)


def roll(notes, frames):
    cells = [set() for _ in range(frames)]
    for on, off, f, _ in notes:
        p = int(np.floor(69 + 12 * np.log2(f / 440.0) + 0.5))
        start = int(np.floor(on * FPS + 0.5))
        end = max(int(np.floor(off * FPS + 0.5)), start + 1)
        for i in range(start, end):
            cells[i].add(p)
    return [np.array([hz(p) for p in sorted(c)]) for c in cells]


def frame_count(notes):
    return max([max(int(np.floor(n[1] * FPS + 0.5)), int(np.floor(n[0] * FPS + 0.5)) + 1) for n in notes], default=0)


def frame_scores(ref, est):
    n = max(frame_count(ref), frame_count(est))
    if n == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    t = np.arange(n) / FPS
    m = mir_eval.multipitch.metrics(t, roll(ref, n), t, roll(est, n))
    p, r = float(m[0]), float(m[1])
    return {"precision": p, "recall": r, "f1": float(mir_eval.util.f_measure(p, r))}


def score_case(name, ref, est, strict=False):
    ri, rp, rv = arrays(ref)
    ei, ep, ev = arrays(est)
    case = {"name": name, "strict": strict, "reference": ref, "estimate": est}
    try:
        out = {}
        for key, ratio in (("onset", None), ("onsetOffset", 0.2)):
            prfo = mir_eval.transcription.precision_recall_f1_overlap(ri, rp, ei, ep, offset_ratio=ratio, strict=strict)
            out[key] = [float(x) for x in prfo]
            prfo = mir_eval.transcription_velocity.precision_recall_f1_overlap(ri, rp, rv, ei, ep, ev, offset_ratio=ratio, strict=strict)
            out[key + "Velocity"] = [float(x) for x in prfo]
            if len(ref) and len(est):
                out[key + "Pairs"] = [[int(a), int(b)] for a, b in mir_eval.transcription.match_notes(ri, rp, ei, ep, offset_ratio=ratio, strict=strict)]
                out[key + "VelocityPairs"] = [[int(a), int(b)] for a, b in mir_eval.transcription_velocity.match_notes(ri, rp, rv, ei, ep, ev, offset_ratio=ratio, strict=strict)]
            else:
                out[key + "Pairs"] = []
                out[key + "VelocityPairs"] = []
        out["frame"] = frame_scores(ref, est)
        case["expected"] = out
    except ValueError as e:
        case["error"] = str(e)
    return case


def handmade():
    c = []
    a = [note(0.0, 0.5, 60, 80), note(0.5, 1.0, 64, 90), note(1.0, 2.0, 67, 100)]
    c.append(("identical", a, [list(n) for n in a]))
    c.append(("empty estimate", a, []))
    c.append(("empty reference", [], a))
    c.append(("both empty", [], []))
    # Onset tolerance edges: 1.05 - 1.0 is 0.0500000000000000444 before rounding to 4 decimals.
    ref = [note(1.0, 2.0, 60), note(3.0, 4.0, 62), note(5.0, 6.0, 64), note(7.0, 8.0, 65), note(9.0, 10.0, 67)]
    est = [note(1.05, 2.0, 60), note(3.0501, 4.0, 62), note(4.95, 6.0, 64), note(7.04999, 8.0, 65), note(9.05004, 10.0, 67)]
    c.append(("onset at 50 ms, just over, just under, rounding", ref, est))
    c.append(("onset at 50 ms, strict", ref, est, True))
    # Offset tolerance: 20% of a 1 s note is 0.2 s; a 0.1 s note gets the 50 ms minimum.
    ref = [note(0.0, 1.0, 60), note(2.0, 3.0, 62), note(4.0, 4.1, 64), note(5.0, 5.1, 65), note(6.0, 7.0, 67), note(8.0, 8.2, 69)]
    est = [note(0.0, 1.2, 60), note(2.0, 3.2001, 62), note(4.0, 4.15, 64), note(5.0, 5.1501, 65), note(6.0, 6.8, 67), note(8.0, 8.25, 69)]
    c.append(("offset tolerance edges", ref, est))
    ref = [note(0.0, 1.0, 60), note(1.0, 2.0, 62), note(2.0, 3.0, 64), note(3.0, 4.0, 65)]
    est = [note(0.0, 1.0, 60, cents=49.9), note(1.0, 2.0, 62, cents=-50.1), note(2.0, 3.0, 76), note(3.0, 4.0, 65 + 19)]
    c.append(("pitch: 49.9 cents, 50.1 cents, octave, octave+fifth", ref, est))
    ref = [note(0.0, 0.3, 60), note(0.04, 0.3, 60)]
    est = [note(0.02, 0.3, 60)]
    c.append(("one estimate between two references of the same pitch", ref, est))
    # Greedy takes est0 -> ref0; the maximum matching needs est0 -> ref1 so est1 can take ref0.
    ref = [note(1.00, 2.0, 60), note(1.06, 2.0, 60)]
    est = [note(1.03, 2.0, 60), note(0.99, 2.0, 60)]
    c.append(("augmenting path", ref, est))
    ref = [note(0.00, 1.0, 60), note(0.04, 1.0, 60), note(0.08, 1.0, 60), note(0.12, 1.0, 60)]
    est = [note(0.06, 1.0, 60), note(0.02, 1.0, 60), note(0.10, 1.0, 60), note(-0.0 + 0.0, 1.0, 60)]
    c.append(("chain of same-pitch notes 40 ms apart", ref, est))
    ref = [note(0.0, 1.0, 60, 20), note(1.0, 2.0, 62, 60), note(2.0, 3.0, 64, 100), note(3.0, 4.0, 65, 120)]
    est = [note(0.0, 1.0, 60, 40), note(1.0, 2.0, 62, 40), note(2.0, 3.0, 64, 40), note(3.0, 4.0, 65, 40)]
    c.append(("velocity: all estimates alike (rank-1 least squares)", ref, est))
    ref = [note(0.0, 1.0, 60, 20), note(1.0, 2.0, 62, 60), note(2.0, 3.0, 64, 100), note(3.0, 4.0, 65, 120)]
    est = [note(0.0, 1.0, 60, 10), note(1.0, 2.0, 62, 30), note(2.0, 3.0, 64, 55), note(3.0, 4.0, 65, 60)]
    c.append(("velocity: a line with an outlier", ref, est))
    c.append(("velocity: one match", [note(0.0, 1.0, 60, 50)], [note(0.01, 1.0, 60, 90)]))
    ref = [note(0.0, 1.0, 60, 64), note(1.0, 2.0, 62, 64)]
    est = [note(0.0, 1.0, 60, 10), note(1.0, 2.0, 62, 120)]
    c.append(("velocity: reference all one velocity (range 1)", ref, est))
    c.append(("zero-length reference note", [note(1.0, 1.0, 60)], [note(1.0, 1.5, 60)]))
    c.append(("zero-length estimated note", [note(1.0, 1.5, 60)], [note(1.0, 1.0, 60)]))
    c.append(("negative onset", [note(-0.1, 1.0, 60)], [note(0.0, 1.0, 60)]))
    ref = [note(0.0, 0.004, 60), note(0.004, 0.009, 62), note(0.995, 1.005, 64)]
    est = [note(0.001, 0.003, 60), note(0.0, 0.012, 62), note(0.99, 1.0, 64)]
    c.append(("notes shorter than a frame", ref, est))
    return c


def random_case(rng, n, density, jitter, drop, extra, octave, repeat):
    ref = []
    t = 0.0
    for _ in range(n):
        t += float(rng.exponential(density))
        pitch = int(rng.integers(48, 73)) if not ref or rng.random() > repeat else int(np.round(69 + 12 * np.log2(ref[-1][2] / 440)))
        dur = float(rng.choice([0.03, 0.08, 0.15, 0.25, 0.5, 1.0, 2.0])) * float(rng.uniform(0.8, 1.2))
        on = round(t, 3)
        ref.append(note(on, round(on + dur, 3), pitch, int(rng.integers(20, 128))))
    est = []
    for on, off, f, v in ref:
        if rng.random() < drop:
            continue
        p = int(np.round(69 + 12 * np.log2(f / 440)))
        if rng.random() < octave:
            p += 12
        o = max(0.0, round(on + float(rng.normal(0, jitter)), 4))
        e = round(max(o + 0.001, off + float(rng.normal(0, 2 * jitter))), 4)
        est.append(note(o, e, p, int(np.clip(v + rng.normal(0, 12), 1, 127))))
    for _ in range(int(extra * n)):
        o = round(float(rng.uniform(0, t + 0.5)), 3)
        est.append(note(o, round(o + float(rng.uniform(0.02, 1.0)), 3), int(rng.integers(48, 85)), int(rng.integers(1, 128))))
    order = rng.permutation(len(est))
    return ref, [est[i] for i in order]


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TranscriptionFixtures", "mir_eval_transcription.json")
    cases = [score_case(*c) for c in handmade()]
    rng = np.random.default_rng(2024)
    settings = [  # n, mean gap, jitter, drop, extra, octave errors, repeated pitch
        (20, 0.25, 0.02, 0.1, 0.1, 0.05, 0.1), (40, 0.05, 0.03, 0.1, 0.2, 0.1, 0.5), (60, 0.02, 0.03, 0.2, 0.3, 0.1, 0.6),
        (80, 0.1, 0.04, 0.05, 0.1, 0.15, 0.3), (30, 0.01, 0.025, 0.0, 0.5, 0.0, 0.8), (100, 0.05, 0.05, 0.1, 0.1, 0.05, 0.2),
    ]
    for i in range(24):
        s = settings[i % len(settings)]
        ref, est = random_case(rng, *s)
        cases.append(score_case(f"random {i} (n {s[0]}, gap {s[1]} s, jitter {s[2]} s)", ref, est, strict=(i % 8 == 7)))
    with open(out, "w") as f:
        json.dump({"generator": "Scripts/transcription_fixtures.py", "mir_eval": mir_eval.__version__,
                   "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
