// What Show My Model prints, pinned: every kind (the media driver's three and the exercises' own
// scripts, which load the model through it) on the small random GPT and fixed prompts, for the
// reference solution, a listed mutant and the stub, against what the driver printed before it
// took its model side from the gpt-forward reference solution (issue 12). Values are rounded to
// 5-7 decimals in the output, so a float64 sum done in another order may move one of them by a unit
// in the last place: numbers are compared to 2e-5, everything else exactly.
// LLM_STUDY_WRITE_GOLDEN=1 rewrites the fixture (only after checking that a change is intended).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMutant, type Mutant } from '../../../src/exercises/mutants';

const REPO = path.resolve(__dirname, '../../..');
const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const EX = path.join(REPO, 'curriculum/exercises');
const GOLDEN = path.join(__dirname, 'fixtures', 'showMyModel.golden.json');
const TOL = 2e-5;

interface Case { exercise: string; learner: 'solution' | 'stub' | { mutant: string }; args: string[] }

const PROMPT = ['--prompt', 'abc\ndef ghij Z'];
const driverArgs = (kind: string, layer = 0) => ['--kind', kind, '--layer', String(layer), ...PROMPT];
const CASES: Record<string, Case> = {
  'attention-pattern solution layer 1': { exercise: 'attention', learner: 'solution', args: driverArgs('attention-pattern', 1) },
  'attention-pattern mutant no_scale': { exercise: 'attention', learner: { mutant: 'no_scale' }, args: driverArgs('attention-pattern') },
  'attention-pattern stub': { exercise: 'attention', learner: 'stub', args: driverArgs('attention-pattern') },
  'attention-patterns solution layer 1': { exercise: 'multi-head-attention', learner: 'solution', args: driverArgs('attention-patterns', 1) },
  'attention-patterns mutant qkv_order': { exercise: 'multi-head-attention', learner: { mutant: 'qkv_order' }, args: driverArgs('attention-patterns') },
  'attention-patterns stub': { exercise: 'multi-head-attention', learner: 'stub', args: driverArgs('attention-patterns') },
  'logits solution': { exercise: 'gpt-forward', learner: 'solution', args: driverArgs('logits') },
  'logits mutant no_final_ln': { exercise: 'gpt-forward', learner: { mutant: 'no_final_ln' }, args: driverArgs('logits') },
  'logits stub': { exercise: 'gpt-forward', learner: 'stub', args: driverArgs('logits') },
  // Longer than the model's 16 positions: the driver keeps the last 16.
  'logits solution long prompt': { exercise: 'gpt-forward', learner: 'solution', args: ['--kind', 'logits', '--prompt', 'abcdefghij abcdefghij'] },
  'cached-next solution': { exercise: 'kv-cache', learner: 'solution', args: PROMPT },
  'cached-next mutant mask_not_offset': { exercise: 'kv-cache', learner: { mutant: 'mask_not_offset' }, args: PROMPT },
  'head-patching solution': { exercise: 'patching', learner: 'solution', args: ['--clean', 'abcdefgh abcde', '--corrupted', 'abcdejgh abcde', '--good', 'f', '--bad', 'j'] },
  'rope-scores solution': { exercise: 'rope', learner: 'solution', args: [] },
};

interface Meta { files: { stub: string; solution: string }; mutants: Mutant[]; showMyModel: { function: string; kind: string } }

function run(c: Case, model: string): unknown {
  const meta = JSON.parse(fs.readFileSync(path.join(EX, c.exercise, 'exercise.json'), 'utf8')) as Meta;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-learner-'));
  let text = fs.readFileSync(path.join(EX, c.exercise, c.learner === 'stub' ? meta.files.stub : meta.files.solution), 'utf8');
  if (typeof c.learner === 'object') {
    const id = c.learner.mutant;
    text = applyMutant(text, meta.mutants.find((m) => m.id === id)!);
  }
  fs.writeFileSync(path.join(dir, meta.files.stub), text);
  const own = path.join(EX, c.exercise, 'show_my_model.py');
  const script = fs.existsSync(own) ? own : path.join(REPO, 'media/exercises/show_my_model.py');
  const r = spawnSync(python, [script, '--exercise-dir', dir, '--module', meta.files.stub.replace(/\.py$/, ''),
    '--function', meta.showMyModel.function, '--model-dir', model, ...c.args],
  { encoding: 'utf8', timeout: 60_000, env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
  const line = r.stdout.split('\n').find((l) => l.startsWith('LLMSTUDY_MODEL '));
  assert.ok(line, r.stdout + r.stderr);
  const out = JSON.parse(line.slice('LLMSTUDY_MODEL '.length)) as Record<string, unknown>;
  // Where the learner's temporary folder was is not part of the result.
  if (typeof out.traceback === 'string') out.traceback = out.traceback.split(dir).join('<learner>');
  return out;
}

/** The first place where `got` and `want` differ (numbers to TOL), or undefined. */
function difference(got: unknown, want: unknown, where: string): string | undefined {
  if (typeof want === 'number' && typeof got === 'number') {
    return Math.abs(got - want) <= TOL ? undefined : `${where}: ${got} vs ${want}`;
  }
  if (Array.isArray(want) && Array.isArray(got)) {
    if (got.length !== want.length) return `${where}: length ${got.length} vs ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = difference(got[i], want[i], `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (want && got && typeof want === 'object' && typeof got === 'object' && !Array.isArray(want) && !Array.isArray(got)) {
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
    for (const k of keys) {
      const d = difference((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${where}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return got === want ? undefined : `${where}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`;
}

function fakeModel(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-model-'));
  const r = spawnSync(python, [path.join(REPO, 'test/support/fake_tiny_gpt.py'), dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

test('Show My Model prints what it printed before, for every kind', { skip: !hasNumpy }, () => {
  const model = fakeModel();
  const got = Object.fromEntries(Object.entries(CASES).map(([name, c]) => [name, run(c, model)]));
  if (process.env.LLM_STUDY_WRITE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
    fs.writeFileSync(GOLDEN, JSON.stringify(got) + '\n');
  }
  const want = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>;
  for (const name of Object.keys(CASES)) assert.equal(difference(got[name], want[name], name), undefined);
  assert.deepEqual(Object.keys(want).sort(), Object.keys(CASES).sort());
});
