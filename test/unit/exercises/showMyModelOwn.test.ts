// Show My Model for the exercises with their own show_my_model.py (patching, kv-cache, rope): the
// scripts run the reference solutions and a mutant on a small random GPT, what they print passes
// the protocol's check (decodeOwnResult) and says what the playground needs; the check refuses
// malformed results; the webview's RoPE reference and its "depends only on the offset" measure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeOwnResult, type OwnCachedNext, type OwnHeadPatching, type OwnResult, type OwnRopeScores } from '../../../src/shared/protocols/playground';
import type { ModelComparison } from '../../../src/shared/protocols/exercises';
import { applyMutant, type Mutant } from '../../../src/exercises/mutants';
import { hottestCell, ropeScores, spreadAcrossRows } from '../../../webview/playground/views/mineOwn';

const REPO = path.resolve(__dirname, '../../..');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const EX = path.join(REPO, 'curriculum/exercises');

function fakeModel(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-model-'));
  const r = spawnSync(python, [path.join(REPO, 'test/support/fake_tiny_gpt.py'), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

/** A learner folder with `file` of `exercise`: the solution, the stub, or the solution with a listed mutant. */
function learner(exercise: string, which: 'solution' | 'stub' | { mutant: string }): string {
  const meta = JSON.parse(fs.readFileSync(path.join(EX, exercise, 'exercise.json'), 'utf8')) as { files: { stub: string; solution: string }; mutants: Mutant[] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-learner-'));
  let text = fs.readFileSync(path.join(EX, exercise, which === 'stub' ? meta.files.stub : meta.files.solution), 'utf8');
  if (typeof which === 'object') text = applyMutant(text, meta.mutants.find((m) => m.id === which.mutant)!);
  fs.writeFileSync(path.join(dir, meta.files.stub), text);
  return dir;
}

function own(exercise: string, dir: string, args: string[]): OwnResult {
  const meta = JSON.parse(fs.readFileSync(path.join(EX, exercise, 'exercise.json'), 'utf8')) as { files: { stub: string }; showMyModel: { function: string } };
  const r = spawnSync(python, [path.join(EX, exercise, 'show_my_model.py'), '--exercise-dir', dir, '--module', meta.files.stub.replace(/\.py$/, ''),
    '--function', meta.showMyModel.function, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const line = r.stdout.split('\n').find((l) => l.startsWith('LLMSTUDY_MODEL '));
  assert.ok(line, r.stdout + r.stderr);
  const decoded = decodeOwnResult(JSON.parse(line.slice('LLMSTUDY_MODEL '.length)));
  assert.notEqual(typeof decoded, 'string', `refused: ${String(decoded)}`);
  return decoded as OwnResult;
}

const PAIR = ['--clean', 'abcdefgh abcde', '--corrupted', 'abcdejgh abcde', '--good', 'f', '--bad', 'j'];

test('patching: the solution\'s heatmap is one score per head; a mutant that patches nothing scores 0 everywhere; the stub explains', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const good = own('patching', learner('patching', 'solution'), ['--model-dir', model, ...PAIR]) as OwnHeadPatching;
  assert.equal(good.kind, 'head-patching');
  assert.equal(good.error, undefined, good.error);
  assert.deepEqual([good.nLayer, good.nHead], [2, 2]);
  assert.equal(good.mine?.length, 2);
  assert.ok(good.mine!.flat().some((v) => Math.abs(v) > 0.01), `some head matters: ${JSON.stringify(good.mine)}`);
  assert.ok(Number.isFinite(good.cleanMetric) && good.cleanMetric !== good.corruptedMetric);
  const none = own('patching', learner('patching', { mutant: 'patch_from_corrupted' }), ['--model-dir', model, ...PAIR]) as OwnHeadPatching;
  assert.ok(none.mine!.flat().every((v) => Math.abs(v) < 1e-9), JSON.stringify(none.mine));
  const stub = own('patching', learner('patching', 'stub'), ['--model-dir', model, ...PAIR]) as OwnHeadPatching;
  assert.match(stub.error ?? '', /not written yet/);
  assert.equal(stub.mine, undefined);
  const bad = own('patching', learner('patching', 'solution'), ['--model-dir', model, '--clean', 'abZ', '--corrupted', 'abc', '--good', 'a', '--bad', 'b']) as OwnHeadPatching;
  assert.match(bad.error ?? '', /no character "Z"/);
});

test('kv-cache: the cached decode\'s distribution is the full forward\'s (media driver, gpt-forward solution); the unshifted mask is not', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const prompt = 'abc defg\nhij abc';
  const ref = spawnSync(python, [path.join(REPO, 'media/exercises/show_my_model.py'), '--exercise-dir', path.join(EX, 'gpt-forward/solution'), '--module', 'gpt',
    '--function', 'gpt_forward', '--kind', 'logits', '--model-dir', model, '--prompt', prompt], { encoding: 'utf8', timeout: 60_000 });
  const full = JSON.parse(ref.stdout.split('\n').find((l) => l.startsWith('LLMSTUDY_MODEL '))!.slice('LLMSTUDY_MODEL '.length)) as ModelComparison;
  const top = full.topReference!;
  const mine = own('kv-cache', learner('kv-cache', 'solution'), ['--model-dir', model, '--prompt', prompt]) as OwnCachedNext;
  assert.equal(mine.error, undefined, mine.error);
  assert.equal(mine.prefill, 8);
  assert.equal(mine.probs?.length, 12);
  assert.ok(Math.abs(mine.probs!.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  for (const t of top) assert.ok(Math.abs(mine.probs![' \nabcdefghij'.indexOf(t.token)] - t.p) < 1e-5, `${t.token}: ${t.p}`);
  const wrong = own('kv-cache', learner('kv-cache', { mutant: 'mask_not_offset' }), ['--model-dir', model, '--prompt', prompt]) as OwnCachedNext;
  const err = Math.max(...top.map((t) => Math.abs(wrong.probs![' \nabcdefghij'.indexOf(t.token)] - t.p)));
  assert.ok(err > 1e-3, `the mutant's distribution differs (${err})`);
});

test('rope: the solution\'s curves coincide and match the webview\'s RoPE; unrotated keys make them depend on the position', { skip: !hasNumpy }, () => {
  const good = own('rope', learner('rope', 'solution'), []) as OwnRopeScores;
  assert.equal(good.error, undefined, good.error);
  assert.equal(good.mine?.length, good.queryPositions.length);
  assert.ok(spreadAcrossRows(good.mine!) < 1e-5, `spread ${spreadAcrossRows(good.mine!)}`);
  good.queryPositions.forEach((m, r) => {
    const ref = ropeScores(good.q, good.k, m, good.offsets, good.base);
    good.mine![r].forEach((v, i) => assert.ok(Math.abs(v - ref[i]) < 1e-5, `query ${m}, offset ${good.offsets[i]}: ${v} vs ${ref[i]}`));
  });
  const wrong = own('rope', learner('rope', { mutant: 'keys_not_rotated' }), []) as OwnRopeScores;
  assert.ok(spreadAcrossRows(wrong.mine!) > 0.1, `spread ${spreadAcrossRows(wrong.mine!)}`);
});

test('decodeOwnResult keeps valid results of each kind and refuses malformed ones with a reason', () => {
  const patch = { kind: 'head-patching', clean: 'ab', corrupted: 'ac', good: 'b', bad: 'c', nLayer: 2, nHead: 2, mine: [[0, 1], [0.5, -0.1]], cleanMetric: 3 };
  assert.deepEqual(decodeOwnResult(patch), patch);
  const next = { kind: 'cached-next', prompt: 'ab', tokens: ['a', 'b'], prefill: 1, probs: [0.25, 0.75], top: [{ token: 'b', p: 0.75 }], error: 'x', traceback: '' };
  assert.deepEqual(decodeOwnResult(next), next);
  const rope = { kind: 'rope-scores', headDim: 2, base: 10000, q: [1, 0], k: [0, 1], queryPositions: [3, 9], offsets: [0, 1, 2], mine: [[0, 1, 2], [0, 1, 2]] };
  assert.deepEqual(decodeOwnResult(rope), rope);
  const { mine: _, ...noScores } = patch;
  assert.deepEqual(decodeOwnResult({ ...noScores, extra: 'dropped' }), noScores);
  const refused: [unknown, RegExp][] = [
    [null, /not an object/],
    [{ ...patch, kind: 'logits' }, /unknown kind/],
    [{ ...patch, corrupted: 'abc' }, /same length/],
    [{ ...patch, good: 'bb' }, /one character/],
    [{ ...patch, nLayer: 0 }, /whole numbers/],
    [{ ...patch, mine: [[0, 1]] }, /2 rows of 2/],
    [{ ...patch, mine: [[0, 1], [0, NaN]] }, /finite/],
    [{ ...patch, error: 5 }, /error is not a string/],
    [{ ...next, prefill: 3 }, /prefill/],
    [{ ...next, probs: [0.5, 1.5] }, /probabilities/],
    [{ ...next, top: [{ token: 'b' }] }, /top/],
    [{ ...next, tokens: 'ab' }, /text/],
    [{ ...rope, headDim: 3, q: [1, 0, 0], k: [1, 0, 0] }, /even/],
    [{ ...rope, q: [1] }, /2 finite numbers/],
    [{ ...rope, offsets: [0.5] }, /whole numbers/],
    [{ ...rope, mine: [[0, 1, 2]] }, /2 rows of 3/],
    [{ ...rope, base: 1 }, /base/],
  ];
  for (const [raw, why] of refused) {
    const r = decodeOwnResult(raw);
    assert.equal(typeof r, 'string', `accepted ${JSON.stringify(raw)}`);
    assert.match(r as string, why);
  }
});

test('ropeScores turns each neighbouring pair, spreadAcrossRows and hottestCell', () => {
  // d = 2: q = (1, 0) at m, k = (1, 0) at m - o: the score is cos(o) / sqrt(2), wherever m is.
  const s = ropeScores([1, 0], [1, 0], 7, [0, 1, 2], 10000);
  [0, 1, 2].forEach((o, i) => assert.ok(Math.abs(s[i] - Math.cos(o) / Math.SQRT2) < 1e-12));
  // The score is q . R(-o) k: with q = (0, 1) and k = (1, 0) that is -sin(o) (a backwards turn would give +sin).
  const t = ropeScores([0, 1], [1, 0], 5, [1], 10000);
  assert.ok(Math.abs(t[0] + Math.sin(1) / Math.SQRT2) < 1e-12, String(t[0]));
  assert.equal(spreadAcrossRows([[1, 2, 3], [1, 2.5, 3]]), 0.5);
  assert.equal(spreadAcrossRows([[1, 2], [1, 2]]), 0);
  assert.deepEqual(hottestCell([0, 0.2, 0.9, 0.1], 2), { row: 1, col: 0, value: 0.9 });
});
