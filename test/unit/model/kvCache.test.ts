// model_kv.onnx must be a faster way to the same answer as model.onnx.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRunner, readGolden } from '../../support/modelNode';
import type { ModelRunner } from '../../../src/shared/model/runner';

const golden = readGolden();
let runner: ModelRunner;
before(async () => {
  runner = await loadRunner();
});

test('a KV prefill from an empty cache gives the full-context logits', { timeout: 30_000 }, async () => {
  const p = golden.prompts[1];
  const full = await runner.forward(p.ids);
  const kv = await runner.forwardKv(p.ids);
  let worst = 0;
  full.logits.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - kv.logits[i]))));
  assert.ok(worst < 1e-4, `prefill logits differ by ${worst}`);
  assert.deepEqual(kv.present.dims, [runner.spec.nLayer, 2, runner.spec.nHead, p.ids.length, runner.spec.headSize]);
});

test('one cached step: attention over P + 1 positions sums to 1', { timeout: 30_000 }, async () => {
  const p = golden.prompts[0];
  const pre = await runner.forwardKv(p.ids);
  const step = await runner.forwardKv([p.greedy_ids[0]], pre.present);
  const P1 = p.ids.length + 1;
  const { nLayer, nHead } = runner.spec;
  assert.equal(step.attn.length, nLayer * nHead * P1);
  for (let lh = 0; lh < nLayer * nHead; lh++) {
    const sum = step.attn.subarray(lh * P1, (lh + 1) * P1).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${lh} sums to ${sum}`);
  }
  // The cached step's logits equal a full pass over prompt + that token.
  const full = await runner.forward([...p.ids, p.greedy_ids[0]]);
  const V = runner.spec.vocabSize;
  const last = full.logits.subarray((P1 - 1) * V, P1 * V);
  let worst = 0;
  last.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - step.logits[i]))));
  assert.ok(worst < 1e-4, `cached step logits differ by ${worst}`);
});

test('the KV-cache model generates the same 200 tokens as the full-context model', { timeout: 120_000 }, async () => {
  for (const p of golden.prompts) {
    const kv = await runner.generateKv(p.ids, 200);
    const full = await runner.generateFull(p.ids, 200);
    const firstDiff = kv.findIndex((id, i) => id !== full[i]);
    assert.equal(firstDiff, -1, `${JSON.stringify(p.prompt)}: KV and full-context differ first at step ${firstDiff}`);
    assert.deepEqual(kv.slice(0, golden.greedy_tokens), p.greedy_ids);
  }
});
