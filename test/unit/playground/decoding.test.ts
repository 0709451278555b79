import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  argmax, choose, distribution, logSoftmax, mulberry32, normaliseOptions, sampleFrom, softmax, uniformFor,
} from '../../../webview/playground/decoding';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);

test('log-softmax is stable for huge logits and tiny temperatures', () => {
  const ls = logSoftmax([1000, 999, -1000]);
  close(Math.exp(ls[0]) + Math.exp(ls[1]) + Math.exp(ls[2]), 1);
  assert.ok(ls.every(Number.isFinite));
  // temperature 0.01 scales the gap of 1 to 100: the winner takes ~all, nothing is NaN or Infinity.
  const p = softmax([2, 1, 0], 0.01);
  assert.ok(p.every(Number.isFinite));
  close(p[0], 1, 1e-12);
  const cold = softmax([1.0, 0.999], 0.001);
  close(cold[0], 1 / (1 + Math.exp(-1)), 1e-6);
});

test('temperature 1 matches the textbook softmax; higher temperature flattens', () => {
  const l = [1, 2, 3];
  const z = l.map(Math.exp).reduce((a, b) => a + b);
  softmax(l).forEach((p, i) => close(p, Math.exp(l[i]) / z, 1e-12));
  const hot = softmax(l, 10);
  assert.ok(hot[2] - hot[0] < softmax(l)[2] - softmax(l)[0]);
});

test('greedy picks the argmax whatever the seed', () => {
  const logits = [0.1, 3, 2.9, -1];
  for (let seed = 0; seed < 5; seed++) assert.equal(choose(logits, { temperature: 0, topK: 0, topP: 1 }, seed, 7).token, 1);
  assert.equal(argmax([1, 5, 5]), 1, 'ties go to the lower id');
});

test('top-k keeps exactly k tokens and renormalises', () => {
  const d = distribution([4, 3, 2, 1, 0], { temperature: 1, topK: 2, topP: 1 });
  assert.deepEqual([...d.kept], [1, 1, 0, 0, 0]);
  close(d.final[0] + d.final[1], 1);
  close(d.final[0] / d.final[1], Math.E, 1e-9);
  close([...d.probs].reduce((a, b) => a + b), 1);
});

test('top-p keeps the smallest set reaching p, including the token that crosses it', () => {
  const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];
  assert.deepEqual([...distribution(logits, { temperature: 1, topK: 0, topP: 0.5 }).kept], [1, 0, 0, 0]);
  assert.deepEqual([...distribution(logits, { temperature: 1, topK: 0, topP: 0.6 }).kept], [1, 1, 0, 0]);
  assert.deepEqual([...distribution(logits, { temperature: 1, topK: 0, topP: 0.9 }).kept], [1, 1, 1, 0]);
  assert.deepEqual([...distribution(logits, { temperature: 1, topK: 0, topP: 1 }).kept], [1, 1, 1, 1]);
  // top-k applies first
  assert.deepEqual([...distribution(logits, { temperature: 1, topK: 1, topP: 0.9 }).kept], [1, 0, 0, 0]);
});

test('sampling follows the distribution and never picks a cut token', () => {
  const d = distribution([0, 0, 0, -50], { temperature: 1, topK: 3, topP: 1 });
  const counts = [0, 0, 0, 0];
  const rng = mulberry32(42);
  for (let i = 0; i < 30000; i++) counts[sampleFrom(d.final, rng())]++;
  assert.equal(counts[3], 0);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(counts[i] / 30000 - 1 / 3) < 0.02, `${counts}`);
  assert.equal(sampleFrom([0, 0.5, 0.5, 0], 0.9999999999), 2);
});

test('the seeded RNG is deterministic and keyed by (seed, position)', () => {
  const a = mulberry32(7);
  const b = mulberry32(7);
  for (let i = 0; i < 10; i++) assert.equal(a(), b());
  assert.equal(uniformFor(3, 10), uniformFor(3, 10));
  assert.notEqual(uniformFor(3, 10), uniformFor(3, 11));
  assert.notEqual(uniformFor(3, 10), uniformFor(4, 10));
  const us = Array.from({ length: 2000 }, (_, i) => uniformFor(1, i));
  assert.ok(us.every((u) => u >= 0 && u < 1));
  assert.ok(Math.abs(us.reduce((x, y) => x + y) / us.length - 0.5) < 0.03);
});

test('re-sampling the same logits with a changed control changes only the decision', () => {
  const logits = Array.from({ length: 65 }, (_, i) => Math.sin(i) * 3);
  const a = choose(logits, { temperature: 1, topK: 0, topP: 1 }, 1, 5);
  const b = choose(logits, { temperature: 1, topK: 0, topP: 1 }, 1, 5);
  assert.equal(a.token, b.token);
  const k1 = choose(logits, { temperature: 1, topK: 1, topP: 1 }, 1, 5);
  assert.equal(k1.token, argmax(logits));
});

test('options are clamped into range', () => {
  assert.deepEqual(normaliseOptions({ temperature: -1, topK: 3.7, topP: 2 }), { temperature: 0, topK: 3, topP: 1 });
  assert.deepEqual(normaliseOptions({ temperature: Number.NaN }), { temperature: 0.8, topK: 0, topP: 1 });
});
