#!/usr/bin/env bash
# The held-out transcription set, and Basic Pitch's figures on it: pieces of ../shared/corpus played
# as piano (Scripts/transcription_heldout.py: every 10th chorale, every 20th lead sheet, every 10th
# song, by sorted name), rendered with `compose render` through a piano SoundFont, transcribed by
# Basic Pitch 0.4.0 (Scripts/basic_pitch_transcribe.py), scored by `compose evaluate transcribe
# --estimates`; then, when the Piano Scribe model is found (Models/piano-scribe.json, or $MODEL), the
# same audio transcribed and scored by `compose evaluate transcribe --audio`. Prints the reports;
# OUT/summary.json holds Basic Pitch's totals and speed, OUT/littlemozart-summary.json ours.
#
#   Scripts/transcription_peer.sh [OUT_DIR]     default OUT_DIR: a fresh temporary folder
# Environment: BASIC_PITCH_VENV (default ../venv-bp; made by Scripts/setup-basic-pitch),
# SOUNDFONT (default FluidR3_GM.sf2, else TimGM6mb.sf2), COMPOSE (default: a release build of compose),
# MODEL (default: the shipped Models/piano-scribe.json).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="${BASIC_PITCH_VENV:-$root/../venv-bp}"
corpus="$root/../shared/corpus"
say() { echo "transcription_peer: $*" >&2; }
[ -d "$corpus" ] || { say "skipped: $corpus not found"; exit 0; }
[ -x "$venv/bin/python" ] || { say "skipped: no Basic Pitch venv at $venv (run Scripts/setup-basic-pitch)"; exit 0; }
model="${MODEL:-$root/Models/piano-scribe.json}"
soundfont="${SOUNDFONT:-}"
if [ -z "$soundfont" ]; then
  for sf in /usr/share/sounds/sf2/FluidR3_GM.sf2 /usr/share/sounds/sf2/TimGM6mb.sf2; do
    [ -f "$sf" ] && { soundfont=$sf; break; }
  done
fi
[ -f "$soundfont" ] || { say "skipped: no piano SoundFont (apt-get install fluid-soundfont-gm)"; exit 0; }
compose="${COMPOSE:-}"
if [ -z "$compose" ]; then
  swift build -c release --product compose 2>&1 | grep -E "error" >&2 || true
  compose="$root/.build/release/compose"
fi
out="${1:-$(mktemp -d "${TMPDIR:-/tmp}/littlemozart-transcription.XXXXXX")}"
mkdir -p "$out"
say "references (piano) in $out/midi"
"$venv/bin/python" Scripts/transcription_heldout.py "$corpus" "$out/midi"
say "rendering through $(basename "$soundfont") into $out/audio"
"$compose" render "$out/midi" --out-dir "$out/audio" --soundfont "$soundfont" --jobs 2 --quiet
say "Basic Pitch into $out/basic-pitch"
"$venv/bin/python" Scripts/basic_pitch_transcribe.py "$out/audio" "$out/basic-pitch" > "$out/basic-pitch-speed.json"
"$compose" evaluate transcribe --midi "$out/midi" --estimates "$out/basic-pitch" --json > "$out/basic-pitch-scores.json"
"$compose" evaluate transcribe --midi "$out/midi" --estimates "$out/basic-pitch"
"$venv/bin/python" - "$out" "$(basename "$soundfont")" <<'PY'
import json, sys
out, sf = sys.argv[1], sys.argv[2]
scores = json.load(open(f"{out}/basic-pitch-scores.json"))
speed = json.loads(open(f"{out}/basic-pitch-speed.json").read().strip().splitlines()[-1])
m = scores["mean"]
summary = {"tool": speed["tool"], "soundfont": sf, "files": len(scores["files"]), "audioSeconds": speed["audioSeconds"],
           "secondsPerSecond": speed["secondsPerSecond"], "cpuSecondsPerSecond": speed["cpuSecondsPerSecond"], "onsetF1": m["onset"]["f1"], "onsetOffsetF1": m["onsetOffset"]["f1"],
           "onsetVelocityF1": m["onsetVelocity"]["f1"], "onsetOffsetVelocityF1": m["onsetOffsetVelocity"]["f1"], "frameF1": m["frame"]["f1"]}
json.dump(summary, open(f"{out}/summary.json", "w"), indent=1)
print(f"Basic Pitch 0.4.0 on {summary['files']} held-out pieces ({summary['audioSeconds'] / 60:.1f} min, {sf}): "
      f"onset F1 {summary['onsetF1']:.3f}, onset+offset F1 {summary['onsetOffsetF1']:.3f}, frame F1 {summary['frameF1']:.3f}, "
      f"{summary['secondsPerSecond']:.4f} s per second of audio ({summary['cpuSecondsPerSecond']:.4f} s of CPU)")
PY

if [ ! -f "$model" ]; then
  say "Piano Scribe skipped: no model at $model"
  exit 0
fi
say "Piano Scribe ($(basename "$model")) on the same audio"
"$compose" evaluate transcribe --midi "$out/midi" --audio "$out/audio" --model "$model" --json > "$out/littlemozart-scores.json"
"$compose" evaluate transcribe --midi "$out/midi" --audio "$out/audio" --model "$model" \
  | tail -n 5
"$venv/bin/python" - "$out" "$(basename "$soundfont")" <<'PY'
import json, sys
out, sf = sys.argv[1], sys.argv[2]
scores = json.load(open(f"{out}/littlemozart-scores.json"))
m, t = scores["mean"], scores["timing"]
summary = {"tool": "littlemozart", "soundfont": sf, "files": len(scores["files"]), "audioSeconds": t["audioSeconds"],
           "secondsPerSecond": t["secondsPerAudioSecond"], "onsetF1": m["onset"]["f1"], "onsetOffsetF1": m["onsetOffset"]["f1"],
           "onsetVelocityF1": m["onsetVelocity"]["f1"], "onsetOffsetVelocityF1": m["onsetOffsetVelocity"]["f1"], "frameF1": m["frame"]["f1"]}
json.dump(summary, open(f"{out}/littlemozart-summary.json", "w"), indent=1)
print(f"Piano Scribe on {summary['files']} held-out pieces ({summary['audioSeconds'] / 60:.1f} min, {sf}): "
      f"onset F1 {summary['onsetF1']:.3f}, onset+offset F1 {summary['onsetOffsetF1']:.3f}, frame F1 {summary['frameF1']:.3f}, "
      f"{summary['secondsPerSecond']:.4f} s per second of audio (one core)")
PY
