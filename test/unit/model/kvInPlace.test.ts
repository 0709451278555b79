// The KV cache kept by the runner (issue 16): with model_kv.onnx's new_kv output, each step hands
// the runtime the cache the runner grows in place and takes back only the new positions, instead
// of a whole present_kv per token (onnxruntime-web allocates and copies every output). It must
// give the very tokens and logits present_kv gives, and a graph without new_kv (a learner's older
// export) must still work the old way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createSession, makeTensor, modelDir, readGolden, readSpec } from '../../support/modelNode';
import { KV_IO, MODEL_FILES } from '../../../src/shared/model/modelInterface';
import { ModelRunner, type SessionLike } from '../../../src/shared/model/runner';
import { KvBuffer } from '../../../src/shared/model/kvBuffer';

const golden = readGolden();
const spec = readSpec();
const fullSession = () => createSession(path.join(modelDir, MODEL_FILES.full));

/** The shipped KV session, recording what each run fetched; `hide` drops outputs from its name list, as an older graph lacks them. */
async function recordedKv(hide: string[] = []): Promise<{ session: SessionLike; fetched: string[][] }> {
  const real = await createSession(path.join(modelDir, MODEL_FILES.kv));
  const fetched: string[][] = [];
  const session: SessionLike = {
    outputNames: real.outputNames.filter((n) => !hide.includes(n)),
    run: async (feeds, fetches) => {
      fetched.push([...fetches]);
      return (await real.run(feeds as never, fetches)) as never;
    },
  };
  return { session, fetched };
}

test('the shipped KV graph has new_kv: the last T positions of present_kv', { timeout: 30_000 }, async () => {
  const kv = await createSession(path.join(modelDir, MODEL_FILES.kv));
  assert.ok(kv.outputNames.includes('new_kv'), `model_kv.onnx outputs ${kv.outputNames.join(', ')}: run training/export_kv.py`);
  const p = golden.prompts[1].ids;
  const runner = await ModelRunner.open(spec, fullSession, kv, makeTensor);
  const pre = await runner.forwardKv(p.slice(0, 20));
  const out = await kv.run({ idx: makeTensor('int64', BigInt64Array.from(p.slice(20, 23), BigInt), [1, 3]) as never, past_kv: pre.present as never }, ['present_kv', 'new_kv']);
  const present = out.present_kv.data as Float32Array, fresh = out.new_kv.data as Float32Array;
  assert.deepEqual(out.new_kv.dims, [spec.nLayer, 2, spec.nHead, 3, spec.headSize]);
  const rows = spec.nLayer * 2 * spec.nHead, hs = spec.headSize;
  for (let r = 0; r < rows; r++) {
    assert.deepEqual(fresh.subarray(r * 3 * hs, (r + 1) * 3 * hs), present.subarray((r * 23 + 20) * hs, (r + 1) * 23 * hs), `row ${r}`);
  }
});

test('generation fetches new_kv, never the whole present_kv, and gets the logits present_kv gives', { timeout: 60_000 }, async () => {
  const { session, fetched } = await recordedKv();
  const { session: old } = await recordedKv(['new_kv']);
  const inPlace = await ModelRunner.open(spec, fullSession, session, makeTensor);
  const viaPresent = await ModelRunner.open(spec, fullSession, old, makeTensor);
  fetched.length = 0;
  for (const p of golden.prompts) assert.deepEqual(await inPlace.generateKv(p.ids, golden.greedy_tokens), p.greedy_ids, JSON.stringify(p.prompt));
  const withPresent = fetched.filter((f) => f.includes(KV_IO.presentKv)).length;
  assert.equal(withPresent, 0, `${withPresent} of ${fetched.length} steps fetched present_kv`);
  // Step by step past the context (the window moves and both caches are rebuilt): the same numbers.
  inPlace.resetCache();
  const seq = [...golden.prompts[1].ids];
  let worst = 0;
  for (let step = 0; step < 180; step++) {
    const a = (await inPlace.nextLogits(seq)).slice();
    const b = await viaPresent.nextLogits(seq);
    a.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[i]))));
    seq.push(golden.prompts[1].greedy_ids[step] ?? step % spec.vocabSize);
  }
  assert.equal(worst, 0, `logits differ by up to ${worst}`);
});

test('a KV graph without new_kv (an older export) still generates the golden tokens, through present_kv', { timeout: 60_000 }, async () => {
  const { session, fetched } = await recordedKv(['new_kv']);
  const runner = await ModelRunner.open(spec, fullSession, session, makeTensor);
  const p = golden.prompts[0];
  assert.deepEqual(await runner.generateKv(p.ids, golden.greedy_tokens), p.greedy_ids);
  assert.ok(fetched.slice(1).every((f) => !f.includes('new_kv')), 'asked an older graph for an output it lacks');
});

test('KvBuffer keeps past_kv [rows, P, hs] packed as positions are appended', () => {
  const rows = 3, hs = 2;
  const b = new KvBuffer(rows, hs, 5);
  /** new_kv [rows, t, hs] for positions p..p+t-1: value = row * 100 + position * 10 + component. */
  const fresh = (p: number, t: number) => Float32Array.from({ length: rows * t * hs }, (_, i) => {
    const r = Math.floor(i / (t * hs)), pos = p + Math.floor((i % (t * hs)) / hs);
    return r * 100 + pos * 10 + (i % hs);
  });
  b.append(fresh(0, 2), 2);
  b.append(fresh(2, 1), 1);
  b.append(fresh(3, 2), 2);
  assert.equal(b.length, 5);
  assert.deepEqual(b.view(), fresh(0, 5));
  assert.throws(() => b.append(fresh(5, 1), 1), RangeError);
  assert.throws(() => new KvBuffer(rows, hs, 9).append(new Float32Array(5), 1), RangeError);
  b.reset();
  assert.equal(b.view().length, 0);
});
