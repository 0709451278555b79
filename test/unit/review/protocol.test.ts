import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMessage } from '../../../src/shared/protocols/webview';
import { REVIEW_CHECKS, type ToHost } from '../../../src/shared/protocols/review';

const check = (m: unknown) => checkMessage<ToHost>(m, REVIEW_CHECKS);

test('review messages from the page are checked per type before the host acts on them', () => {
  assert.ok('message' in check({ type: 'grade', key: 'linear-algebra/matmul-shape', grade: 'good' }));
  assert.ok('message' in check({ type: 'easier', key: 'l1/q1' }));
  assert.ok('message' in check({ type: 'next' }));
  assert.ok('message' in check({ type: 'openLesson', lessonId: 'self-attention' }));
  assert.ok('message' in check({ type: 'draft', key: 'l1/q1', text: 'half an answer' }));
  for (const [bad, why] of [
    [{ type: 'grade', key: 'l1/q1', grade: 'hard' }, /grade .*not one of again, good, easy/],
    [{ type: 'grade', key: '../../etc', grade: 'good' }, /not a question key/],
    [{ type: 'grade', grade: 'good' }, /not a question key/],
    [{ type: 'easier', key: 'l1' }, /not a question key/],
    [{ type: 'openLesson', lessonId: 'Lesson One' }, /not a lesson id/],
    [{ type: 'draft', key: 'l1/q1', text: 3 }, /text/],
    [{ type: 'draft', key: 'l1', text: '' }, /not a question key/],
    [{ type: 'toString' }, /unknown message type/],
  ] as const) {
    const r = check(bad);
    assert.ok('reason' in r, JSON.stringify(bad));
    assert.match(r.reason, why);
  }
});
