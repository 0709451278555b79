// The interpretability benchmark's timed part (scripts/bench/interpSweeps.ts), which the Node and
// the browser side both run: its statistic, its prompt's layout (the one the PyTorch side times)
// and that the warm-up round is left out of what it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchPrompt, median, timeSweeps } from '../../../scripts/bench/interpSweeps';
import { loadInterpRunner } from '../model/interpSupport';

test('median: the middle run, or the mean of the two middle ones, whatever the order', () => {
  assert.equal(median([5, 1, 9, 3, 7]), 5);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([8]), 8);
});

test('the bench prompt: 32 tokens, two copies of a run, no newline, one change at 9, scored at 24', async () => {
  const runner = await loadInterpRunner();
  const { clean, corrupted, metric } = benchPrompt(runner);
  assert.equal(clean.length, 32);
  assert.deepEqual(clean.slice(0, 16), clean.slice(16));
  assert.ok(!clean.includes(runner.spec.chars.indexOf('\n')));
  assert.deepEqual(clean.map((c, i) => (c === corrupted[i] ? -1 : i)).filter((i) => i >= 0), [9]);
  assert.deepEqual(metric, { pos: 24, good: clean[9], bad: corrupted[9] });
});

test('timeSweeps reports the timed rounds only (not the warm-up) and their medians; the induction head is hottest', { timeout: 60_000 }, async () => {
  const runner = await loadInterpRunner();
  const t = await timeSweeps(runner, 3);
  assert.equal(t.head_runs_ms.length, 3);
  assert.equal(t.resid_runs_ms.length, 3);
  assert.equal(t.head_ms, median(t.head_runs_ms));
  assert.equal(t.resid_ms, median(t.resid_runs_ms));
  assert.equal(t.tokens, 32);
  assert.equal(t.hot_head, 'L1H1');
  assert.match(t.hot_resid, /^r\d+t\d+$/);
});
