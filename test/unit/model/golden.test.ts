// The shipped ONNX graphs against what PyTorch computed on the same weights (golden.json).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRunner, readGolden } from '../../support/modelNode';
import type { ModelRunner } from '../../../src/shared/model/runner';

const golden = readGolden();
let runner: ModelRunner;
before(async () => {
  runner = await loadRunner();
});

test('model.onnx reproduces the PyTorch logits at every prompt position (max abs error <= 1e-3)', { timeout: 60_000 }, async () => {
  for (const p of golden.prompts) {
    const { logits, dims } = await runner.forward(p.ids);
    const V = runner.spec.vocabSize;
    assert.deepEqual(dims.logits, [1, p.ids.length, V]);
    let worst = 0, off = 0, total = 0;
    p.logits.forEach((row, t) => row.forEach((want, v) => {
      const err = Math.abs(want - logits[t * V + v]);
      worst = Math.max(worst, err);
      total++;
      if (err > 1e-3) off++;
    }));
    assert.ok(worst <= 1e-3, `${JSON.stringify(p.prompt)}: ${off} of ${total} logits differ by more than 1e-3 (worst ${worst.toExponential(2)})`);
  }
});

test('greedy continuation with model.onnx is exactly the PyTorch one, across a window restart', { timeout: 120_000 }, async () => {
  for (const p of golden.prompts) {
    const ids = await runner.generateFull(p.ids, golden.greedy_tokens);
    const firstDiff = ids.findIndex((id, i) => id !== p.greedy_ids[i]);
    assert.equal(firstDiff, -1, `${JSON.stringify(p.prompt)}: first differing token at step ${firstDiff}`);
  }
});

test('attention rows sum to 1 and are zero above the diagonal; residual stream has n_layer + 1 slices', { timeout: 30_000 }, async () => {
  const p = golden.prompts[1];
  const { attn, resid, dims } = await runner.forward(p.ids);
  const { nLayer, nHead, nEmbd } = runner.spec;
  const T = p.ids.length;
  assert.ok(attn && resid, 'model.onnx exports attn and resid');
  assert.deepEqual(dims.attn, [nLayer, nHead, T, T]);
  assert.deepEqual(dims.resid, [nLayer + 1, T, nEmbd]);
  for (let lh = 0; lh < nLayer * nHead; lh++) {
    for (let q = 0; q < T; q++) {
      const row = attn.subarray((lh * T + q) * T, (lh * T + q + 1) * T);
      const sum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `layer ${Math.floor(lh / nHead)} head ${lh % nHead} row ${q} sums to ${sum}`);
      for (let k = q + 1; k < T; k++) assert.equal(row[k], 0, `query ${q} attends to future key ${k}`);
    }
  }
  assert.ok(resid.every(Number.isFinite), 'residual stream holds a non-finite value');
});
