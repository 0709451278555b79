// model_interp.onnx through the shared runner (src/shared/model/runner.ts, the webview's code)
// against PyTorch (training/interp.py, via golden_interp.json), and against model.onnx itself.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InterventionError, type Intervention } from '../../../src/shared/model/interventions';
import type { GoldenInterpJson } from '../../../src/shared/model/modelInterface';
import type { ModelRunner } from '../../../src/shared/model/runner';
import { loadInterpRunner, readGoldenInterp } from './interpSupport';

const golden = readGoldenInterp();
let runner: ModelRunner;
before(async () => {
  runner = await loadInterpRunner();
});

function interventionOf(c: GoldenInterpJson['cases'][number]): Intervention {
  const f = (v: number[]) => Float32Array.from(v);
  return {
    heads: c.heads?.map((h) => ({ layer: h.layer, head: h.head, value: f(h.value) })),
    resid: c.resid?.map((r) => ({ layer: r.layer, pos: r.pos, value: f(r.value) })),
    add: c.add?.map((a) => ({ layer: a.layer, value: f(a.value) })),
  };
}

function worstError(want: number[], got: ArrayLike<number>): number {
  let worst = 0;
  want.forEach((w, i) => (worst = Math.max(worst, Math.abs(w - got[i]))));
  return worst;
}

test('no intervention: the interp graph gives model.onnx\'s logits, attention and residual stream bit for bit', { timeout: 60_000 }, async () => {
  for (const c of golden.cases) {
    const plain = await runner.forward(c.ids);
    const interp = await runner.forwardInterp(c.ids);
    // Where (not a blend by the mask) keeps the numbers exact, not merely within fp32 rounding.
    assert.deepEqual(Array.from(interp.logits), Array.from(plain.logits), `${c.name}: logits differ`);
    assert.deepEqual(Array.from(interp.attn), Array.from(plain.attn!), `${c.name}: attention differs`);
    assert.deepEqual(Array.from(interp.resid), Array.from(plain.resid!), `${c.name}: residual stream differs`);
  }
});

test('ablated, patched and steered logits match PyTorch within 1e-4 at every position', { timeout: 60_000 }, async () => {
  const V = runner.spec.vocabSize;
  for (const c of golden.cases) {
    const out = await runner.forwardInterp(c.ids, interventionOf(c));
    const worst = worstError(c.logits.flat(), out.logits);
    assert.equal(out.logits.length, c.ids.length * V);
    assert.ok(worst <= 1e-4, `${c.name}: worst logit error ${worst.toExponential(2)}`);
  }
});

test('the interventions change what they should: each golden case moves the logits away from the clean run', { timeout: 60_000 }, async () => {
  const clean = golden.cases[0];
  for (const c of golden.cases.slice(1)) {
    const moved = worstError(clean.logits.flat(), c.logits.flat());
    assert.ok(moved > 0.1, `${c.name}: PyTorch's logits moved only ${moved.toExponential(2)}, the case tests nothing`);
  }
});

test('the z output is each head\'s output before c_proj, as PyTorch computes it (within 1e-4)', { timeout: 30_000 }, async () => {
  const c = golden.cases.find((x) => x.z)!;
  const out = await runner.forwardInterp(c.ids);
  const { nLayer, nHead, headSize } = runner.spec;
  assert.equal(out.z.length, nLayer * nHead * c.ids.length * headSize);
  const worst = worstError(c.z!, out.z);
  assert.ok(worst <= 1e-4, `worst z error ${worst.toExponential(2)}`);
});

test('a bad intervention is refused with a message that says what is wrong, before anything runs', async () => {
  const ids = golden.cases[0].ids;
  const { headSize, nEmbd } = runner.spec;
  const bad: Array<[Intervention, RegExp]> = [
    [{ heads: [{ layer: 4, head: 0, value: new Float32Array(headSize) }] }, /layer 4 is out of range \(0\.\.3\)/],
    [{ heads: [{ layer: 0, head: -1, value: new Float32Array(headSize) }] }, /head -1 is out of range/],
    [{ heads: [{ layer: 0, head: 0, value: new Float32Array(headSize + 1) }] }, /33 values, expected 32 or/],
    [{ resid: [{ layer: 0, pos: ids.length, value: new Float32Array(nEmbd) }] }, /position 32 is out of range/],
    [{ add: [{ layer: 1, value: Float32Array.from({ length: nEmbd }, (_, i) => (i ? 0 : NaN)) }] }, /not a finite number/],
  ];
  for (const [iv, message] of bad) await assert.rejects(runner.forwardInterp(ids, iv), (e: Error) => e instanceof InterventionError && message.test(e.message));
});
