// "Train with my code", the host's part: the learner's loop runs as train_mine.py with their
// exercise folder, never resumes (their train() owns its optimizer), is known again after a reload
// by the marker train_mine.py writes, and a missing exercise or train_loop.py is said before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MINE_MARKER, mineArgs, mineProblem } from '../../../src/training/runs';
import { MINE_SCRIPT, TrainingSession } from '../../../src/training/session';
import { TRAINING_CHECKS } from '../../../src/shared/protocols/training';
import type { RunStatus } from '../../../src/shared/protocols/training';

const PY = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

test('the learner\'s loop is started with their folder, on the demo preset, live', () => {
  assert.deepEqual(mineArgs({ exerciseDir: '/ex/train-loop', data: '/d/names.txt', out: '/r/run', threads: 2 }),
    ['--exercise-dir', '/ex/train-loop', '--preset', 'demo', '--data', '/d/names.txt', '--out', '/r/run', '--live', '--threads', '2']);
});

test('no started exercise, or no train_loop.py in it, is said before anything runs', () => {
  assert.match(mineProblem(undefined) ?? '', /train-loop exercise, which you have not started: start it/);
  const dir = tmp('mine-ex-');
  assert.match(mineProblem(dir) ?? '', new RegExp(`needs ${path.join(dir, 'train_loop.py').replace(/[/.]/g, '\\$&')}, which is not there`));
  fs.writeFileSync(path.join(dir, 'train_loop.py'), '');
  assert.equal(mineProblem(dir), undefined);
});

test('the start message may ask for the learner\'s code, as a boolean only', () => {
  assert.equal(TRAINING_CHECKS.start({ type: 'start', preset: 'demo', data: 'names' }), undefined);
  assert.equal(TRAINING_CHECKS.start({ type: 'start', preset: 'demo', data: 'names', mine: true }), undefined);
  assert.match(TRAINING_CHECKS.start({ type: 'start', preset: 'demo', data: 'names', mine: 'yes' }) ?? '', /mine/);
});

/** A scripts folder whose train_mine.py writes its argv and the marker, prints a start and a done event. */
function fakeScripts(): string {
  const dir = tmp('mine-scripts-');
  fs.writeFileSync(path.join(dir, MINE_SCRIPT), `import json, sys, os
out = sys.argv[sys.argv.index("--out") + 1]
open(os.path.join(out, "argv.json"), "w").write(json.dumps(sys.argv[1:]))
open(os.path.join(out, "${MINE_MARKER}"), "w").write("{}")
open(os.path.join(out, "ckpt.pt"), "w").write("weights")
print("LLMSTUDY_TRAIN " + json.dumps({"kind": "start", "step": 0, "steps": 2, "params": 1, "preset": "demo", "data": "d", "vocab_size": 3, "resumed": False, "mine": True}))
print("LLMSTUDY_TRAIN " + json.dumps({"kind": "done", "step": 2, "ckpt": "c", "train_loss": 1.0, "val_loss": 1.1, "seconds": 0.1}))
`);
  fs.writeFileSync(path.join(dir, 'train.py'), 'raise SystemExit("train.py must not run for my code")\n');
  return dir;
}

test('a run of the learner\'s code goes through train_mine.py, is marked mine, and refuses Resume', async () => {
  const scriptsDir = fakeScripts();
  const session = new TrainingSession({ scriptsDir, threads: () => 1, env: () => process.env, log: () => {} });
  const states: RunStatus[] = [];
  const done = new Promise<void>((resolve) => session.listen({
    onStatus: (s) => {
      states.push(s);
      if (s.state !== 'running') resolve();
    },
    onEvent: () => {}, onReset: () => {},
  }));
  const runDir = path.join(tmp('mine-runs-'), 'demo-names-1');
  session.startMine(PY, '/ex/train-loop', '/d/names.txt', runDir);
  await done;
  assert.deepEqual(states.map((s) => [s.state, s.mine]), [['running', true], ['done', true]]);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(runDir, 'argv.json'), 'utf8')),
    mineArgs({ exerciseDir: '/ex/train-loop', data: '/d/names.txt', out: runDir, threads: 1 }));
  assert.deepEqual(session.history.map((e) => e.kind), ['start', 'done']);
  assert.throws(() => session.resume(PY), /cannot be resumed: start it again/);

  // After a reload the marker says whose loop it was: Resume stays refused, Export stays possible.
  const again = new TrainingSession({ scriptsDir, threads: () => 1, env: () => process.env, log: () => {} });
  again.adopt(runDir);
  assert.equal(again.current.mine, true);
  assert.equal(again.current.hasCheckpoint, true);
  assert.throws(() => again.resume(PY), /cannot be resumed/);
});

test('a run of the built-in loop is not marked mine', () => {
  const runDir = tmp('builtin-run-');
  fs.writeFileSync(path.join(runDir, 'ckpt.pt'), 'weights');
  const session = new TrainingSession({ scriptsDir: fakeScripts(), threads: () => 1, env: () => process.env, log: () => {} });
  session.adopt(runDir);
  assert.equal(session.current.mine, undefined);
});
