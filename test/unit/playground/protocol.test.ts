// The playground's limits and stored-state decoding, shared by the host and the webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampTokens, decodePlaygroundState, TOKENS } from '../../../src/shared/protocols/playground';

test('Tokens typed past its max or below its min is clamped to 1..2000', () => {
  assert.equal(clampTokens('5000'), TOKENS.max);
  assert.equal(clampTokens(5000), 2000);
  assert.equal(clampTokens('0'), TOKENS.min);
  assert.equal(clampTokens('-5'), 1);
  assert.equal(clampTokens('80'), 80);
  assert.equal(clampTokens('12.7'), 12, 'a whole number of tokens');
  assert.equal(clampTokens('1e9'), 2000);
});

test('a blank or unreadable Tokens value means the default, not one token', () => {
  for (const v of ['', '  ', 'abc', undefined, null, NaN, Infinity, {}]) assert.equal(clampTokens(v), TOKENS.default, String(v));
});

test('stored playground state from an older version or hand-edited is decoded, Tokens clamped', () => {
  assert.deepEqual(decodePlaygroundState({ view: 'attention', prompt: 'hi', maxTokens: 5000, topK: 5, seed: 3 }), {
    view: 'attention', prompt: 'hi', maxTokens: 2000, topK: 5, seed: 3,
  });
  assert.deepEqual(decodePlaygroundState({ view: 'nowhere', prompt: 7, temperature: 'hot', source: 1, maxTokens: '-3' }), { maxTokens: 1 });
  for (const raw of [undefined, null, 'state', 42, []]) assert.deepEqual(decodePlaygroundState(raw), {});
});
