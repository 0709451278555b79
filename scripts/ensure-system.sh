#!/usr/bin/env bash
# System packages the tests need, from Debian: Chromium (e2e), Python with numpy/pytest/torch/onnx
# (exercises, model smoke test), OpenBLAS with OpenMP (torch is ~20x slower without it), and the
# headers code-server builds against. As root it installs what is missing; otherwise it says what to run.
set -euo pipefail
PY=${LLM_STUDY_PYTHON:-/usr/bin/python3}
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || need+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -x "$PY" ] || need+=(python3)
for mod in numpy:python3-numpy pytest:python3-pytest torch:python3-torch onnx:python3-onnx; do
  "$PY" -c "import ${mod%%:*}" >/dev/null 2>&1 || need+=("${mod##*:}")
done
dpkg -s libopenblas0-openmp >/dev/null 2>&1 || need+=(libopenblas0-openmp)
if [ ${#need[@]} -eq 0 ]; then echo "[ensure-system] system packages present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "[ensure-system] missing Debian packages: ${need[*]}"
  echo "[ensure-system] install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}"
  exit 1
fi
echo "[ensure-system] installing with apt: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
echo "[ensure-system] installed: ${need[*]}"
