import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addStep, bestInduction, curvesFrom, formatSeconds } from '../../../webview/training/model';
import type { StepEvent } from '../../../src/shared/protocols/training';

const step = (s: number, extra: Partial<StepEvent> = {}): StepEvent => ({ kind: 'step', step: s, train_loss: 4 - s / 100, tokens_per_s: 1, eta_s: 1, ...extra });
const heads = (ind: number) => ({ prev_token: [[0.1, 0.2]], induction: [[ind, 0.01]] });

test('a resumed run that replays its history draws each step once, not twice', () => {
  const c = curvesFrom([step(0, { heads: heads(0.02), val_loss: 4 }), step(10), step(20, { heads: heads(0.3) })]);
  // the resume replays 0..10 from the checkpoint (step 20 was after it) and goes on
  for (const e of [step(0, { heads: heads(0.02), val_loss: 4, replay: true }), step(10, { replay: true }), step(20, { heads: heads(0.6) })]) addStep(c, e);
  assert.deepEqual(c.steps, [0, 10, 20]);
  assert.deepEqual(c.induction[0], [0.02, null, 0.6]);
  assert.deepEqual(c.val, [4, null, null]);
});

test('head series are named by layer and head and start null before the first probe', () => {
  const c = curvesFrom([step(0), step(5, { heads: heads(0.1) })]);
  assert.deepEqual(c.heads, ['L0H0', 'L0H1']);
  assert.deepEqual(c.prevToken[1], [null, 0.2]);
  assert.deepEqual(bestInduction(c), { score: 0.1, step: 5 });
});

test('time left reads in seconds, minutes or hours', () => {
  assert.equal(formatSeconds(null), '—');
  assert.equal(formatSeconds(42.4), '42 s');
  assert.equal(formatSeconds(125), '2 min 5 s');
  assert.equal(formatSeconds(7300), '2 h 1 min');
});
