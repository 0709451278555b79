// The progress notification shown while the training view is closed: step N of M from the live
// events (a resume's replayed steps are not progress), and its Cancel stops the real run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { followRun } from '../../../src/training/progress';
import { TrainingSession } from '../../../src/training/session';

const PY = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';

/** A train.py that replays step 0, then prints a live step every 50 ms and would go on for a minute. */
function fakeScripts(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'progress-scripts-'));
  fs.writeFileSync(path.join(dir, 'train.py'), `import json, time
def emit(**e): print("LLMSTUDY_TRAIN " + json.dumps(e), flush=True)
emit(kind="start", step=0, steps=100, params=1, preset="demo", data="d", vocab_size=3, resumed=True)
emit(kind="step", step=0, train_loss=3.0, tokens_per_s=0, eta_s=None, replay=True)
for s in range(10, 1000, 10):
    emit(kind="step", step=s, train_loss=2.0, val_loss=1.5 if s == 20 else None, tokens_per_s=100, eta_s=1.0)
    time.sleep(0.05)
`);
  return dir;
}

const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

test('the notification counts live steps of the total, and Cancel stops the run', async () => {
  const session = new TrainingSession({ scriptsDir: fakeScripts(), threads: () => 1, env: () => process.env, log: () => {} });
  const reports: { increment?: number; message?: string }[] = [];
  let cancel: () => void = () => {};
  let pid = 0;
  const run = followRun(session, {
    report: (v) => {
      reports.push(v);
      if (reports.length === 3) cancel();
    },
  }, { onCancellationRequested: (l) => (cancel = l) });
  session.start(PY, 'demo', '/d/names.txt', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'progress-runs-')), 'run'));
  pid = (session as unknown as { proc: { pid: number } }).proc.pid;
  await run.done;
  assert.equal(session.current.state, 'stopped');
  assert.equal(session.running, false);
  assert.deepEqual(reports.slice(0, 3).map((r) => r.message), ['step 10 of 100', 'step 20 of 100, val loss 1.500', 'step 30 of 100']);
  assert.deepEqual(reports.slice(0, 3).map((r) => r.increment), [10, 10, 10]);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(alive(pid), false, 'the training process is gone');
});

test('opening the view ends the notification without stopping the run', async () => {
  const session = new TrainingSession({ scriptsDir: fakeScripts(), threads: () => 1, env: () => process.env, log: () => {} });
  const run = followRun(session, { report: () => {} }, { onCancellationRequested: () => {} });
  session.start(PY, 'demo', '/d/names.txt', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'progress-runs-')), 'run'));
  run.finish();
  await run.done;
  assert.equal(session.running, true);
  session.stop();
});
