// ModelRunner.warmUp (issue 16): throw-away KV runs in the idle time after the playground says
// ready, so the first Generate finds onnxruntime's wasm tiered up. It must never overlap a
// learner's run on the session, must stop as soon as one starts, and must not change what
// generation writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createSession, makeTensor, modelDir, readGolden, readSpec } from '../../support/modelNode';
import { MODEL_FILES } from '../../../src/shared/model/modelInterface';
import { ModelRunner, type SessionLike } from '../../../src/shared/model/runner';

const golden = readGolden();
const spec = readSpec();

/** The real KV session, slowed to 2 ms a run (as a cold wasm one is), counting runs in flight at once. */
async function watchedKv(): Promise<{ session: SessionLike; stats: { runs: number; inFlight: number; most: number } }> {
  const real = await createSession(path.join(modelDir, MODEL_FILES.kv));
  const stats = { runs: 0, inFlight: 0, most: 0 };
  const session: SessionLike = {
    outputNames: real.outputNames,
    run: async (feeds, fetches) => {
      stats.runs++;
      stats.inFlight++;
      stats.most = Math.max(stats.most, stats.inFlight);
      try {
        await new Promise((r) => setTimeout(r, 2));
        return (await real.run(feeds as never, fetches)) as never;
      } finally {
        stats.inFlight--;
      }
    },
  };
  return { session, stats };
}

const fullSession = () => createSession(path.join(modelDir, MODEL_FILES.full));
const pause = () => new Promise<void>((r) => setImmediate(r));

test('a Generate during the warm-up waits for its step, stops it, and writes the golden tokens', { timeout: 60_000 }, async () => {
  const { session, stats } = await watchedKv();
  const runner = await ModelRunner.open(spec, fullSession, session, makeTensor);
  const warming = runner.warmUp({ steps: 1000, pause });
  await new Promise((r) => setTimeout(r, 30)); // a few warm-up steps in
  const p = golden.prompts[0];
  const ids = await runner.generateKv(p.ids, golden.greedy_tokens);
  const steps = await warming;
  assert.deepEqual(ids, p.greedy_ids);
  assert.equal(stats.most, 1, 'a warm-up step and a learner step ran on the session at the same time');
  assert.ok(steps > 0, 'the warm-up ran before the Generate');
  assert.ok(steps < 100, `the warm-up went on beside the Generate (${steps} steps)`);
});

test('left alone, the warm-up runs its steps across the whole context and leaves the cache alone', { timeout: 60_000 }, async () => {
  const { session, stats } = await watchedKv();
  const runner = await ModelRunner.open(spec, fullSession, session, makeTensor);
  const p = golden.prompts[1];
  const first = (await runner.nextLogits(p.ids)).slice();
  const before = stats.runs;
  // More tokens than one context holds: the cache is rebuilt from the moved window, as a Generate
  // does, instead of overflowing (an overflow would end the warm-up early).
  const steps = 2 * spec.blockSize;
  const shapes = new Set<number>();
  const watch = session.run;
  session.run = (feeds, fetches) => (shapes.add(feeds.idx.dims[1]), watch(feeds, fetches));
  assert.equal(await runner.warmUp({ steps, prompt: 27 }), steps);
  assert.equal(stats.runs - before, steps, 'one run per step');
  const half = spec.blockSize / 2;
  assert.deepEqual([...shapes].sort((a, b) => a - b), [1, 27, half + 1], 'the prompt, single tokens and the window rebuild');
  const again = await runner.nextLogits(p.ids);
  assert.equal(stats.runs - before, steps, 'the learner cache was still there: nothing re-ran');
  assert.deepEqual(Array.from(again), Array.from(first));
});
