// The Ablate and Patching views' stored settings survive a reload, and a hand-edited or older
// state loses only the broken parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePlaygroundState } from '../../../src/shared/protocols/playground';

test('the ablated heads and patching prompts survive a reload through decodePlaygroundState', () => {
  const interp = {
    ablate: { off: [[1, 1], [0, 0]], mode: 'mean', reference: 'To be', prompt: 'ROMEO:' },
    patch: { clean: 'abcab', corrupted: 'abdab', good: 'c', bad: 'd' },
  };
  const back = decodePlaygroundState(JSON.parse(JSON.stringify({ view: 'ablate', interp })));
  assert.equal(back.view, 'ablate');
  assert.deepEqual(back.interp, interp);
  assert.equal(decodePlaygroundState({ view: 'patch' }).view, 'patch');
  assert.equal(decodePlaygroundState({ view: 'dla' }).view, 'dla');
});

test('a broken stored interp state drops only what is broken', () => {
  const back = decodePlaygroundState({ interp: { ablate: { off: [[1, 1], [-1, 0], [1], 'x', [2.5, 1]], mode: 'nonsense' }, patch: { clean: 3 } } });
  assert.deepEqual(back.interp, { ablate: { off: [[1, 1]], mode: 'zero' } });
  assert.equal(decodePlaygroundState({ interp: 'junk' }).interp, undefined);
});

test('the Steer view\'s settings survive a reload; out-of-range numbers are clamped, a broken one is dropped', () => {
  const steer = { source: 'json', a: 'TO BE', b: 'to be', json: '[1, 2]', layer: 2, coef: -1.5, prompt: 'ROMEO:\n', tokens: 80, sample: true };
  const back = decodePlaygroundState(JSON.parse(JSON.stringify({ view: 'steer', interp: { steer } })));
  assert.equal(back.view, 'steer');
  assert.deepEqual(back.interp?.steer, steer);
  const odd = decodePlaygroundState({ interp: { steer: { ...steer, source: 'x', layer: -1, coef: 1e9, tokens: 1e6, sample: 'yes', json: 7 } } }).interp?.steer;
  assert.deepEqual(odd, { source: 'prompts', a: 'TO BE', b: 'to be', layer: 0, coef: 100, prompt: 'ROMEO:\n', tokens: 500, sample: false });
  assert.equal(decodePlaygroundState({ interp: { steer: { ...steer, a: 3 } } }).interp?.steer, undefined);
});
