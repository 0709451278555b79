import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionRow, compareValues, headScores, lensLogits, repeatedSequence, tokenLosses, topPredictions } from '../../../webview/playground/analysis';

/** Builds an [nLayer, nHead, T, T] tensor where each head's row i is given by `row(l, h, i)`. */
function attnFrom(nLayer: number, nHead: number, T: number, row: (l: number, h: number, i: number) => number[]): Float32Array {
  const a = new Float32Array(nLayer * nHead * T * T);
  for (let l = 0; l < nLayer; l++) for (let h = 0; h < nHead; h++) for (let i = 0; i < T; i++) a.set(row(l, h, i), ((l * nHead + h) * T + i) * T);
  return a;
}
const oneHot = (T: number, j: number) => Array.from({ length: T }, (_, k) => (k === j ? 1 : 0));

test('a perfect previous-token head and a perfect induction head score 1 on their own score', () => {
  const L = 5;
  const T = 2 * L;
  const attn = attnFrom(1, 3, T, (_l, h, i) => {
    if (h === 0) return oneHot(T, Math.max(0, i - 1)); // previous token
    if (h === 1) return oneHot(T, i >= L ? i - L + 1 : 0); // induction in the second copy
    return Array.from({ length: T }, (_, k) => (k <= i ? 1 / (i + 1) : 0)); // uniform causal
  });
  const s = headScores(attn, 1, 3, T, L);
  assert.equal(s.previousToken[0][0], 1);
  assert.equal(s.induction[0][1], 1);
  assert.ok(s.induction[0][0] < 0.3 && s.previousToken[0][1] < 0.6);
  assert.ok(s.previousToken[0][2] < 0.5 && s.induction[0][2] < 0.3);
  assert.deepEqual(attentionRow(attn, 3, T, 0, 0, 4), oneHot(T, 3));
});

test('the repeated sequence repeats, is seeded and avoids chosen tokens', () => {
  const s = repeatedSequence(65, 20, 3, [0]);
  assert.equal(s.length, 40);
  assert.deepEqual(s.slice(0, 20), s.slice(20));
  assert.ok(!s.includes(0));
  assert.deepEqual(repeatedSequence(65, 20, 3, [0]), s);
  assert.notDeepEqual(repeatedSequence(65, 20, 4, [0]), s);
});

test('the logit lens applies layer norm then the unembedding', () => {
  const C = 4;
  const V = 3;
  const unembed = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  const w = { C, V, gamma: new Float32Array([1, 1, 1, 1]), beta: new Float32Array([0, 0, 0, 0]), unembed, eps: 0 };
  const out = lensLogits([1, 2, 3, 4], w);
  // normalised x = (x - 2.5) / sqrt(1.25)
  const n = (x: number) => (x - 2.5) / Math.sqrt(1.25);
  assert.ok(Math.abs(out[0] - n(1)) < 1e-6 && Math.abs(out[1] - n(2)) < 1e-6 && Math.abs(out[2] - n(4)) < 1e-6);
  assert.equal(topPredictions(out, 1)[0].token, 2);
});

test('token losses are the cross-entropy of the next token', () => {
  const V = 2;
  const logits = [0, 0, 10, -10];
  const losses = tokenLosses(logits, V, [0, 1, 0]);
  assert.ok(Math.abs(losses[0] - Math.log(2)) < 1e-9);
  assert.ok(losses[1] < 1e-6);
});

test('the context window matches training/model.py context_start', async () => {
  const { contextStart } = await import('../../../webview/playground/vocab');
  assert.equal(contextStart(1, 128), 0);
  assert.equal(contextStart(128, 128), 0);
  assert.equal(contextStart(129, 128), 64);
  assert.equal(contextStart(192, 128), 64);
  assert.equal(contextStart(193, 128), 128);
  for (let n = 1; n < 600; n++) {
    const s = contextStart(n, 128);
    assert.ok(n - s <= 128 && (n <= 128 || n - s >= 65), `window at ${n}`);
  }
});

test('vocab.json parsing and encoding replace unknown characters', async () => {
  const { parseVocab, encode, decode } = await import('../../../webview/playground/vocab');
  const meta = parseVocab({ chars: [' ', 'a', 'b', '\n'], vocab_size: 4, block_size: 8, n_layer: 1, n_head: 2, n_embd: 4 });
  assert.equal(meta.V, 4);
  const { ids, replaced } = encode(meta, 'abz');
  assert.deepEqual(ids, [1, 2, 0]);
  assert.equal(replaced, 1);
  assert.equal(decode(meta, [1, 3]), 'a\n');
  assert.throws(() => parseVocab({ chars: [] }), /chars/);
  assert.throws(() => parseVocab({ chars: ['a'], vocab_size: 1, block_size: 8, n_layer: 1, n_head: 3, n_embd: 4 }), /multiple/);
});

test('compareValues: the share within tolerance and the largest error; NaN and a wrong length never match', () => {
  assert.deepEqual(compareValues([1, 2, 3, 4], [1, 2, 3, 4.5], 1e-4), { match: 0.75, maxAbsError: 0.5 });
  const close = compareValues([1, 2], [1 + 5e-5, 2], 1e-4);
  assert.equal(close.match, 1);
  assert.ok(Math.abs(close.maxAbsError - 5e-5) < 1e-12);
  const nan = compareValues([NaN, 1], [0, 1], 1e-4);
  assert.equal(nan.match, 0.5);
  assert.equal(nan.maxAbsError, Infinity);
  assert.equal(compareValues([1], [1, 2], 1).match, 0);
});
