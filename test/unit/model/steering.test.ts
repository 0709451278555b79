// Steering through the shared runner on onnxruntime (src/shared/model/steering.ts, the Steer view's
// code) against PyTorch (training/interp.py via golden_interp.json's "steering"), and its pure parts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, type ModelRunner } from '../../../src/shared/model/runner';
import { directionFromMeans, directionFromPrompts, generateWith, meanResidual, norm, parseDirection, promptLines, steering, SteeringError } from '../../../src/shared/model/steering';
import { loadInterpRunner, readGoldenInterp } from './interpSupport';

const golden = readGoldenInterp().steering;
let runner: ModelRunner;
before(async () => {
  runner = await loadInterpRunner();
});
const enc = (s: string) => [...s].map((c) => runner.spec.chars.indexOf(c));
const worst = (want: ArrayLike<number>, got: ArrayLike<number>) => {
  assert.equal(got.length, want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(want[i] - got[i]));
  return w;
};

test('the direction from the two prompt sets is PyTorch\'s within 1e-4', { timeout: 60_000 }, async () => {
  const d = await directionFromPrompts(runner, golden.a.map(enc), golden.b.map(enc), golden.layer);
  const err = worst(golden.direction, d);
  assert.ok(err <= 1e-4, `worst direction error ${err.toExponential(2)}`);
  assert.ok(Math.abs(norm(d) - golden.norm) < 1e-3, `norm ${norm(d)} vs ${golden.norm}`);
});

test('steered logits match PyTorch within 1e-4 at every position, for every coefficient', { timeout: 60_000 }, async () => {
  const ids = enc(golden.prompt);
  const dir = Float32Array.from(golden.direction);
  for (const r of golden.runs) {
    const out = await runner.forwardInterp(ids, steering(runner.spec, dir, golden.layer, r.coef));
    const err = worst(r.logits.flat(), out.logits);
    assert.ok(err <= 1e-4, `coefficient ${r.coef}: worst logit error ${err.toExponential(2)}`);
  }
  // The cases are worth testing: a positive coefficient moves the logits well away from the plain ones.
  assert.ok(worst(golden.runs[0].logits.flat(), golden.runs.at(-1)!.logits.flat()) > 1, 'the strongest steer moves the logits');
});

test('steered greedy text is PyTorch\'s, and steering changes it', { timeout: 120_000 }, async () => {
  const ids = enc(golden.prompt);
  const d = await directionFromPrompts(runner, golden.a.map(enc), golden.b.map(enc), golden.layer);
  for (const r of golden.runs) {
    const { tokens } = await generateWith(runner, ids, r.tokens.length, steering(runner.spec, d, golden.layer, r.coef), (l) => argmax(l));
    assert.equal(tokens.map((t) => runner.spec.chars[t]).join(''), r.text, `coefficient ${r.coef}`);
  }
  assert.notEqual(golden.runs.find((r) => r.coef === 1)!.text, golden.runs[0].text);
});

test('coefficient 0 gives the plain model\'s logits exactly (model.onnx, bit for bit), whatever the direction', { timeout: 60_000 }, async () => {
  const ids = enc(golden.prompt);
  const plain = await runner.forward(ids, false);
  for (const layer of [0, 2, runner.spec.nLayer]) {
    const dir = Float32Array.from({ length: runner.spec.nEmbd }, (_, i) => Math.sin(i * 7.3 + layer) * 50);
    const out = await runner.forwardInterp(ids, steering(runner.spec, dir, layer, 0));
    assert.deepEqual(Array.from(out.logits), Array.from(plain.logits), `layer ${layer}`);
  }
});

test('generation with no intervention writes the plain greedy text (the unsteered column)', { timeout: 60_000 }, async () => {
  const ids = enc(golden.prompt);
  const plain = await runner.generateFull(ids, 20);
  const { tokens } = await generateWith(runner, ids, 20, {}, (l) => argmax(l));
  assert.deepEqual(tokens, plain);
  // Past the context the window rule is the plain model's too (a prompt of blockSize characters).
  const long = Array.from({ length: runner.spec.blockSize }, (_, i) => ids[i % ids.length]);
  assert.deepEqual((await generateWith(runner, long, 3, {}, (l) => argmax(l))).tokens, await runner.generateFull(long, 3));
});

test('the pick sees each token\'s absolute position, for seeded sampling', async () => {
  const seen: number[] = [];
  await generateWith(runner, [1, 2, 3], 3, {}, (l, pos) => (seen.push(pos), argmax(l)));
  assert.deepEqual(seen, [3, 4, 5]);
});

test('meanResidual and directionFromMeans: each prompt counts once, whatever its length', () => {
  const spec = { ...runner.spec, nLayer: 1, nEmbd: 2 };
  // resid [2 layers, T = 2, C = 2]: layer 1 holds (1, 2) and (3, 6)
  assert.deepEqual(Array.from(meanResidual(spec, Float32Array.from([0, 0, 0, 0, 1, 2, 3, 6]), 2, 1)), [2, 4]);
  assert.deepEqual(Array.from(directionFromMeans([Float32Array.from([2, 4]), Float32Array.from([0, 0])], [Float32Array.from([1, 1])])), [0, 1]);
  assert.throws(() => directionFromMeans([], [Float32Array.from([1, 1])]), /prompt set A is empty/);
  assert.throws(() => meanResidual(spec, new Float32Array(8), 2, 2), /residual layer 2 is out of range/);
  assert.deepEqual(promptLines('one\n\n  \r\ntwo\n'), ['one', 'two']);
});

test('a direction read from JSON: an array, or an object as the view exports it; bad input says why', () => {
  const C = runner.spec.nEmbd;
  const v = Array.from({ length: C }, (_, i) => i / 10);
  assert.deepEqual(Array.from(parseDirection(JSON.stringify(v), runner.spec).direction), Array.from(Float32Array.from(v)));
  assert.equal(parseDirection(JSON.stringify({ layer: 3, direction: v }), runner.spec).layer, 3);
  const bad: Array<[string, RegExp]> = [
    ['{nope', /not valid JSON/],
    ['{"layer": 1}', /array of numbers/],
    [JSON.stringify(v.slice(1)), new RegExp(`${C - 1} numbers; this model's residual stream has ${C}`)],
    [JSON.stringify([...v.slice(1), 'x']), /finite number/],
    [JSON.stringify({ layer: 9, direction: v }), /"layer" must be a whole number from 0 to 4/],
  ];
  for (const [text, why] of bad) assert.throws(() => parseDirection(text, runner.spec), (e: Error) => e instanceof SteeringError && why.test(e.message), text);
  assert.throws(() => steering(runner.spec, new Float32Array(3), 1, 1), /3 numbers/);
  assert.throws(() => steering(runner.spec, new Float32Array(C), 1, NaN), /not a finite number/);
});
