// Our model's induction circuit, found by experiment on the interp graph with the code the
// playground's Ablate and Patching views run: knocking out the strongest induction head breaks
// copying, knocking out a low-scoring one does not, and patching that head alone restores it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { meanHeadZ, zeroHead } from '../../../src/shared/model/interventions';
import { headPatchSweep, hottest, inductionPair, patchRuns, residPatchSweep } from '../../../src/shared/model/patching';
import type { ModelRunner } from '../../../src/shared/model/runner';
import { headScores, mean, repeatedSequence, tokenLosses } from '../../../webview/playground/analysis';
import { loadInterpRunner } from './interpSupport';

let runner: ModelRunner;
before(async () => {
  runner = await loadInterpRunner();
});

const N = 32;
const REFERENCE = 'First Citizen:\nBefore we proceed any further, hear me speak.\n';

function avoidNewline(): number[] {
  return runner.spec.chars.map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0);
}

test('ablating the strongest induction head raises the second-copy loss at least 5-fold; a low-scoring head does not', { timeout: 60_000 }, async () => {
  const spec = runner.spec;
  const ref = await runner.forwardInterp([...REFERENCE].map((c) => spec.chars.indexOf(c)));
  const refZ = ref.z.slice();
  for (const seed of [1, 2, 3]) {
    const tokens = repeatedSequence(spec.vocabSize, N, seed, avoidNewline());
    const secondCopy = async (heads = [] as ReturnType<typeof zeroHead>[]) =>
      mean(tokenLosses((await runner.forwardInterp(tokens, { heads })).logits, spec.vocabSize, tokens).slice(N));
    const plain = await runner.forwardInterp(tokens);
    const scores = headScores(plain.attn, spec.nLayer, spec.nHead, 2 * N, N).induction;
    const cells = scores.flatMap((row, l) => row.map((s, h) => ({ l, h, s })));
    const best = cells.reduce((a, b) => (b.s > a.s ? b : a));
    // Layer 0 cannot copy (no earlier layer to build on), so the low control is taken past it.
    const low = cells.filter((c) => c.l > 0).reduce((a, b) => (b.s < a.s ? b : a));
    assert.deepEqual([best.l, best.h], [1, 1], `seed ${seed}: the strongest induction head is layer 1 head 1`);
    const base = await secondCopy();
    const zero = await secondCopy([zeroHead(spec, best.l, best.h)]);
    const meanAblated = await secondCopy([{ layer: best.l, head: best.h, value: meanHeadZ(spec, refZ, REFERENCE.length, best.l, best.h) }]);
    const control = await secondCopy([zeroHead(spec, low.l, low.h)]);
    const msg = `seed ${seed}: second-copy loss ${base.toFixed(3)}; L${best.l}H${best.h} zero ${zero.toFixed(3)}, mean ${meanAblated.toFixed(3)}; L${low.l}H${low.h} zero ${control.toFixed(3)}`;
    console.log(msg);
    assert.ok(zero >= 5 * base && meanAblated >= 5 * base, msg);
    // The base loss is a few hundredths of a nat, so a ratio alone is noisy: the control must stay
    // under the 5-fold bar and move the loss by less than a quarter of a nat.
    assert.ok(control < 5 * base && control - base < 0.25, msg);
  }
});

test('patching the induction head alone restores most of the logit difference; the head sweep is hottest there', { timeout: 60_000 }, async () => {
  const spec = runner.spec;
  const run = repeatedSequence(spec.vocabSize, N, 1, avoidNewline()).slice(0, N);
  const p = N / 2;
  const replacement = run[p + 1] === 1 ? 2 : 1;
  const { clean, corrupted, metric } = inductionPair(run, p, replacement);
  const runs = await patchRuns(runner, clean, corrupted, metric);
  assert.ok(runs.cleanMetric > 2 && runs.corruptedMetric < -2, `logit difference clean ${runs.cleanMetric.toFixed(2)}, corrupted ${runs.corruptedMetric.toFixed(2)}`);
  const heads = await headPatchSweep(runner, corrupted, runs, metric);
  const hot = hottest(heads);
  const l1h1 = heads.values[1 * spec.nHead + 1];
  assert.deepEqual([hot.row, hot.col], [1, 1], `hottest head L${hot.row}H${hot.col} (${hot.value.toFixed(2)})`);
  assert.ok(l1h1 > 0.7, `patching L1H1 restores ${l1h1.toFixed(2)} of the metric`);
  const resid = await residPatchSweep(runner, corrupted, runs, metric);
  const T = clean.length;
  // Where the information lives: at the changed character before the induction head reads it
  // (layers 0 and 1), at the answer's position after it (layers 2 and up).
  assert.ok(resid.values[0 * T + p + 1] > 0.9, `embedding at the changed position restores ${resid.values[p + 1].toFixed(2)}`);
  assert.ok(resid.values[spec.nLayer * T + metric.pos] > 0.99, 'the last residual at the answer position restores all of it');
  assert.ok(Math.abs(resid.values[0 * T + metric.pos]) < 0.1, 'the answer position\'s own embedding carries nothing (same token in both runs)');
  console.log(`head sweep ${heads.ms.toFixed(0)} ms, residual sweep (${T} positions) ${resid.ms.toFixed(0)} ms; L1H1 restores ${l1h1.toFixed(3)}`);
});
