import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToWebview, ENCODINGS, TOKENIZER_CHECKS } from '../../../src/shared/protocols/tokenizer';
import { checkMessage } from '../../../src/shared/protocols/webview';

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

test('the host takes only well-formed webview messages, each checked by its type', () => {
  const ok = (m: unknown) => 'message' in checkMessage(m, TOKENIZER_CHECKS);
  const why = (m: unknown) => {
    const r = checkMessage(m, TOKENIZER_CHECKS);
    return 'reason' in r ? r.reason : '';
  };
  assert.ok(ok({ type: 'ready', extra: 1 }));
  assert.ok(ok({ type: 'counted', chars: 4, counts: { gpt2: 2 } }));
  assert.match(why({ type: 'counted', chars: 4, counts: { gpt2: '2' } }), /count for "gpt2" is not an integer/);
  assert.match(why({ type: 'counted', chars: 4.5, counts: {} }), /chars is not an integer/);
  assert.match(why({ type: 'counted', chars: 4, counts: [1] }), /counts is not an object/);
  assert.ok(ok({ type: 'typed', text: 'x', originalLength: 1, source: { kind: 'typed' } }));
  assert.match(why({ type: 'typed', text: 'x', originalLength: 1, source: { kind: 'clipboard' } }), /source/);
  assert.match(why({ type: 'typed', text: 'x', originalLength: '1', source: { kind: 'typed' } }), /originalLength/);
  assert.match(why({ type: 'loadFailed', what: 'gpt2' }), /message is missing/);
  assert.match(why({ type: 'text', text: 'x', originalLength: 1, source: { kind: 'typed' } }), /unknown message type/, 'a host-to-page type is refused');
  assert.match(why('ready'), /not a message/);
});

test('the webview takes the learner\'s BPE result only when well-formed', () => {
  const ok = { type: 'ownBpe', text: 'the', result: { ids: [269], pieces: ['the'], vocabSize: 300 } };
  assert.deepEqual(decodeToWebview(ok), ok);
  assert.deepEqual(decodeToWebview({ type: 'ownBpe', text: 'x', result: { why: 'Start the bpe exercise' } })?.type, 'ownBpe');
  assert.equal(decodeToWebview({ ...ok, result: { ids: [1, 2], pieces: ['a'], vocabSize: 300 } }), undefined, 'ids and pieces differ in length');
  assert.equal(decodeToWebview({ ...ok, result: { ids: [1.5], pieces: ['a'], vocabSize: 300 } }), undefined, 'an id that is not an integer');
  assert.equal(decodeToWebview({ type: 'ownBpe', result: ok.result }), undefined, 'no text');
});
