import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToHost, decodeToWebview, ENCODINGS } from '../../../src/shared/protocols/tokenizer';

const urls = Object.fromEntries(ENCODINGS.map((e) => [e, `https://x/${e}.json`]));

test('the webview takes only well-formed host messages', () => {
  const text = { text: 'hi', originalLength: 2, source: { kind: 'selection', file: 'a.ts', line: 3 } };
  assert.equal(decodeToWebview({ type: 'text', ...text })?.type, 'text');
  assert.equal(decodeToWebview({ type: 'init', rankUrls: urls, vocabUrl: 'v', ...text })?.type, 'init');
  assert.equal(decodeToWebview({ type: 'init', rankUrls: { gpt2: 'x' }, vocabUrl: 'v', ...text }), undefined, 'a missing rank URL');
  assert.equal(decodeToWebview({ type: 'text', text: 3, originalLength: 1, source: { kind: 'typed' } }), undefined);
  assert.equal(decodeToWebview({ type: 'text', text: 'a', originalLength: 1, source: { kind: 'clipboard' } }), undefined);
  assert.equal(decodeToWebview(null), undefined);
});

test('the host takes only well-formed webview messages', () => {
  assert.deepEqual(decodeToHost({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(decodeToHost({ type: 'counted', chars: 4, counts: { gpt2: 2 } }), { type: 'counted', chars: 4, counts: { gpt2: 2 } });
  assert.equal(decodeToHost({ type: 'counted', chars: 4, counts: { gpt2: '2' } }), undefined);
  assert.equal(decodeToHost({ type: 'typed', text: 'x', originalLength: 1, source: { kind: 'typed' } })?.type, 'typed');
  assert.equal(decodeToHost({ type: 'loadFailed', what: 'gpt2' }), undefined);
  assert.equal(decodeToHost('ready'), undefined);
});

test('the webview takes the learner\'s BPE result only when well-formed', () => {
  const ok = { type: 'ownBpe', text: 'the', result: { ids: [269], pieces: ['the'], vocabSize: 300 } };
  assert.deepEqual(decodeToWebview(ok), ok);
  assert.deepEqual(decodeToWebview({ type: 'ownBpe', text: 'x', result: { why: 'Start the bpe exercise' } })?.type, 'ownBpe');
  assert.equal(decodeToWebview({ ...ok, result: { ids: [1, 2], pieces: ['a'], vocabSize: 300 } }), undefined, 'ids and pieces differ in length');
  assert.equal(decodeToWebview({ ...ok, result: { ids: [1.5], pieces: ['a'], vocabSize: 300 } }), undefined, 'an id that is not an integer');
  assert.equal(decodeToWebview({ type: 'ownBpe', result: ok.result }), undefined, 'no text');
});
