// The Show My Model driver on a small random GPT: a correct learner matches the reference 100%,
// a wrong one shows a lower share, an unfinished one gets a teacher's message instead of a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelComparison } from '../../../src/shared/protocols/exercises';
import { applyMutant, type Mutant } from '../../../src/exercises/mutants';

const REPO = path.resolve(__dirname, '../../..');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const driver = path.join(REPO, 'media/exercises/show_my_model.py');
const EX = path.join(REPO, 'curriculum/exercises');

/** A 2-layer, 2-head GPT with random weights in the tiny GPT's file layout. */
function fakeModel(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-model-'));
  const r = spawnSync(python, [path.join(REPO, 'test/support/fake_tiny_gpt.py'), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

function learner(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-learner-'));
  for (const [name, from] of Object.entries(files)) fs.copyFileSync(from, path.join(dir, name));
  return dir;
}

/** The attention solution with one of its listed mistakes made (exercise.json "mutants"). */
function mutantFile(exercise: string, id: string): string {
  const meta = JSON.parse(fs.readFileSync(path.join(EX, exercise, 'exercise.json'), 'utf8')) as { files: { solution: string }; mutants: Mutant[] };
  const m = meta.mutants.find((x) => x.id === id)!;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-mutant-')), path.basename(meta.files.solution));
  fs.writeFileSync(file, applyMutant(fs.readFileSync(path.join(EX, exercise, meta.files.solution), 'utf8'), m));
  return file;
}

function show(dir: string, model: string, module: string, fn: string, kind: string): ModelComparison {
  const r = spawnSync(python, [driver, '--exercise-dir', dir, '--module', module, '--function', fn, '--kind', kind,
    '--model-dir', model, '--prompt', 'abc\ndef ghij'], { encoding: 'utf8', timeout: 30_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('LLMSTUDY_MODEL '));
  assert.ok(line, r.stdout + r.stderr);
  return JSON.parse(line.slice('LLMSTUDY_MODEL '.length)) as ModelComparison;
}

test('attention: the reference solution matches the model, the unmasked mutant does not, the stub explains', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const good = show(learner({ 'attention.py': path.join(EX, 'attention/solution/attention.py') }), model, 'attention', 'attention_pattern', 'attention-pattern');
  assert.equal(good.error, undefined);
  assert.equal(good.match, 1);
  assert.equal(good.mine?.length, 2, 'one pattern per head');
  assert.equal(good.tokens.length, 12);
  const bad = show(learner({ 'attention.py': mutantFile('attention', 'no_causal_mask') }), model, 'attention', 'attention_pattern', 'attention-pattern');
  assert.ok(bad.match < 0.9, `mutant matched ${bad.match}`);
  const stub = show(learner({ 'attention.py': path.join(EX, 'attention/attention.py') }), model, 'attention', 'attention_pattern', 'attention-pattern');
  assert.match(stub.error ?? '', /not written yet/);
  assert.equal(stub.reference?.length, 2, 'the model\'s patterns are still shown');
});

test('multi-head attention and the GPT forward pass match the model with the reference solutions', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const mha = path.join(EX, 'multi-head-attention/solution/mha.py');
  if (fs.existsSync(mha)) {
    const r = show(learner({ 'mha.py': mha }), model, 'mha', 'causal_self_attention', 'attention-patterns');
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.match, 1);
  }
  const gpt = path.join(EX, 'gpt-forward/solution/gpt.py');
  if (fs.existsSync(gpt)) {
    const r = show(learner({ 'gpt.py': gpt }), model, 'gpt', 'gpt_forward', 'logits');
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.match, 1);
    assert.equal(r.topMine?.[0].token, r.topReference?.[0].token);
  }
});

/** The driver and a copy of the reference GPT laid out as in the extension, the reference edited by `edit`. */
function extensionCopy(edit: (reference: string) => string): { driver: string; reference: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-extension-'));
  const copy = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
    return path.join(root, rel);
  };
  const reference = 'curriculum/exercises/gpt-forward/solution/gpt.py';
  return {
    driver: copy('media/exercises/show_my_model.py', fs.readFileSync(driver, 'utf8')),
    reference: copy(reference, edit(fs.readFileSync(path.join(REPO, reference), 'utf8'))),
  };
}

function showWith(script: string, dir: string, model: string, module: string, fn: string, kind: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(python, [script, '--exercise-dir', dir, '--module', module, '--function', fn, '--kind', kind,
    '--model-dir', model, '--prompt', 'abc\ndef ghij'], { encoding: 'utf8', timeout: 30_000, env });
}

const parsed = (r: { stdout: string; stderr: string }): ModelComparison => {
  const line = r.stdout.split('\n').find((l) => l.startsWith('LLMSTUDY_MODEL '));
  assert.ok(line, r.stdout + r.stderr);
  return JSON.parse(line.slice('LLMSTUDY_MODEL '.length)) as ModelComparison;
};

test('the model\'s side of every kind is the gpt-forward reference solution shipped beside the driver', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  // A reference whose softmax runs at temperature 2: every pattern and every logit after the first
  // attention moves, so a driver with maths of its own would still see the solutions match.
  const warm = extensionCopy((t) => t.replace('e = np.exp(x - np.max(x, axis=-1, keepdims=True))', 'e = np.exp((x - np.max(x, axis=-1, keepdims=True)) / 2)'));
  assert.match(fs.readFileSync(warm.reference, 'utf8'), /\/ 2\)/);
  const cases: [string, string, string, string][] = [
    ['attention/solution/attention.py', 'attention', 'attention_pattern', 'attention-pattern'],
    ['multi-head-attention/solution/mha.py', 'mha', 'causal_self_attention', 'attention-patterns'],
    ['gpt-forward/solution/gpt.py', 'gpt', 'gpt_forward', 'logits'],
  ];
  for (const [solution, module, fn, kind] of cases) {
    const r = parsed(showWith(warm.driver, learner({ [`${module}.py`]: path.join(EX, solution) }), model, module, fn, kind));
    assert.equal(r.error, undefined, r.error);
    assert.ok(r.match < 0.9, `${kind}: the solution still matched ${r.match} a reference it differs from`);
  }
  // The learner whose gpt.py is that reference matches it exactly: the same file, one loaded as
  // the learner's module `gpt`, the other under a name of its own.
  const same = parsed(showWith(warm.driver, learner({ 'gpt.py': warm.reference }), model, 'gpt', 'gpt_forward', 'logits'));
  assert.equal(same.match, 1);
  assert.equal(same.maxAbsError, 0);
});

test('without the reference GPT the driver says so; it writes nothing into the learner\'s folder or the extension', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const bare = extensionCopy((t) => t);
  fs.rmSync(bare.reference);
  const dir = learner({ 'gpt.py': path.join(EX, 'gpt-forward/solution/gpt.py') });
  const missing = showWith(bare.driver, dir, model, 'gpt', 'gpt_forward', 'logits');
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /the reference GPT is missing from this install: .*gpt-forward.solution.gpt\.py/);

  // Python writes __pycache__ beside every module it imports unless told not to: the driver must
  // not need the host's PYTHONDONTWRITEBYTECODE for that.
  const shipped = extensionCopy((t) => t);
  const { PYTHONDONTWRITEBYTECODE: _, ...env } = process.env;
  const before = fs.readFileSync(path.join(dir, 'gpt.py'), 'utf8');
  assert.equal(parsed(showWith(shipped.driver, dir, model, 'gpt', 'gpt_forward', 'logits', env)).match, 1);
  assert.deepEqual(fs.readdirSync(dir), ['gpt.py']);
  assert.equal(fs.readFileSync(path.join(dir, 'gpt.py'), 'utf8'), before);
  assert.deepEqual(fs.readdirSync(path.dirname(shipped.reference)), ['gpt.py']);
});
