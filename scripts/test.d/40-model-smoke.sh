#!/usr/bin/env bash
# The training pipeline still works end to end: a few steps on a slice of the text, export, and
# onnxruntime-node loads the result and agrees with PyTorch. Not the shipped model (media/model).
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${LLM_STUDY_PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import torch, onnx, numpy' >/dev/null 2>&1; then
  echo "[model-smoke] $py lacks torch/onnx/numpy: apt-get install python3-torch python3-onnx python3-numpy"
  exit 1
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS
# A small text the repository ships, so this step needs neither ../shared nor the network: our own
# lesson texts, plus the export's golden prompts so every one of their characters is in the vocab.
cat curriculum/lessons/*.md > "$tmp/smoke.txt"
"$py" -c 'import sys; sys.path.insert(0, "training"); from export import GOLDEN_PROMPTS; print("".join(GOLDEN_PROMPTS))' >> "$tmp/smoke.txt"
"$py" training/train.py --data "$tmp/smoke.txt" --out "$tmp/ckpt" --max-chars 200000 --steps 15 --batch-size 8 \
  --eval-interval 100 --eval-iters 1 --final-eval-iters 2 > "$tmp/train.log" 2>&1 || { cat "$tmp/train.log"; exit 1; }
"$py" training/export.py --ckpt "$tmp/ckpt/ckpt.pt" --out "$tmp/model" --greedy-tokens 140 > "$tmp/export.log" 2>&1 \
  || { cat "$tmp/export.log"; exit 1; }
node --import tsx test/support/checkModelDir.ts "$tmp/model"
# Offline with no text anywhere: real training says how to get one instead of a traceback.
offline=$(cd training && env -u LLM_STUDY_DATA "$py" -c '
import data, pathlib
data.CANDIDATES = [pathlib.Path("/nonexistent/tinyshakespeare.txt"), pathlib.Path("'"$tmp"'/dl/tinyshakespeare.txt")]
data.DATA_URL = "http://127.0.0.1:9/unreachable"
data.find_text()' 2>&1) && { echo "[model-smoke] expected a failed download"; exit 1; }
grep -q "could not download tiny Shakespeare" <<<"$offline" && grep -q -- "--data PATH" <<<"$offline" \
  || { echo "[model-smoke] offline message missing: $offline"; exit 1; }
echo "[model-smoke] ok: trained 15 steps, exported and loaded in $((SECONDS - t0)) s"
