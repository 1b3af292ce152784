#!/usr/bin/env bash
# LittleMozart benchmarks, measured next to their peers in the same run; prints the table of
# docs/performance.md.
#
#   Scripts/bench.sh              all rows (about 10 minutes on 2 cores; the batch render is most of it)
#   Scripts/bench.sh --rows read,write,large,render,batch,markov,lstm,piano,transcription   a subset
#   Scripts/bench.sh --quick      CI: read + write of corpus/songs only; fails only when our ratio
#                                 to symusic is more than 3x worse than the one recorded in
#                                 Scripts/bench-baseline.json (never on absolute times)
#
# Our side: the `bench` executable (release build), in-process, times after process start-up.
# Peers: symusic, mido, pretty_midi in-process via Scripts/peer_bench.py (interpreter start-up and
# imports excluded); the fluidsynth CLI and `compose render` as whole processes (start-up and
# SoundFont loading included on both sides). Times are medians of several runs (the read rows: the best
# of several, on both sides, as the machine is shared), except the
# batch renders and the slow Python peers (one run each).
# Needs: ../shared/corpus next to the package; pip symusic mido pretty_midi; the fluidsynth CLI and
# FluidR3_GM (fluid-soundfont-gm). Rows whose inputs are missing are skipped with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
corpus="$root/../shared/corpus"
rows="read,write,large,render,batch,markov,lstm,piano,transcription"
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --rows) rows="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
want() { case ",$rows," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
say() { echo "bench.sh: $*" >&2; }

if [ ! -d "$corpus" ]; then
  say "skipped: $corpus not found (the benchmarks read the shared corpus)"
  exit 0
fi
if ! python3 -c "import symusic" 2>/dev/null; then
  say "skipped: the Python peer symusic is not installed (pip install symusic mido pretty_midi)"
  exit 0
fi

say "building the bench executable (release)..."
swift build -c release --product bench 2>&1 | grep -E "error|warning: unre" >&2 || true
bench="$root/.build/release/bench"
[ -x "$bench" ] || { say "the release build of bench failed"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/littlemozart-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
peer="python3 $root/Scripts/peer_bench.py"

if [ "$quick" = 1 ]; then
  "$bench" read "$corpus/songs" --runs 5 >>"$results"
  $peer read --runs 5 --libs symusic "$corpus/songs" >>"$results"
  "$bench" write "$corpus/songs" --runs 5 >>"$results"
  $peer write --runs 5 "$corpus/songs" >>"$results"
  python3 - "$results" "$root/Scripts/bench-baseline.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
baseline = json.load(open(sys.argv[2]))
failed = False
for row in ("read", "write"):
    ours = next(r for r in rows if r["row"] == row and "lib" not in r)
    peer = next(r for r in rows if r["row"] == row and r.get("lib") == "symusic")
    ratio = ours["mbPerSecond"] / peer["mbPerSecond"]
    recorded = baseline["quick"][row]
    ok = ratio >= recorded / 3
    failed |= not ok
    print(f"{row}: ours {ours['mbPerSecond']:.1f} MB/s, symusic {peer['mbPerSecond']:.1f} MB/s, ratio {ratio:.2f} "
          f"(recorded {recorded:.2f}; fails below {recorded / 3:.2f}): {'ok' if ok else 'GROSS REGRESSION'}")
sys.exit(1 if failed else 0)
PY
  exit $?
fi

files=("$corpus/melody" "$corpus/drums" "$corpus/songs")
if want read; then
  say "read: ours, then symusic, mido, pretty_midi (mido and pretty_midi: one pass each, ~15 s each)"
  "$bench" read "${files[@]}" --runs 7 >>"$results"
  $peer read --runs 7 "${files[@]}" >>"$results"
fi
if want write; then
  say "write"
  "$bench" write "${files[@]}" --runs 7 >>"$results"
  $peer write --runs 7 "${files[@]}" >>"$results"
fi
if want large; then
  say "large file: generating, then reading it in fresh processes (peak memory); ours in bench-read, which links only SMF and Music"
  swift build -c release --product bench-read 2>&1 | grep -E "error" >&2 || true
  "$bench" make-large "$work/large.mid" --megabytes 24 >/dev/null
  "$root/.build/release/bench-read" "$work/large.mid" --runs 5 >>"$results"
  $peer read-large --runs 5 "$work/large.mid" >>"$results"
fi

soundfont=/usr/share/sounds/sf2/FluidR3_GM.sf2
if { want render || want batch || want piano; } && [ ! -f "$soundfont" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing fluid-soundfont-gm (FluidR3_GM.sf2)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fluid-soundfont-gm >/dev/null || true
  fi
fi
song="$corpus/songs/Avgvst_AtTheLake.mid"
if want render || want batch; then
  if [ ! -f "$soundfont" ] || ! command -v fluidsynth >/dev/null; then
    say "render rows skipped: needs $soundfont (apt-get install fluid-soundfont-gm) and the fluidsynth CLI"
  else
    if want render; then
      say "render: compose render vs fluidsynth -ni -F, same settings (gain 0.2, float WAV, 44.1 kHz), 3 runs each"
      swift build -c release --product compose 2>&1 | grep -E "error" >&2 || true
      $peer cli --runs 3 --row render --label fluidsynth -- fluidsynth -ni -g 0.2 -F "$work/cli.wav" -O float "$soundfont" "$song" >>"$results"
      $peer cli --runs 3 --row render --label compose -- "$root/.build/release/compose" render "$song" --soundfont "$soundfont" \
        --gain 0.2 --format float --out "$work/ours.wav" >>"$results"
    fi
    if want batch; then
      say "batch render of songs/: fluidsynth CLI one file after another, then compose render --jobs 2 (a few minutes)"
      swift build -c release --product compose 2>&1 | grep -E "error" >&2 || true
      $peer cli-batch --row render-batch-cli --out "$work/cli-batch" -- fluidsynth -ni -g 0.2 -F "{out}" -O float "$soundfont" "{in}" -- "$corpus/songs" >>"$results"
      rm -rf "$work/cli-batch"
      $peer cli --runs 1 --row render-batch --label compose -- "$root/.build/release/compose" render "$corpus/songs" \
        --out-dir "$work/ours-batch" --jobs 2 --soundfont "$soundfont" --gain 0.2 --format float --quiet >>"$results"
      rm -rf "$work/ours-batch"
    fi
  fi
fi
if want markov; then
  say "markov"
  "$bench" markov "$corpus/melody" --bars 1000 >>"$results"
fi
if want lstm; then
  if [ -f "$root/Models/melody-rnn.json" ]; then
    say "lstm (15 s of training)"
    "$bench" lstm --model "$root/Models/melody-rnn.json" --corpus "$corpus/melody" >>"$results"
  else
    say "lstm skipped: Models/melody-rnn.json not found"
  fi
fi
if want piano; then
  sf="$soundfont"; [ -f "$sf" ] || sf=/usr/share/sounds/sf2/TimGM6mb.sf2
  if [ -f "$sf" ]; then "$bench" piano --soundfont "$sf" >>"$results"; else say "piano skipped: no SoundFont"; fi
fi
if want transcription; then
  # Basic Pitch 0.4.0 and Piano Scribe (Models/piano-scribe.json) on the held-out transcription set
  # (Scripts/transcription_peer.sh, a few minutes): the same audio, the same scoring.
  venv="${BASIC_PITCH_VENV:-$root/../venv-bp}"
  if [ ! -x "$venv/bin/python" ]; then
    say "transcription skipped: no Basic Pitch venv at $venv (Scripts/setup-basic-pitch makes it)"
    echo '{"row": "transcription", "label": "basic-pitch", "skipped": "no Basic Pitch venv (Scripts/setup-basic-pitch)"}' >>"$results"
  else
    say "transcription: Basic Pitch on the held-out set (render, transcribe, score)"
    swift build -c release --product compose 2>&1 | grep -E "error" >&2 || true
    COMPOSE="$root/.build/release/compose" Scripts/transcription_peer.sh "$work/transcription" >&2
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s.update(row="transcription", label="basic-pitch"); print(json.dumps(s))' \
      "$work/transcription/summary.json" >>"$results"
    if [ -f "$work/transcription/littlemozart-summary.json" ]; then
      python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s.update(row="transcription", label="littlemozart"); print(json.dumps(s))' \
        "$work/transcription/littlemozart-summary.json" >>"$results"
    fi
  fi
fi

echo
echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(. /etc/os-release; echo "$PRETTY_NAME"), $(swift --version 2>/dev/null | head -1 | sed 's/ (.*//'), FluidSynth $(fluidsynth --version 2>/dev/null | head -1 | awk '{print $NF}'), symusic $(python3 -c 'import symusic; print(symusic.__version__)')"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
$peer table "$results"
if [ -n "${BENCH_RESULTS:-}" ]; then cp "$results" "$BENCH_RESULTS"; fi
