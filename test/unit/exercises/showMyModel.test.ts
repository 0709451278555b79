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
