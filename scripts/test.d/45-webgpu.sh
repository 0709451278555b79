#!/usr/bin/env bash
# The WebGPU backend's code path in headless Chromium (SwiftShader): it loads, generates, and
# writes what WASM writes. See test/browser/webgpu.test.ts.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --import tsx --test test/browser/webgpu.test.ts
