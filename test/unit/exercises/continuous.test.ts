// Rerun on save (src/exercises/continuous.ts) on a mocked clock: a burst of saves makes one run
// after the delay, a save during a run cancels it, and turning it off stops both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RerunQueue } from '../../../src/exercises/continuous';

function queue() {
  const runs: { id: string; signal: AbortSignal; done: () => void }[] = [];
  const errors: unknown[] = [];
  const q = new RerunQueue((id, signal) => new Promise<void>((done) => runs.push({ id, signal, done })), (_id, e) => errors.push(e), 300);
  return { q, runs, errors };
}

test('saves within the delay make one run, started 300 ms after the last', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { q, runs } = queue();
  q.saved('attention');
  t.mock.timers.tick(200);
  q.saved('attention');
  t.mock.timers.tick(299);
  assert.equal(runs.length, 0, 'not yet: the second save restarted the wait');
  t.mock.timers.tick(1);
  assert.deepEqual(runs.map((r) => r.id), ['attention']);
});

test('a save while a run is going cancels that run at once and starts a new one after the delay', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { q, runs } = queue();
  q.saved('attention');
  t.mock.timers.tick(300);
  assert.equal(q.isRunning('attention'), true);
  q.saved('attention');
  assert.equal(runs[0].signal.aborted, true, 'the stale run is cancelled');
  t.mock.timers.tick(300);
  assert.equal(runs.length, 2);
  assert.equal(runs[1].signal.aborted, false);
});

test('exercises are independent: a save of one does not cancel another\'s run', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { q, runs } = queue();
  q.saved('attention');
  t.mock.timers.tick(300);
  q.saved('bpe');
  assert.equal(runs[0].signal.aborted, false);
  t.mock.timers.tick(300);
  assert.deepEqual(runs.map((r) => r.id), ['attention', 'bpe']);
});

test('stop drops a pending run and cancels a running one', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { q, runs } = queue();
  q.saved('attention');
  t.mock.timers.tick(300);
  q.saved('attention');
  q.stop('attention');
  t.mock.timers.tick(1000);
  assert.equal(runs.length, 1, 'the pending rerun never starts');
  assert.equal(runs[0].signal.aborted, true);
});

test('a run that throws is reported, and the next save still runs', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const q = new RerunQueue(async () => {
    calls++;
    throw new Error('boom');
  }, (_id, e) => errors.push(e), 1);
  q.saved('attention');
  await new Promise((r) => setTimeout(r, 20));
  q.saved('attention');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(calls, 2);
  assert.equal(errors.length, 2);
  assert.equal(q.isRunning('attention'), false);
});
