import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextStart, contextWindow, cropToContext } from '../../../src/shared/model/context';
import { CharTokenizer } from '../../../src/shared/model/tokenizer';
import { checkModelMatchesVocab, loadVocab, VocabError } from '../../../src/shared/model/vocab';

const good = { chars: ['\n', ' ', 'a', 'b'], vocab_size: 4, block_size: 8, n_layer: 2, n_head: 2, n_embd: 8 };

test('contextStart: everything up to the block, then jumps of half a block', () => {
  const B = 128;
  assert.equal(contextStart(1, B), 0);
  assert.equal(contextStart(128, B), 0);
  assert.equal(contextStart(129, B), 64);
  assert.equal(contextStart(192, B), 64);
  assert.equal(contextStart(193, B), 128);
  for (let n = B + 1; n < 1000; n++) {
    const len = n - contextStart(n, B);
    assert.ok(len > B / 2 && len <= B, `n=${n}: window of ${len}`);
  }
  assert.deepEqual(contextWindow([1, 2, 3, 4, 5], 4), [3, 4, 5]);
  assert.deepEqual(cropToContext([1, 2, 3, 4, 5], 4), [2, 3, 4, 5]);
});

test('loadVocab accepts export.py output and names the problem otherwise', () => {
  const spec = loadVocab(JSON.stringify(good));
  assert.equal(spec.headSize, 4);
  const bad: Array<[unknown, RegExp]> = [
    ['{nope', /not valid JSON/],
    [[], /JSON object/],
    [{ ...good, chars: [] }, /non-empty list/],
    [{ ...good, chars: ['ab', 'c', 'd', 'e'] }, /chars\[0\] must be a single character/],
    [{ ...good, chars: ['a', 'a', 'b', 'c'] }, /twice/],
    [{ ...good, vocab_size: 5 }, /vocab_size is 5 but "chars" has 4/],
    [{ ...good, n_head: 3 }, /not a multiple/],
    [{ ...good, block_size: 0 }, /block_size/],
    [{ ...good, n_layer: '2' }, /n_layer/],
  ];
  for (const [raw, pattern] of bad) assert.throws(() => loadVocab(raw), (e: Error) => e instanceof VocabError && pattern.test(e.message));
  assert.deepEqual(loadVocab({ ...good, chars: ['😀', 'a', 'b', 'c'] }).chars[0], '😀');
});

test('checkModelMatchesVocab compares every output shape with the spec', () => {
  const spec = loadVocab(good);
  checkModelMatchesVocab(spec, { logits: [1, 1, 4], attn: [2, 2, 1, 1], resid: [3, 1, 8] });
  assert.throws(() => checkModelMatchesVocab(spec, { logits: [1, 1, 5] }), /knows 5 tokens, vocab\.json lists 4/);
  assert.throws(() => checkModelMatchesVocab(spec, { logits: [1, 1, 4], attn: [4, 2, 1, 1] }), /attn has shape \[4, 2, 1, 1\]/);
});

test('tokenizer round-trips known text and falls back to the space', () => {
  const tok = new CharTokenizer(good.chars);
  const { ids, unknown } = tok.encode('ab\nba');
  assert.deepEqual(unknown, []);
  assert.equal(tok.decode(ids), 'ab\nba');
  const odd = tok.encode('aXb');
  assert.deepEqual(odd.ids, [2, 1, 3]);
  assert.deepEqual(odd.unknown, [{ index: 1, char: 'X' }]);
});
