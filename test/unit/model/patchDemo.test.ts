// The Patching view's default prompts (the induction demo) find the induction head on our model,
// through the view's own prompt builder and the shared sweeps.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { headPatchSweep, hottest, patchRuns, residPatchSweep } from '../../../src/shared/model/patching';
import type { ModelRunner } from '../../../src/shared/model/runner';
import { inductionDemo } from '../../../webview/playground/views/patchView';
import { loadInterpRunner } from './interpSupport';

let runner: ModelRunner;
before(async () => {
  runner = await loadInterpRunner();
});

test('the default patching demo: same length, one character differs, and the head sweep is hottest at layer 1 head 1', { timeout: 60_000 }, async () => {
  const chars = runner.spec.chars;
  const d = inductionDemo(chars);
  assert.equal(d.clean.length, d.corrupted.length);
  assert.equal([...d.clean].filter((c, i) => c !== d.corrupted[i]).length, 1);
  const ids = (s: string) => [...s].map((c) => chars.indexOf(c));
  const metric = { pos: d.clean.length - 1, good: chars.indexOf(d.good), bad: chars.indexOf(d.bad) };
  const runs = await patchRuns(runner, ids(d.clean), ids(d.corrupted), metric);
  assert.ok(runs.cleanMetric > 1 && runs.corruptedMetric < -1, `clean ${runs.cleanMetric.toFixed(2)}, corrupted ${runs.corruptedMetric.toFixed(2)}`);
  const heads = await headPatchSweep(runner, ids(d.corrupted), runs, metric);
  const hot = hottest(heads);
  assert.deepEqual([hot.row, hot.col], [1, 1], `hottest L${hot.row}H${hot.col} ${hot.value.toFixed(2)}`);
  const resid = await residPatchSweep(runner, ids(d.corrupted), runs, metric);
  assert.ok(hottest(resid).value > 0.9);
  console.log(`demo: L1H1 restores ${hot.value.toFixed(3)}; head sweep ${heads.ms.toFixed(0)} ms, residual sweep over ${d.clean.length} positions ${resid.ms.toFixed(0)} ms`);
});

test('prompts of different lengths are refused with a message, not patched position by position', async () => {
  await assert.rejects(patchRuns(runner, [1, 2, 3], [1, 2], { pos: 1, good: 1, bad: 2 }), /clean prompt has 3 tokens and the corrupted one 2/);
});
