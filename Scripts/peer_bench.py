#!/usr/bin/env python3
"""Peer side of Scripts/bench.sh: times symusic, mido and pretty_midi in-process (interpreter
start-up and imports excluded), times command lines (fluidsynth, compose), and prints the table.

Each measuring subcommand prints one JSON line, like the Swift `bench` executable does:
  peer_bench.py read [--runs N] [--libs symusic,mido,pretty_midi] DIR...   read every .mid into notes
  peer_bench.py write [--runs N] DIR...            symusic: Score.dumps_midi() of every file, in memory
  peer_bench.py read-large [--runs N] FILE         symusic: time and peak RSS (run in a fresh process)
  peer_bench.py cli [--runs N] --row NAME -- CMD...   median wall time of a command line
  peer_bench.py cli-batch --row NAME --out DIR -- CMD... -- FILES...
                                                    run CMD once per file, one after another ("{in}", "{out}")
  peer_bench.py table RESULTS.jsonl               the Markdown table of docs/performance.md
Times are medians of --runs runs (time.perf_counter)."""
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def midi_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            found = glob.glob(os.path.join(p, "**", "*.mid"), recursive=True)
            found += glob.glob(os.path.join(p, "**", "*.midi"), recursive=True)
            files += sorted(found)
        else:
            files.append(p)
    return files


def timed(runs, body):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - t0)
    return times, result


def emit(fields):
    print(json.dumps(fields, sort_keys=True), flush=True)


def loaders():
    """name -> (load(path), count_notes(obj)); only the libraries that import."""
    out = {}
    try:
        import symusic
        out["symusic"] = (lambda p: symusic.Score(p), lambda s: sum(len(t.notes) for t in s.tracks))
    except ImportError:
        pass
    try:
        import mido
        out["mido"] = (lambda p: mido.MidiFile(p),
                       lambda m: sum(1 for t in m.tracks for msg in t if msg.type == "note_on" and msg.velocity > 0))
    except ImportError:
        pass
    try:
        import pretty_midi
        out["pretty_midi"] = (lambda p: pretty_midi.PrettyMIDI(p), lambda s: sum(len(i.notes) for i in s.instruments))
    except ImportError:
        pass
    return out


def take_option(args, name, default):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def cmd_read(args):
    runs = int(take_option(args, "--runs", "5"))
    libs = take_option(args, "--libs", "symusic,mido,pretty_midi").split(",")
    # mido and pretty_midi take 10-20 s per pass over the corpus: fewer runs for them.
    slow_runs = int(take_option(args, "--slow-runs", "1"))
    files = midi_files(args)
    size = sum(os.path.getsize(f) for f in files)
    available = loaders()
    for lib in libs:
        if lib not in available:
            emit({"row": "read", "lib": lib, "skipped": f"python module {lib} not installed"})
            continue
        load, count = available[lib]

        def one_pass():
            ok = failed = notes = 0
            for f in files:
                try:
                    notes += count(load(f))
                    ok += 1
                except Exception:
                    failed += 1
            return ok, failed, notes

        times, (ok, failed, notes) = timed(runs if lib == "symusic" else slow_runs, one_pass)
        t = min(times)  # best of N, as on our side: the machine is shared with other work
        emit({"row": "read", "lib": lib, "files": len(files), "failed": failed, "bytes": size, "notes": notes,
              "seconds": t, "runs": times, "mbPerSecond": size / 1e6 / t})


def cmd_write(args):
    runs = int(take_option(args, "--runs", "5"))
    try:
        import symusic
    except ImportError:
        emit({"row": "write", "lib": "symusic", "skipped": "python module symusic not installed"})
        return
    scores = []
    for f in midi_files(args):
        try:
            scores.append(symusic.Score(f))
        except Exception:
            pass
    written = [0]

    def one_pass():
        written[0] = sum(len(s.dumps_midi()) for s in scores)

    times, _ = timed(runs, one_pass)
    t = statistics.median(times)
    emit({"row": "write", "lib": "symusic", "files": len(scores), "bytesWritten": written[0], "seconds": t,
          "runs": times, "mbPerSecond": written[0] / 1e6 / t})


def cmd_read_large(args):
    runs = int(take_option(args, "--runs", "5"))
    path = args[0]
    try:
        import symusic
    except ImportError:
        emit({"row": "read-large", "lib": "symusic", "skipped": "python module symusic not installed"})
        return
    size = os.path.getsize(path)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t0 = time.perf_counter()
    score = symusic.Score(path)
    first = time.perf_counter() - t0
    notes = sum(len(t.notes) for t in score.tracks)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    del score
    times, _ = timed(max(runs - 1, 1), lambda: symusic.Score(path))
    t = min(times + [first])  # best of N, as on our side
    emit({"row": "read-large", "lib": "symusic", "bytes": size, "notes": notes, "seconds": t,
          "mbPerSecond": size / 1e6 / t, "peakRSSBytes": peak, "baselineRSSBytes": baseline})


def cmd_cli(args):
    runs = int(take_option(args, "--runs", "3"))
    row = take_option(args, "--row", "cli")
    label = take_option(args, "--label", None)
    command = args[args.index("--") + 1:]
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time (user + system) of the process: on a loaded machine it moves far less than wall time.
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode != 0:
            emit({"row": row, "label": label, "error": f"{command[0]} exited {result.returncode}: "
                  + result.stderr.decode(errors="replace").strip()[-300:]})
            return
    emit({"row": row, "label": label, "seconds": statistics.median(times), "runs": times,
          "cpuSeconds": statistics.median(cpu), "cpuRuns": cpu})


def cmd_cli_batch(args):
    row = take_option(args, "--row", "cli-batch")
    label = take_option(args, "--label", None)
    out = take_option(args, "--out", "/tmp")
    first = args.index("--")
    second = args.index("--", first + 1)
    template = args[first + 1:second]
    files = midi_files(args[second + 1:])
    os.makedirs(out, exist_ok=True)
    t0 = time.perf_counter()
    failed = 0
    for f in files:
        target = os.path.join(out, os.path.basename(f) + ".wav")
        command = [a.replace("{in}", f).replace("{out}", target) for a in template]
        if subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            failed += 1
    seconds = time.perf_counter() - t0
    emit({"row": row, "label": label, "files": len(files), "failed": failed, "seconds": seconds,
          "filesPerSecond": len(files) / seconds})


# MARK: The table

def fmt(x, digits=1):
    return "n/a" if x is None else f"{x:,.{digits}f}"


def cmd_table(args):
    rows = [json.loads(line) for line in open(args[0]) if line.strip().startswith("{")]

    def find(row, **match):
        for r in rows:
            if r.get("row") == row and all(r.get(k) == v for k, v in match.items()):
                return r
        return None

    lines = ["| Row | LittleMozart | Peer (same run) | Ratio | Target | Met |", "|---|---|---|---|---|---|"]

    def add(name, ours, peer, ratio, target, met):
        lines.append(f"| {name} | {ours} | {peer} | {ratio} | {target} | {'yes' if met else ('no' if met is not None else 'n/a')} |")

    ours = find("read", lib=None) if find("read", lib=None) else None
    sym = find("read", lib="symusic")
    if ours and sym and "mbPerSecond" in sym:
        r = ours["mbPerSecond"] / sym["mbPerSecond"]
        add(f"Read corpus into notes ({ours['files']} files, {ours['bytes'] / 1e6:.1f} MB), 1 thread",
            f"{fmt(ours['mbPerSecond'])} MB/s ({fmt(ours['seconds'], 3)} s)",
            f"symusic {fmt(sym['mbPerSecond'])} MB/s ({fmt(sym['seconds'], 3)} s)", f"{r:.2f}x", ">= 3x symusic", r >= 3)
        for lib in ("mido", "pretty_midi"):
            p = find("read", lib=lib)
            if p and "mbPerSecond" in p:
                add(f"Read corpus (vs {lib})", f"{fmt(ours['mbPerSecond'])} MB/s",
                    f"{lib} {fmt(p['mbPerSecond'], 2)} MB/s ({fmt(p['seconds'], 1)} s)",
                    f"{ours['mbPerSecond'] / p['mbPerSecond']:.0f}x", "(reference)", None)
    big = find("read-large", lib=None)
    bigsym = find("read-large", lib="symusic")
    if big:
        peer = f"symusic {fmt(bigsym['mbPerSecond'])} MB/s, peak {bigsym['peakRSSBytes'] / 1e6:.0f} MB" if bigsym and "mbPerSecond" in bigsym else "n/a"
        ratio = f"{big['mbPerSecond'] / bigsym['mbPerSecond']:.2f}x" if bigsym and "mbPerSecond" in bigsym else "n/a"
        add(f"Read one large file ({big['bytes'] / 1e6:.1f} MB, 17 tracks)", f"{fmt(big['mbPerSecond'])} MB/s", peer, ratio,
            ">= 400 MB/s and >= 2x symusic",
            big["mbPerSecond"] >= 400 and bool(bigsym) and "mbPerSecond" in bigsym and big["mbPerSecond"] >= 2 * bigsym["mbPerSecond"])
        limit = big["memoryTargetBytes"]
        add("  peak memory of that read (process RSS)", f"{big['peakRSSBytes'] / 1e6:.0f} MB",
            f"symusic {bigsym['peakRSSBytes'] / 1e6:.0f} MB (incl. Python)" if bigsym and "peakRSSBytes" in bigsym else "n/a", "",
            f"<= {limit / 1e6:.0f} MB (2x file + 30 MB)", big["peakRSSBytes"] <= limit)
    w = find("write", lib=None)
    wsym = find("write", lib="symusic")
    if w and wsym and "mbPerSecond" in wsym:
        r = w["mbPerSecond"] / wsym["mbPerSecond"]
        add("Write the scores back to SMF (in memory)", f"{fmt(w['mbPerSecond'])} MB/s", f"symusic {fmt(wsym['mbPerSecond'])} MB/s",
            f"{r:.2f}x", ">= 1.5x symusic", r >= 1.5)
    ro = find("render", label="compose")
    rp = find("render", label="fluidsynth")
    if ro and rp and "seconds" in ro and "seconds" in rp:
        wall = ro["seconds"] / rp["seconds"]
        cpu = ro["cpuSeconds"] / rp["cpuSeconds"]
        # Both programs are single-threaded: on an idle machine wall time = CPU time. On a shared one
        # the wall times swing with other jobs, so the CPU-time ratio decides.
        add("Render Avgvst_AtTheLake.mid (196 s, FluidR3_GM): CPU time (wall)",
            f"{fmt(ro['cpuSeconds'], 2)} s ({fmt(ro['seconds'], 2)} s) compose render",
            f"{fmt(rp['cpuSeconds'], 2)} s ({fmt(rp['seconds'], 2)} s) fluidsynth -ni -F", f"{cpu:.3f}x ({wall:.2f}x)",
            "<= 1.03x", cpu <= 1.03)
    bo = find("render-batch", label="compose")
    bp = find("render-batch-cli")
    if bo and bp and "seconds" in bo:
        # Same files, so the throughput ratio is the inverse ratio of the wall times.
        r = bp["seconds"] / bo["seconds"]
        add(f"Batch render songs/ ({bp['files']} files): compose render --jobs 2", f"{fmt(bo['seconds'], 1)} s",
            f"{fmt(bp['seconds'], 1)} s (fluidsynth CLI, one after another)", f"{r:.2f}x throughput", ">= 1.8x", r >= 1.8)
    m = find("markov")
    if m:
        add("Markov: train on melody/ (files read included)", f"{fmt(m['trainSeconds'], 2)} s", "", "", "<= 3 s", m["trainSeconds"] <= 3)
        add(f"Markov: generate {m['bars']} bars", f"{fmt(m['generateSeconds'] * 1000, 1)} ms", "", "", "<= 100 ms",
            m["generateSeconds"] <= 0.1)
    lstm = find("lstm")
    if lstm:
        add("LSTM (2x128): sampling", f"{fmt(lstm['sampleStepsPerSecond'], 0)} steps/s", "", "", "(measured)", None)
        add("LSTM (2x128): training, batch 64", f"{fmt(lstm['trainStepsPerSecond'], 0)} steps/s", "", "", "(measured)", None)
        tt = lstm.get("secondsToTarget")
        add(f"LSTM: training time to validation NLL <= {lstm['targetNLL']}",
            f"{fmt(tt / 60 if tt else None, 1)} min (epoch {lstm.get('epochAtTarget')}, from the saved model's record)",
            "Magenta basic_rnn: 43 min to 0.847", f"{43 * 60 / tt:.1f}x faster" if tt else "n/a", "(measured)", None)
    pno = find("piano")
    if pno:
        add("piano: key byte read -> fluid_synth_noteon returned", f"{fmt(pno['medianMicroseconds'], 1)} µs median "
            f"(p99 {fmt(pno['p99Microseconds'], 1)} µs)", "", "", "(measured)", None)
        add("piano: configured ALSA output latency", f"{fmt(pno['configuredLatencyMs'], 1)} ms "
            f"({pno['periodSize']} frames x {pno['periods']} periods @ 44.1 kHz)", "fluidsynth default: 23.2 ms (64 x 16)", "", "(measured)", None)
    bp = find("transcription", label="basic-pitch")
    if bp and "onsetF1" in bp:
        ours = find("transcription", label="littlemozart")
        add(f"Transcription: {bp['files']} held-out pieces as piano ({bp['audioSeconds'] / 60:.0f} min, {bp['soundfont']}): "
            "onset / onset+offset / frame F1, s per s of audio",
            f"{ours['onsetF1']:.3f} / {ours['onsetOffsetF1']:.3f} / {ours['frameF1']:.3f}, {ours['secondsPerSecond']:.4f} s" if ours else "(no model yet)",
            f"Basic Pitch 0.4.0: {bp['onsetF1']:.3f} / {bp['onsetOffsetF1']:.3f} / {bp['frameF1']:.3f}, {bp['secondsPerSecond']:.4f} s"
            + (f" (CPU {bp['cpuSecondsPerSecond']:.4f} s)" if "cpuSecondsPerSecond" in bp else ""),
            "", "onset >= 0.90 and ahead; <= 0.05 s", (ours["onsetF1"] >= max(0.9, bp["onsetF1"]) and ours["secondsPerSecond"] <= 0.05) if ours else None)
    for r in rows:
        if "skipped" in r or "error" in r:
            lines.append(f"\n{r.get('row')} {r.get('lib') or r.get('label') or ''}: {r.get('skipped') or r.get('error')}")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    commands = {"read": cmd_read, "write": cmd_write, "read-large": cmd_read_large, "cli": cmd_cli,
                "cli-batch": cmd_cli_batch, "table": cmd_table}
    name = sys.argv[1]
    if name not in commands:
        sys.exit(f"peer_bench.py: unknown subcommand {name!r} (see --help)")
    commands[name](sys.argv[2:])
