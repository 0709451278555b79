// A run that ends without its closing line must say why (issue 11, "runs that lie"): an exit code,
// a signal, what it printed last. Before, each of these ended as "0 passed, 0 failed".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRunOutput, RunnerOutputParser, whyUnfinished } from '../../../src/exercises/results';
import { HeadTail, runProcess, testCommand } from '../../../src/exercises/runner';
import { copyRunner } from '../../../src/exercises/scaffold';

const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const REPO = path.resolve(__dirname, '../../..');

async function runExercise(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-end-'));
  copyRunner(path.join(REPO, 'curriculum/exercises/_runner'), dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const cmd = testCommand(dir, { timeoutSeconds: 10 });
  const r = await runProcess({ command: python, args: cmd.args, cwd: dir, env: cmd.env, timeoutMs: 20_000 }).result;
  fs.rmSync(dir, { recursive: true, force: true });
  return { r, parsed: parseRunOutput(r.stdout) };
}

const testFile = (body: string) =>
  `import unittest\n\nclass TestIt(unittest.TestCase):\n    def test_it(self):\n        """it ends"""\n${body.split('\n').map((l) => `        ${l}`).join('\n')}\n`;

test('os._exit(3) in the learner\'s code says exit code 3, the test it was in, and its last output', async () => {
  const { r, parsed } = await runExercise({ 'test_it.py': testFile('import os, sys\nsys.__stderr__.write("about to leave\\n")\nos._exit(3)') });
  assert.equal(r.code, 3);
  assert.equal(parsed.summary, undefined);
  const why = whyUnfinished(parsed, r);
  assert.ok(why, 'a reason is given');
  assert.match(why, /exit code 3/);
  assert.match(why, /"it ends"/);
  assert.match(why, /about to leave/);
});

test('a run killed by SIGKILL (what the system does when memory runs out) says so', async () => {
  const { r, parsed } = await runExercise({ 'test_it.py': testFile('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)') });
  assert.equal(r.signal, 'SIGKILL');
  const why = whyUnfinished(parsed, r);
  assert.ok(why);
  assert.match(why, /SIGKILL/);
  assert.match(why, /out of memory/);
});

test('a run that finished has no reason to give', async () => {
  const { r, parsed } = await runExercise({ 'test_it.py': testFile('pass') });
  assert.equal(whyUnfinished(parsed, r), undefined);
});

test('20 MB without a newline parses in linear time and the line is cut, not kept whole', () => {
  const p = new RunnerOutputParser();
  const chunk = 'y'.repeat(64 * 1024);
  const t0 = performance.now();
  for (let i = 0; i < 320; i++) p.push(chunk);
  const [last] = [...p.push('\nLLMSTUDY_RESULT {"id": "a", "status": "passed"}\n')];
  const ms = performance.now() - t0;
  assert.ok(ms < 1500, `took ${ms} ms`);
  assert.equal(last.kind, 'other');
  assert.ok(last.kind === 'other' && last.line.length < 2 * 1024 * 1024, 'the long line is cut');
});

test('HeadTail keeps the first and last bytes and counts what it dropped', () => {
  const h = new HeadTail(10, 10);
  assert.equal(h.push('0123456789abc'), '0123456789');
  h.push('defghijklmnopqrstuvwxyz');
  assert.equal(h.dropped, 36 - 20);
  assert.equal(h.tailText(), 'qrstuvwxyz');
  assert.match(h.text(), /^0123456789\n\[\.\.\. 16 B of output dropped \.\.\.\]\nqrstuvwxyz$/);
});
