// The training process as the panel runs it, with a fake train.py: events parsed across chunk
// boundaries, other lines kept apart, and Stop killing the process and what it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineSplitter, startTraining } from '../../../src/training/process';
import { parseTrainLine, type TrainEvent } from '../../../src/shared/protocols/training';

const PY = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';

function fake(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-train-'));
  const f = path.join(dir, 'train.py');
  fs.writeFileSync(f, body);
  return f;
}

/** Running, not a zombie: a killed grandchild waits for whoever adopted it to reap it. */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

test('an event line split across two chunks is parsed once, whole', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  const line = 'LLMSTUDY_TRAIN {"kind":"ckpt","step":20,"path":"/r/ckpt.pt"}';
  s.push(line.slice(0, 30));
  assert.deepEqual(lines, []);
  s.push(line.slice(30) + '\r\nnext');
  s.end();
  assert.deepEqual(lines, [line, 'next']);
  assert.deepEqual(parseTrainLine(lines[0]), { kind: 'ckpt', step: 20, path: '/r/ckpt.pt' });
});

test('lines with the prefix but a wrong shape are not events', () => {
  for (const bad of ['LLMSTUDY_TRAIN {', 'LLMSTUDY_TRAIN []', 'LLMSTUDY_TRAIN {"kind":"step","step":-1,"train_loss":1,"tokens_per_s":0,"eta_s":null}',
    'LLMSTUDY_TRAIN {"kind":"step","step":1,"train_loss":"nan","tokens_per_s":0,"eta_s":null}',
    'LLMSTUDY_TRAIN {"kind":"step","step":1,"train_loss":1,"tokens_per_s":0,"eta_s":null,"heads":{"prev_token":[[1]],"induction":[]}}',
    'LLMSTUDY_TRAIN {"kind":"launch"}', 'step 10 train 2.0']) {
    assert.equal(parseTrainLine(bad), undefined, bad);
  }
  assert.ok(parseTrainLine('LLMSTUDY_TRAIN {"kind":"step","step":1,"train_loss":null,"tokens_per_s":0,"eta_s":null}'));
});

test('the process reports events in order and its exit, with the stderr tail', async () => {
  const script = fake(`import sys, json
for s in range(3):
    print("LLMSTUDY_TRAIN " + json.dumps({"kind": "step", "step": s, "train_loss": 1.0, "tokens_per_s": 5, "eta_s": 1.0}), flush=True)
print("a warning from torch")
sys.stderr.write("data file is empty: x\\n")
sys.exit(2)
`);
  const events: TrainEvent[] = [];
  const other: string[] = [];
  const p = startTraining({ python: PY, script, args: [], cwd: path.dirname(script), onEvent: (e) => events.push(e), onOther: (l) => other.push(l) });
  const exit = await p.exit;
  assert.equal(exit.code, 2);
  assert.equal(exit.stopped, false);
  assert.match(exit.stderrTail, /data file is empty/);
  assert.deepEqual(events.map((e) => e.kind === 'step' && e.step), [0, 1, 2]);
  assert.deepEqual(other, ['a warning from torch']);
});

test('Stop kills the training process and the process it started', async () => {
  const script = fake(`import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print("LLMSTUDY_TRAIN " + '{"kind":"ckpt","step":1,"path":"%d"}' % child.pid, flush=True)
time.sleep(60)
`);
  let childPid = 0;
  const p = startTraining({
    python: PY, script, args: [], cwd: path.dirname(script),
    onEvent: (e) => {
      if (e.kind === 'ckpt') {
        childPid = Number(e.path);
        p.stop();
      }
    },
  });
  const exit = await p.exit;
  assert.equal(exit.stopped, true);
  assert.equal(exit.signal, 'SIGKILL');
  assert.ok(childPid > 0);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(alive(childPid), false, 'the grandchild is gone too');
  assert.equal(alive(p.pid!), false);
});

test('a Python that does not exist is a spawn error, not a hang', async () => {
  const p = startTraining({ python: '/nonexistent/python3', script: 'x.py', args: [], cwd: os.tmpdir(), onEvent: () => {} });
  const exit = await p.exit;
  assert.ok(exit.spawnError);
});
