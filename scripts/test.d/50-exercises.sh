#!/usr/bin/env bash
# check:exercises: every exercise's stub fails its tests, its solution passes, its mutants fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
export LLM_STUDY_PYTHON=${LLM_STUDY_PYTHON:-/usr/bin/python3}
if ! "$LLM_STUDY_PYTHON" -c 'import numpy' >/dev/null 2>&1; then
  echo "[exercises] $LLM_STUDY_PYTHON has no numpy: apt-get install python3-numpy (or set LLM_STUDY_PYTHON)"
  exit 1
fi
exec node --import tsx scripts/checkExercises.ts "$@"
