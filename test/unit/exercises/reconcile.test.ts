// From runner output to what each test item shows (src/exercises/reconcile.ts), without VS Code:
// results routed to the items they stand for, tests that never reported, counts and "done".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents, type ProcessEnd } from '../../../src/exercises/results';
import { reconcile, ResultRouter } from '../../../src/exercises/reconcile';

const A = 'test_attention.TestAttention.test_shape';
const B = 'test_attention.TestAttention.test_mask';
const C = 'test_attention.TestSoftmax.test_rows';
const known = [A, B, C];
const begin = (id: string) => `LLMSTUDY_BEGIN ${JSON.stringify({ id, name: id.split('.').pop() })}`;
const result = (id: string, status: string, message = '') => `LLMSTUDY_RESULT ${JSON.stringify({ id, name: id.split('.').pop(), status, message, duration_ms: 1 })}`;
const finished: ProcessEnd = { code: 0, signal: null, stderr: '' };

function follow(lines: string[], end: ProcessEnd = finished, whole = true) {
  const router = new ResultRouter(known);
  const updates = router.push(parseEvents(lines.join('\n') + '\n'));
  return { updates, r: reconcile({ known, reported: router.reportedIds(), parsed: router.parsed(), end, whole, timeoutSeconds: 5 }) };
}

test('every test passing in a whole run is done, with nothing missing', () => {
  const { updates, r } = follow([begin(A), result(A, 'passed'), begin(B), result(B, 'passed'), begin(C), result(C, 'passed'), '3 passed, 0 failed']);
  assert.deepEqual(updates.filter((u) => u.kind === 'started').map((u) => u.kind === 'started' && u.id), [A, B, C]);
  assert.deepEqual(r, { missing: [], passed: 3, failed: 0, skipped: 0, allPassed: true, timedOut: false, firstFailure: undefined });
});

test('passing a few selected tests is not the exercise done', () => {
  const { r } = follow([result(A, 'passed'), '1 passed, 0 failed'], finished, false);
  assert.equal(r.allPassed, false);
});

test('a failure is counted and its message is the notification\'s', () => {
  const { r } = follow([result(A, 'passed'), result(B, 'failed', 'the mask lets the future in'), result(C, 'passed'), '2 passed, 1 failed']);
  assert.equal(r.allPassed, false);
  assert.equal(r.failed, 1);
  assert.equal(r.firstFailure, 'the mask lets the future in');
});

test('an import failure of the test module lands on every test in it, once', () => {
  const failedImport = 'unittest.loader._FailedTest.test_attention';
  const { updates, r } = follow([result(failedImport, 'error', 'attention.py has a syntax error'), result(A, 'passed'), '0 passed, 1 failed']);
  const landed = updates.filter((u) => u.kind === 'result').map((u) => u.kind === 'result' && [u.id, u.result.status]);
  assert.deepEqual(landed, [[A, 'error'], [B, 'error'], [C, 'error']], 'the later "passed" for A does not overwrite the error');
  assert.deepEqual(r.missing, []);
});

test('a run that died says so on every test that did not report, and counts them failed', () => {
  const { r } = follow([begin(A), result(A, 'passed'), begin(B)], { code: 3, signal: null, stderr: 'about to leave\n' });
  assert.deepEqual(r.missing.map((m) => [m.id, m.status]), [[B, 'errored'], [C, 'errored']]);
  const m = r.missing[0];
  assert.match(m.status === 'errored' ? m.message : '', /^This test did not report a result: The test run stopped with exit code 3 while running "test_mask"/);
  assert.equal(r.failed, 2);
  assert.equal(r.allPassed, false);
});

test('a time-out errors the test it was in and skips the rest; a cancelled run skips every test left', () => {
  const timed = follow([result(A, 'passed'), begin(B)], { code: null, signal: 'SIGKILL', stderr: '', timedOut: true }).r;
  assert.deepEqual(timed.missing.map((m) => [m.id, m.status]), [[B, 'errored'], [C, 'skipped']]);
  assert.match(timed.missing[0].status === 'errored' ? timed.missing[0].message : '', /^Timed out after 5 s while running "test_mask"/);
  assert.equal(timed.timedOut, true);
  assert.equal(timed.failed, 1);
  assert.equal(timed.firstFailure, 'timed out after 5 s in "test_mask"');

  const cancelled = follow([result(A, 'passed'), begin(B)], { code: null, signal: 'SIGTERM', stderr: '', cancelled: true }).r;
  assert.deepEqual(cancelled.missing.map((m) => [m.id, m.status]), [[B, 'skipped'], [C, 'skipped']]);
  assert.equal(cancelled.failed, 0);
  assert.equal(cancelled.allPassed, false);
});

test('the runner\'s abort points the missing tests at the learner\'s line', () => {
  const abort = `LLMSTUDY_ABORT ${JSON.stringify({ message: 'numpy.py in your folder hides numpy', file: 'numpy.py', line: 2 })}`;
  const { r } = follow([abort], { code: 2, signal: null, stderr: '' });
  assert.deepEqual(r.missing[0], { id: A, status: 'errored', message: 'This test did not report a result: numpy.py in your folder hides numpy', file: 'numpy.py', line: 2 });
  assert.equal(r.firstFailure, 'numpy.py in your folder hides numpy');
  assert.equal(r.failed, 3);
});
