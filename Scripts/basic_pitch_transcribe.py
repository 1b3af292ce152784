#!/usr/bin/env python3
"""Transcribes every .wav of a folder with Basic Pitch 0.4.0 (ONNX model, CPU, default thresholds:
onset 0.5, frame 0.3, minimum note 127.7 ms) into OUT_DIR/<name>.mid, and prints one JSON line:
files, seconds of audio, seconds taken (model loaded and warmed up first, then each file's
inference.predict timed: reading, resampling, the network and note decoding), seconds per second,
and the CPU seconds of the process (all threads) per second of audio, which a busy machine does
not inflate. Basic Pitch's own progress lines go to stderr.

    $BASIC_PITCH_VENV/bin/python Scripts/basic_pitch_transcribe.py AUDIO_DIR OUT_DIR
"""
import contextlib
import json
import logging
import os
import sys
import time
import warnings

logging.disable(logging.WARNING)   # basic_pitch warns that TensorFlow and tflite are absent
warnings.filterwarnings("ignore")

import soundfile  # noqa: E402
from basic_pitch import FilenameSuffix, build_icassp_2022_model_path, inference  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    audio_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    files = sorted(f for f in os.listdir(audio_dir) if f.lower().endswith(".wav"))
    if not files:
        sys.exit(f"basic_pitch_transcribe: no .wav files in {audio_dir}")
    model = inference.Model(build_icassp_2022_model_path(FilenameSuffix.onnx))
    with contextlib.redirect_stdout(sys.stderr):
        inference.predict(os.path.join(audio_dir, files[0]), model)   # warm-up (1-2.5 s on a first call)
    audio_seconds = taken = cpu = 0.0
    for name in files:
        path = os.path.join(audio_dir, name)
        audio_seconds += soundfile.info(path).duration
        start, start_cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(sys.stderr):
            _, midi, _ = inference.predict(path, model)
        taken += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        midi.write(os.path.join(out_dir, os.path.splitext(name)[0] + ".mid"))
    print(json.dumps({"tool": "basic-pitch 0.4.0 (onnx)", "files": len(files), "audioSeconds": round(audio_seconds, 3),
                      "seconds": round(taken, 3), "secondsPerSecond": round(taken / audio_seconds, 5),
                      "cpuSeconds": round(cpu, 3), "cpuSecondsPerSecond": round(cpu / audio_seconds, 5)}))


if __name__ == "__main__":
    main()
