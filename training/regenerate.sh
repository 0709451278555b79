#!/usr/bin/env bash
# Regenerates every file in media/model/ from the data: trains the tiny GPT (two CPU threads,
# seed 1337), then exports it. Extra arguments go to train.py.
#   training/regenerate.sh                     # the shipped model
#   LLM_STUDY_MODEL_OUT=/tmp/m training/regenerate.sh --steps 50   # a quick look elsewhere
# Data: $LLM_STUDY_DATA, else ../shared/data/tinyshakespeare.txt, else downloaded (see data.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py=${LLM_STUDY_PYTHON:-/usr/bin/python3}
out=${LLM_STUDY_MODEL_OUT:-$here/../media/model}
ckpt=${LLM_STUDY_CKPT_DIR:-$here/out/full}
"$py" -c 'import torch, onnx, numpy' || { echo "needs python3-torch python3-onnx python3-numpy (apt), and libopenblas0-openmp for speed"; exit 1; }
"$py" "$here/train.py" --out "$ckpt" "$@"
"$py" "$here/export.py" --ckpt "$ckpt/ckpt.pt" --out "$out"
