// What the training view finds again after a window reload, and what a failed export leaves: a new
// TrainingSession adopting a run folder gets the run's curves from its event log (a run of the
// learner's own loop too), a run stopped before its first checkpoint is the one shown, and an
// export is complete or does not count. Fake train.py / train_mine.py / export.py stand in for Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EVENT_LOG, EXPORT_FOLDER, latestRun, MINE_MARKER } from '../../../src/training/runs';
import { MINE_SCRIPT, TrainingSession } from '../../../src/training/session';
import type { RunStatus } from '../../../src/shared/protocols/training';

const PY = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const newSession = (scriptsDir: string) => new TrainingSession({ scriptsDir, threads: () => 1, env: () => process.env, log: () => {} });

const START = { kind: 'start', step: 0, steps: 30, params: 1, preset: 'demo', data: 'd', vocab_size: 3, resumed: false };
const step = (s: number) => ({ kind: 'step', step: s, train_loss: 2 - s / 100, tokens_per_s: 5, eta_s: 1, heads: { prev_token: [[0.1, 0.2]], induction: [[0.3, s / 100]] } });

/** A script that prints these events and, when `ckpt`, writes a checkpoint (and the my-code marker when `mine`). */
function script(events: object[], opts: { ckpt?: boolean; mine?: boolean } = {}): string {
  return `import json, os, sys
out = sys.argv[sys.argv.index("--out") + 1]
${opts.mine ? `open(os.path.join(out, "${MINE_MARKER}"), "w").write("{}")` : ''}
${opts.ckpt ? 'open(os.path.join(out, "ckpt.pt"), "w").write("weights")' : ''}
for e in json.loads(${JSON.stringify(JSON.stringify(events))}):
    print("LLMSTUDY_TRAIN " + json.dumps(e), flush=True)
`;
}

function scripts(files: Record<string, string>): string {
  const dir = tmp('train-scripts-');
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return dir;
}

function ended(session: TrainingSession): Promise<RunStatus> {
  return new Promise((resolve) => {
    const sub = session.listen({
      onStatus: (s) => {
        if (s.state !== 'running') {
          sub.dispose();
          resolve(s);
        }
      },
      onEvent: () => {}, onReset: () => {},
    });
  });
}

test('a run of the learner\'s loop draws its curves again after a reload: its events are in its folder', async () => {
  const dir = scripts({ [MINE_SCRIPT]: script([{ ...START, mine: true }, step(0), step(10), step(20)], { ckpt: true, mine: true }) });
  const runDir = path.join(tmp('runs-'), 'demo-d-1');
  const first = newSession(dir);
  const end = ended(first);
  first.startMine(PY, '/ex/train-loop', '/d.txt', runDir);
  await end;
  // The reload: a new extension host, a new session, the same folder.
  const after = newSession(dir);
  after.adopt(runDir);
  assert.deepEqual(after.history.map((e) => e.kind === 'step' && e.step), [false, 0, 10, 20]);
  assert.equal(after.current.mine, true);
  assert.equal(after.current.hasCheckpoint, true);
});

test('a resumed run\'s log is read from its last start: the replayed history, then what followed', async () => {
  const runDir = tmp('run-');
  fs.writeFileSync(path.join(runDir, 'ckpt.pt'), 'w');
  fs.writeFileSync(path.join(runDir, EVENT_LOG), [START, step(0), step(10), step(20), { ...START, resumed: true }, { ...step(0), replay: true },
    { ...step(10), replay: true }, step(20), step(30), { kind: 'done', step: 30, ckpt: 'c', train_loss: 1, val_loss: 1, seconds: 1 }]
    .map((e) => JSON.stringify(e)).join('\n') + '\n{"kind":"step","st');
  const s = newSession(scripts({}));
  s.adopt(runDir);
  assert.equal(s.history.length, 6);
  assert.deepEqual(s.history[0], { ...START, resumed: true });
  assert.equal(s.current.state, 'done', 'a finished run is shown finished (no Resume offered)');
});

test('a run stopped before its first checkpoint is the one shown after a reload, not an older run', async () => {
  const root = tmp('runs-');
  const older = path.join(root, 'demo-d-older');
  fs.mkdirSync(older);
  fs.writeFileSync(path.join(older, 'ckpt.pt'), 'w');
  fs.utimesSync(path.join(older, 'ckpt.pt'), 1000, 1000);
  const dir = scripts({ 'train.py': script([START, step(0)]) });
  const newer = path.join(root, 'demo-d-newer');
  const first = newSession(dir);
  const end = ended(first);
  first.start(PY, 'demo', '/d.txt', newer);
  await end;
  assert.equal(latestRun(root), newer);
  const after = newSession(dir);
  after.adopt(newer);
  assert.equal(after.current.hasCheckpoint, false);
  assert.equal(after.current.state, 'stopped');
  assert.match(after.current.message ?? '', /before its first checkpoint/);
  assert.equal(after.history.length, 2, 'its curve so far is drawn');
});

test('a run whose Python never started leaves no empty folder behind', async () => {
  const runDir = path.join(tmp('runs-'), 'demo-d-1');
  const s = newSession(scripts({}));
  const end = ended(s);
  s.start('/nonexistent/python3', 'demo', '/d.txt', runDir);
  assert.equal((await end).state, 'failed');
  assert.equal(fs.existsSync(runDir), false);
});

/** An export.py that writes part of an export, then fails the way export_interp.py did on a 2-layer model. */
const FAILING_EXPORT = `import os, sys
out = sys.argv[sys.argv.index("--out") + 1]
os.makedirs(out, exist_ok=True)
open(os.path.join(out, "model.onnx"), "w").write("half")
sys.stderr.write("Traceback (most recent call last):\\n  File \\"export_interp.py\\", line 108\\nIndexError: index 2 is out of bounds for dimension 0 with size 2\\n")
sys.exit(1)
`;

test('a failed export says the export failed and why, ends "Exporting…", and leaves no export to open', async () => {
  const runDir = tmp('run-');
  fs.writeFileSync(path.join(runDir, 'ckpt.pt'), 'w');
  const s = newSession(scripts({ 'export.py': FAILING_EXPORT }));
  s.adopt(runDir);
  const statuses: RunStatus[] = [];
  s.listen({ onStatus: (st) => statuses.push(st), onEvent: () => {}, onReset: () => {} });
  await assert.rejects(s.export(PY), (e: Error) => {
    assert.match(e.message, /export\.py stopped with exit code 1: .*IndexError: index 2 is out of bounds/);
    assert.doesNotMatch(e.message, /training stopped/);
    return true;
  });
  // The view hears a status after the failure: its Export button comes back, its text says why.
  assert.equal(statuses.length, 1);
  assert.match(statuses[0].message ?? '', /^Export failed: export\.py stopped with exit code 1/);
  assert.equal(statuses[0].exported, undefined);
  assert.equal(fs.existsSync(path.join(runDir, EXPORT_FOLDER)), false, 'no half-written export folder');
  const after = newSession(scripts({}));
  after.adopt(runDir);
  assert.equal(after.current.exported, undefined, 'after a reload, Open in playground is not offered');
});

test('a finished export is the export folder, whole, and replaces an earlier one', async () => {
  const runDir = tmp('run-');
  fs.writeFileSync(path.join(runDir, 'ckpt.pt'), 'w');
  fs.mkdirSync(path.join(runDir, EXPORT_FOLDER));
  fs.writeFileSync(path.join(runDir, EXPORT_FOLDER, 'stale.txt'), 'old');
  const s = newSession(scripts({ 'export.py': `import os, sys
out = sys.argv[sys.argv.index("--out") + 1]
os.makedirs(out, exist_ok=True)
for f in ("model.onnx", "golden_interp.json"):
    open(os.path.join(out, f), "w").write("x")
` }));
  s.adopt(runDir);
  const model = await s.export(PY);
  assert.equal(model, path.join(runDir, EXPORT_FOLDER, 'model.onnx'));
  assert.deepEqual(fs.readdirSync(path.join(runDir, EXPORT_FOLDER)).sort(), ['golden_interp.json', 'model.onnx']);
  assert.deepEqual(fs.readdirSync(runDir).sort(), ['ckpt.pt', EXPORT_FOLDER]);
  assert.equal(s.current.exported, model);
});
