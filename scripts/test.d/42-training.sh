#!/usr/bin/env bash
# The training view's process (training/train.py --live): its protocol lines, checkpoints and
# --resume after a kill, clear errors for bad data files, and the demo preset's induction phase
# change; "Train with my code" (training/train_mine.py); train.py under torchrun with DDP (two gloo
# processes match one process with the same global batch). See training/test_train_live.py,
# test_train_mine.py, test_ddp.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${LLM_STUDY_PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import torch, pytest' >/dev/null 2>&1; then
  echo "[training] $py lacks torch/pytest: apt-get install python3-torch python3-pytest"
  exit 1
fi
exec "$py" -m pytest -q -p no:cacheprovider training/test_train_live.py training/test_train_mine.py training/test_ddp.py
