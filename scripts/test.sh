#!/usr/bin/env bash
# `npm test`: every test layer, in order, cheapest first. Each step runs even if an earlier one
# failed, so one red layer does not hide another; the summary line and exit code say the rest.
set -uo pipefail
cd "$(dirname "$0")/.."
export LLM_STUDY_PYTHON=${LLM_STUDY_PYTHON:-/usr/bin/python3}
passed=0; failed=0; failures=()
step() {
  local name=$1; shift
  local t0=$SECONDS
  echo; echo "=== $name"
  if "$@"; then passed=$((passed + 1)); echo "=== $name: ok ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ($((SECONDS - t0)) s)"; fi
}
step "system packages" bash scripts/ensure-system.sh
step "build" npm run --silent build
step "typecheck" npm run --silent typecheck
step "lint" npm run --silent lint
step "curriculum schema" node --import tsx scripts/validateCurriculum.ts
step "unit tests" npm run --silent test:unit
for f in scripts/test.d/*.sh; do
  [ -e "$f" ] || continue
  step "$(basename "$f" .sh)" bash "$f"
done
step "extension-host tests (code-server)" npm run --silent test:exthost
step "extension-host tests (VS Code desktop, if installed)" npm run --silent test:electron
step "end-to-end tests" npm run --silent test:e2e
echo
[ ${#failures[@]} -eq 0 ] || echo "failed steps: ${failures[*]}"
echo "test steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
