import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewDrafts } from '../../../src/review/drafts';
import { MAX_NOTE_CHARS } from '../../../src/shared/protocols/lesson';
import { Storage } from '../../../src/state/storage';
import { sharedMemento } from '../state/memento';

test('a short answer typed in Review is kept until graded: a new extension host (a reloaded window) reads it back', async () => {
  const { values, memento } = sharedMemento();
  const first = new ReviewDrafts(new Storage(memento));
  first.write('attention/why-scale', 'so the softmax');
  first.write('attention/why-scale', 'so the softmax does not saturate');
  // Readable before the write lands (a page revived right now), and from storage after it.
  assert.equal(first.text('attention/why-scale'), 'so the softmax does not saturate');
  await first.flush();
  const reloaded = new ReviewDrafts(new Storage(memento));
  assert.equal(reloaded.text('attention/why-scale'), 'so the softmax does not saturate');
  assert.equal(reloaded.text('attention/other'), '');
  assert.deepEqual(values.get('llmStudy.review.drafts'), { v: 1, data: { 'attention/why-scale': 'so the softmax does not saturate' } });

  await reloaded.clear('attention/why-scale');
  assert.equal(new ReviewDrafts(new Storage(memento)).text('attention/why-scale'), '');
});

test('a graded draft goes even when its last keystroke was still being written; an over-long one is refused, not cut', async () => {
  const { memento } = sharedMemento();
  const d = new ReviewDrafts(new Storage(memento));
  d.write('l1/q1', 'typed just before grading');
  await d.clear('l1/q1');
  assert.equal(new ReviewDrafts(new Storage(memento)).text('l1/q1'), '');
  assert.equal(d.write('l1/q1', 'x'.repeat(MAX_NOTE_CHARS + 1)), false);
  await d.flush();
  assert.equal(new ReviewDrafts(new Storage(memento)).text('l1/q1'), '');
});
