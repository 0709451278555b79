import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tiktoken } from 'js-tiktoken/lite';
import gpt2 from 'js-tiktoken/ranks/gpt2';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { capNotice, capText, MAX_TEXT_CHARS, pieceLabel, tokenBytes, tokenPieces } from '../../../src/shared/tokenizer/spans';

// Loading o200k_base takes a few seconds; once per file.
const enc = { gpt2: new Tiktoken(gpt2), o200k: new Tiktoken(o200k) };
const LINE = 'The quick brown fox jumps over the lazy dog.';

test('GPT-2 and o200k ids for a fixed line match the published tokenizers', () => {
  // Known values (OpenAI's tiktoken gives the same ids): "Hello world" is [15496, 995] in GPT-2.
  assert.deepEqual(enc.gpt2.encode('Hello world'), [15496, 995]);
  assert.deepEqual(enc.o200k.encode('Hello world'), [13225, 2375]);
  assert.deepEqual(tokenPieces(enc.gpt2, LINE).map((p) => p.id), [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13]);
  assert.equal(tokenPieces(enc.o200k, LINE).length, 10);
});

test('pieces join back to the text, with the leading space inside the word token', () => {
  const pieces = tokenPieces(enc.gpt2, LINE);
  assert.equal(pieces.map((p) => p.text).join(''), LINE);
  assert.equal(pieces[1].text, ' quick');
  assert.equal(pieceLabel(pieces[1]), '·quick');
});

test('a character split across tokens shows as byte fragments, and the bytes still add up', () => {
  const pieces = tokenPieces(enc.gpt2, '🙂');
  assert.equal(pieces.length, 2);
  assert.ok(pieces.every((p) => p.text === undefined), 'neither half is a character');
  assert.deepEqual(pieces.flatMap((p) => p.bytes), [...new TextEncoder().encode('🙂')]);
  assert.equal(pieceLabel(pieces[0]), 'f0 9f');
  assert.equal(tokenPieces(enc.o200k, '🙂').length, 1, 'o200k has the emoji as one token');
});

test('non-English text costs GPT-2 more tokens than o200k (the counts the lesson quotes)', () => {
  const count = (e: keyof typeof enc, s: string) => tokenPieces(enc[e], s).length;
  assert.deepEqual([count('gpt2', 'नमस्ते दुनिया'), count('o200k', 'नमस्ते दुनिया')], [23, 5]);
  assert.deepEqual([count('gpt2', '今日は良い天気ですね'), count('o200k', '今日は良い天気ですね')], [16, 6]);
  assert.deepEqual([count('gpt2', ' 12345678'), count('o200k', ' 12345678')], [3, 4]);
});

test('a special-token string in the selection is tokenised as text, not refused', () => {
  const pieces = tokenPieces(enc.gpt2, 'a <|endoftext|> b');
  assert.ok(!pieces.some((p) => p.id === 50256));
  assert.equal(pieces.map((p) => p.text).join(''), 'a <|endoftext|> b');
});

test('tokenBytes falls back to decode() when the library hides its byte map', () => {
  const plain = { encode: (t: string) => enc.gpt2.encode(t), decode: (ids: number[]) => enc.gpt2.decode(ids) };
  assert.deepEqual([...tokenBytes(plain, 995)], [...new TextEncoder().encode(' world')]);
});

test('capText cuts at the stated size, never inside a surrogate pair, and says so', () => {
  assert.equal(capNotice(capText('short')), undefined);
  const long = 'x'.repeat(MAX_TEXT_CHARS - 1) + '🙂' + 'y';
  const c = capText(long);
  assert.equal(c.text.length, MAX_TEXT_CHARS - 1, 'the emoji is dropped whole');
  assert.equal(c.originalLength, long.length);
  assert.match(capNotice(c)!, /first 1,999 of 2,002 characters/);
});
