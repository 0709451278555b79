// A learner's endless loop must end cleanly: the runner's watchdog says where it was, and when even
// that cannot run, the whole process tree is killed (children included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hardTimeoutMs, runProcess, testCommand } from '../../../src/exercises/runner';
import { parseRunOutput } from '../../../src/exercises/results';

const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const REPO = path.resolve(__dirname, '../../..');
/** Running, not a zombie: in a container nobody may reap an orphan killed with its group. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

test('a timed-out process is killed with the processes it started', { skip: process.platform === 'win32' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-tree-'));
  const pidFile = path.join(dir, 'child.pid');
  // The parent blocks every signal it can and spins; its child sleeps. Both must go.
  const code = `import subprocess, signal, sys
p = subprocess.Popen(['sleep', '300'])
open(${JSON.stringify(pidFile)}, 'w').write(str(p.pid))
signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True: pass`;
  const t0 = Date.now();
  const r = await runProcess({ command: python, args: ['-c', code], cwd: dir, timeoutMs: 1500 }).result;
  assert.equal(r.timedOut, true);
  assert.ok(Date.now() - t0 < 6000, `ended in ${Date.now() - t0} ms`);
  const child = Number(fs.readFileSync(pidFile, 'utf8'));
  await new Promise((res) => setTimeout(res, 200));
  assert.equal(alive(child), false, 'the child process was killed too');
});

test('an infinite loop in a learner\'s function times out with where it was looping', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-loop-'));
  fs.copyFileSync(path.join(REPO, 'curriculum/exercises/_runner/llmstudy_test.py'), path.join(dir, 'llmstudy_test.py'));
  fs.writeFileSync(path.join(dir, 'loop.py'), 'def f():\n    n = 0\n    while True:\n        n += 1\n');
  fs.writeFileSync(path.join(dir, 'test_loop.py'),
    'import unittest\nimport loop\n\nclass TestLoop(unittest.TestCase):\n    def test_a(self):\n        """f ends"""\n        loop.f()\n\n    def test_b(self):\n        pass\n');
  const cmd = testCommand(dir, { timeoutSeconds: 1 });
  // A generous hard limit: this test is about the runner's own watchdog, which must end it first.
  const r = await runProcess({ command: python, args: cmd.args, cwd: dir, env: cmd.env, timeoutMs: 15_000 }).result;
  const parsed = parseRunOutput(r.stdout);
  const a = parsed.results.find((x) => x.id.endsWith('test_a'));
  assert.ok(a, r.stdout + r.stderr);
  assert.equal(a.status, 'error');
  assert.match(a.message, /timed out after 1 s/);
  assert.equal(a.file, 'loop.py');
  assert.ok(a.line === 3 || a.line === 4, `line ${a.line}`);
  assert.equal(r.timedOut, false, 'the runner\'s own watchdog ended it, not the hard kill');
  assert.ok(hardTimeoutMs(1) > 1000 + 1500, 'the watchdog gets time to report before the hard kill');
});
