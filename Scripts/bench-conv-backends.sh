#!/bin/sh
# Times Piano Scribe's three convolutions on one 200-frame chunk, one thread each: as `compose
# transcribe` runs them (`bench conv`: ModelKit's Conv2D in Swift, im2col + OpenBLAS sgemm), the
# same algorithm in C, and through oneDNN 2.x (Debian 12's libdnnl-dev; the 3.x API differs). Issue 18 asks which is faster here
# (docs/transcription.md has the figures). Not part of the build or CI: oneDNN is not a dependency
# of the package.
#   Scripts/bench-conv-backends.sh [RUNS]       (default 200 runs per layer and way; medians printed)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f /usr/include/oneapi/dnnl/dnnl.h ]; then
    echo "bench-conv-backends: oneDNN is not installed (sudo apt-get install libdnnl-dev)" >&2
    exit 69
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/conv_backends" "$here/bench/conv_backends.c" $(pkg-config --cflags --libs openblas) -ldnnl -lm
echo "oneDNN $(dpkg-query -W -f '${Version}' libdnnl2 2>/dev/null || echo '?'), OpenBLAS $(dpkg-query -W -f '${Version}' libopenblas0-pthread 2>/dev/null || dpkg-query -W -f '${Version}' libopenblas0 2>/dev/null || echo '?'); one thread each"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$out/conv_backends" "${1:-200}"
cd "$here/.."
swift build -c release --product bench >/dev/null
echo "ModelKit Conv2D (Swift, what compose transcribe runs; bench conv):"
OPENBLAS_NUM_THREADS=1 .build/release/bench conv --runs "${1:-200}"
