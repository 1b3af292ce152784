#!/bin/bash
# Regenerates the "Form" tables of docs/evaluation.md: generates melodies, grooves and SATB
# harmonizations with today's compose, then measures them beside the held-out real pieces with
# `compose evaluate form`. Usage (from the package root, after `swift build -c release --product compose`):
#   Scripts/form_tables.sh [COMPOSE] [CORPUS] [OUT]
# COMPOSE defaults to .build/release/compose, CORPUS to ../shared/corpus, OUT to a new temporary folder.
set -euo pipefail
C=${1:-.build/release/compose}
CORPUS=${2:-../shared/corpus}
OUT=${3:-$(mktemp -d)}
mkdir -p "$OUT"/melody-markov "$OUT"/melody-rnn "$OUT"/drums-rnn "$OUT"/drums-markov "$OUT"/harmonize-satb
for s in $(seq 1 20); do
  "$C" melody --bars 16 --seed "$s" --out "$OUT/melody-markov/seed$s.mid" > /dev/null
  "$C" melody --bars 16 --seed "$s" --model rnn --out "$OUT/melody-rnn/seed$s.mid" > /dev/null
done
for s in $(seq 1 10); do
  "$C" drums --bars 8 --seed "$s" --out "$OUT/drums-rnn/seed$s.mid" > /dev/null
  "$C" drums --bars 8 --seed "$s" --model markov --out "$OUT/drums-markov/seed$s.mid" > /dev/null
done
# The held-out chorales (the real column's pieces), each harmonized from its own soprano.
"$C" evaluate form --kind satb --corpus "$CORPUS/chorales" --json -q \
  | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)["realPieces"]))' \
  | while read -r name; do
      "$C" harmonize --style satb "$CORPUS/chorales/$name" --out "$OUT/harmonize-satb/$(basename "$name")" > /dev/null
    done
echo "## melody, held-out tunes"
"$C" evaluate form --kind melody --corpus "$CORPUS/melody" --generated "$OUT/melody-markov" --generated "$OUT/melody-rnn" --markdown -q
echo; echo "## melody, held-out reels and hornpipes"
"$C" evaluate form --kind melody --corpus "$CORPUS/melody" --only reels --only hpps --generated "$OUT/melody-markov" --generated "$OUT/melody-rnn" --markdown -q
echo; echo "## drums"
"$C" evaluate form --kind drums --corpus "$CORPUS/drums" --generated "$OUT/drums-rnn" --generated "$OUT/drums-markov" --markdown -q
echo; echo "## SATB"
"$C" evaluate form --kind satb --corpus "$CORPUS/chorales" --generated "$OUT/harmonize-satb" --markdown -q
echo; echo "(outputs in $OUT)"
