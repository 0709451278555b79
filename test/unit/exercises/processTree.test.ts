// A learner's endless loop must end cleanly: the runner's watchdog says where it was, and when even
// that cannot run, the whole process tree is killed (children included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hardTimeoutMs, runProcess, testCommand } from '../../../src/exercises/runner';
import { parseRunOutput } from '../../../src/exercises/results';
import { copyRunner } from '../../../src/exercises/scaffold';

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
/** Whether the process is gone within `ms`: a kill lands at once, but on a busy machine the check may come first. */
const goneWithin = async (pid: number, ms = 3000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((res) => setTimeout(res, 50))) if (!alive(pid)) return true;
  return !alive(pid);
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
  assert.equal(await goneWithin(child), true, 'the child process was killed too');
});

test('an infinite loop in a learner\'s function times out with where it was looping', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-loop-'));
  copyRunner(path.join(REPO, 'curriculum/exercises/_runner'), dir);
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

// --- Runs that hang: a learner's child in its own session keeps our pipes open (issue 11) ---

/** A throwaway exercise folder with the real runner and the given files. */
function exerciseDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-hang-'));
  copyRunner(path.join(REPO, 'curriculum/exercises/_runner'), dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Python that starts `sleep 300` in its own session (out of our process group) and writes its pid. */
const sessionChild = (pidFile: string) =>
  `import subprocess\np = subprocess.Popen(['sleep', '300'], start_new_session=True)\nopen(${JSON.stringify(pidFile)}, 'w').write(str(p.pid))\n`;

const linuxOnly = { skip: process.platform !== 'linux' && 'needs /proc', timeout: 30_000 };

test('a child in its own session does not keep the run open: the run ends when the runner exits, and the child is killed', linuxOnly, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-session-'));
  const pidFile = path.join(dir, 'child.pid');
  const t0 = Date.now();
  const r = await runProcess({ command: python, args: ['-c', sessionChild(pidFile)], cwd: dir, timeoutMs: 15_000 }).result;
  assert.ok(Date.now() - t0 < 5000, `ended in ${Date.now() - t0} ms`);
  assert.equal(r.timedOut, false, 'the runner ended by itself: not a time-out');
  assert.equal(r.code, 0);
  assert.equal(await goneWithin(Number(fs.readFileSync(pidFile, 'utf8'))), true, 'the child in its own session was killed');
});

test('Cancel ends a run whose learner code started a child in its own session', linuxOnly, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-cancel-'));
  const pidFile = path.join(dir, 'child.pid');
  const proc = runProcess({ command: python, args: ['-c', `${sessionChild(pidFile)}while True: pass\n`], cwd: dir, timeoutMs: 20_000 });
  while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8')) await new Promise((res) => setTimeout(res, 50));
  const t0 = Date.now();
  proc.cancel();
  const r = await proc.result;
  assert.ok(Date.now() - t0 < 3000, `cancel took ${Date.now() - t0} ms`);
  assert.equal(r.cancelled, true);
  assert.equal(r.timedOut, false);
  assert.equal(await goneWithin(Number(fs.readFileSync(pidFile, 'utf8'))), true, 'the child in its own session was killed');
});

test('an all-passing run whose test leaves a child in its own session is reported as passed, not timed out', linuxOnly, async () => {
  const dir = exerciseDir({});
  const pidFile = path.join(dir, 'child.pid');
  fs.writeFileSync(path.join(dir, 'test_spawn.py'),
    `import unittest\n\nclass TestSpawn(unittest.TestCase):\n    def test_spawns(self):\n${sessionChild(pidFile).split('\n').map((l) => `        ${l}`).join('\n')}\n`);
  const cmd = testCommand(dir, { timeoutSeconds: 5 });
  const t0 = Date.now();
  const r = await runProcess({ command: python, args: cmd.args, cwd: dir, env: cmd.env, timeoutMs: hardTimeoutMs(5) }).result;
  assert.ok(Date.now() - t0 < 5000, `ended in ${Date.now() - t0} ms`);
  assert.equal(r.timedOut, false);
  assert.deepEqual(parseRunOutput(r.stdout).summary, { passed: 1, failed: 0, skipped: 0 });
  assert.equal(await goneWithin(Number(fs.readFileSync(pidFile, 'utf8'))), true, 'the leftover child was killed');
});

test('a child in its own session is killed even when the learner\'s code ends the runner with os._exit', linuxOnly, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-exit-'));
  const pidFile = path.join(dir, 'child.pid');
  const r = await runProcess({ command: python, args: ['-c', `${sessionChild(pidFile)}import os\nos._exit(3)\n`], cwd: dir, timeoutMs: 15_000 }).result;
  assert.equal(r.code, 3);
  assert.equal(await goneWithin(Number(fs.readFileSync(pidFile, 'utf8'))), true);
});

test('20 MB of output: the run stays fast and keeps at most the first and last 256 KB, saying how much was dropped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-flood-'));
  const code = "import sys\nfor i in range(200_000):\n    sys.stdout.write('x' * 99 + '\\n')\nsys.stdout.write('THE END\\n')\n";
  const t0 = Date.now();
  const r = await runProcess({ command: python, args: ['-c', code], cwd: dir, timeoutMs: 30_000, keepBytes: 512 * 1024 }).result;
  const ms = Date.now() - t0;
  assert.ok(r.stdout.length <= 512 * 1024 + 200, `kept ${r.stdout.length} characters`);
  assert.match(r.stdout, /THE END\n$/, 'the last lines are kept');
  assert.equal(r.stdoutDropped, 20_000_008 - 512 * 1024);
  assert.match(r.stdout, /19\.\d MB of output dropped/);
  assert.ok(ms < 5000, `took ${ms} ms`);
});
