// The Attention and Logit lens text box: it follows the Generate text (review of 2026-12: both
// views opened with an empty box and nothing drawn) until the learner types their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseVocab } from '../../../webview/playground/vocab';
import { FollowGenerate } from '../../../webview/playground/views/sourceText';

const meta = parseVocab(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../media/model/vocab.json'), 'utf8')));

test('the box takes the Generate text, newlines kept, cropped to the model context', () => {
  const f = new FollowGenerate(meta);
  assert.equal(f.next('', 'ROMEO:\nBut soft'), 'ROMEO:\nBut soft');
  const long = 'First Citizen:\n'.repeat(20);
  const got = f.next('', long)!;
  assert.equal(got.length, meta.blockSize);
  assert.equal(got, long.slice(-meta.blockSize));
  assert.equal(f.next(got, long), undefined, 'nothing to change when the box already holds it');
});

test('text the learner typed is theirs; emptying the box follows Generate again', () => {
  const f = new FollowGenerate(meta);
  f.typed('my own text');
  assert.equal(f.isFollowing, false);
  assert.equal(f.next('my own text', 'ROMEO:'), undefined, 'a new Generate text does not overwrite it');
  f.typed('');
  assert.equal(f.next('', 'ROMEO:'), 'ROMEO:');
});

test('text chosen for the learner (Open head) is kept until the box is emptied', () => {
  const f = new FollowGenerate(meta);
  f.chose();
  assert.equal(f.next('abcabc', 'ROMEO:'), undefined);
  f.typed('');
  assert.equal(f.isFollowing, true);
});
