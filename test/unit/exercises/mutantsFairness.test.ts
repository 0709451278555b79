// The generated checks of check:exercises (issue 17, "fair tests"): fairness.py's "ignores X"
// mutants and float32 variant, and the runner helpers the exercise tests use to judge fairly
// (float32 tolerances, dtype messages, a precision diagnosis, a hint that survives a raise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRunOutput } from '../../../src/exercises/results';
import { copyRunner } from '../../../src/exercises/scaffold';

const runnerDir = path.resolve(__dirname, '../../../curriculum/exercises/_runner');
const python = process.env.LLM_STUDY_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

interface Generated {
  functions: { name: string; params: string[] }[];
  ignores: { function: string; parameter: string; replacement: string; text: string }[];
  float32: string;
}

function generate(stub: string, solution: string): Generated {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-fair-'));
  fs.writeFileSync(path.join(dir, 'stub.py'), stub);
  fs.writeFileSync(path.join(dir, 'solution.py'), solution);
  const r = spawnSync(python, [path.join(runnerDir, 'fairness.py'), 'stub.py', 'solution.py'], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Generated;
}

/** Runs `code` with the generated module text importable as `m`; returns stdout. */
function runWith(moduleText: string, code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-fair-'));
  fs.writeFileSync(path.join(dir, 'm.py'), moduleText);
  const r = spawnSync(python, ['-c', code], { cwd: dir, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const stub = `
import numpy as np

def given(x):
    return x

def sample(logits, rng, temperature=1.0, top_k=None):
    """Yours."""
    raise NotImplementedError

class Value:
    def __mul__(self, other):
        raise NotImplementedError
`;
const solution = `
import numpy as np

def given(x):
    return x

def sample(logits, rng, temperature=1.0, top_k=None):
    """Yours."""
    return (logits / temperature, int(rng.integers(1000)), top_k)

class Value:
    def __init__(self, v):
        self.v = v

    def __mul__(self, other):
        return Value(self.v * other.v)
`;

test('fairness.py: one ignores-mutant per parameter of each function the stub leaves to the learner', () => {
  const g = generate(stub, solution);
  assert.deepEqual(g.functions, [
    { name: 'sample', params: ['logits', 'rng', 'temperature', 'top_k'] },
    { name: 'Value.__mul__', params: ['other'] },
  ]);
  assert.deepEqual(
    g.ignores.map((i) => `${i.function}.${i.parameter} as ${i.replacement}`),
    [
      'sample.logits as a stand-in of its type',
      'sample.rng as a stand-in of its type',
      'sample.temperature as 1.0',
      'sample.top_k as None',
      'Value.__mul__.other as a stand-in of its type',
    ],
  );
});

test('fairness.py: an ignored parameter takes its default, or a stand-in of its type, everywhere in the function', { skip: !hasNumpy }, () => {
  const g = generate(stub, solution);
  const call = 'import numpy as np, m; r = m.sample(np.array([2.0, 4.0]), np.random.default_rng(0), temperature=2.0, top_k=3); print(r[0].tolist(), r[2])';
  const text = (p: string) => g.ignores.find((i) => i.parameter === p)!.text;
  assert.equal(runWith(solution, call), '[1.0, 2.0] 3');
  assert.equal(runWith(text('temperature'), call), '[2.0, 4.0] 3');
  assert.equal(runWith(text('top_k'), call), '[1.0, 2.0] None');
  assert.equal(runWith(text('logits'), call), '[0.0, 0.0] 3');
  // The generator stand-in has its own seed: a test that reuses seeds would not notice otherwise.
  const draw = 'import numpy as np, m; print(m.sample(np.array([1.0]), np.random.default_rng(0))[1])';
  assert.notEqual(runWith(text('rng'), draw), runWith(solution, draw));
});

test('fairness.py: the float32 variant casts float arrays passed in, and nothing else', { skip: !hasNumpy }, () => {
  const g = generate(stub, solution);
  const out = runWith(
    g.float32,
    'import numpy as np, m; r = m.sample(np.array([2.0, 4.0]), np.random.default_rng(0), temperature=2.0); ' +
      'print(r[0].dtype, m.given(np.array([1.0])).dtype)',
  );
  assert.equal(out, 'float32 float64');
});

function runTests(stubText: string, testText: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-fair-'));
  copyRunner(runnerDir, dir);
  fs.writeFileSync(path.join(dir, 'stub.py'), stubText);
  fs.writeFileSync(path.join(dir, 'test_stub.py'), testText);
  const r = spawnSync(python, ['llmstudy_test.py', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  fs.rmSync(dir, { recursive: true, force: true });
  return parseRunOutput(r.stdout);
}

const learner = `
import numpy as np

def mean32(x):
    return np.asarray(x, dtype=np.float32).mean(keepdims=True)

def crash(x):
    return x[10]

def half(x):
    return np.asarray(x, dtype=np.float32)
`;
const fairTests = `
import unittest
import numpy as np
from llmstudy_test import FLOAT32, assert_close, assert_dtype, assert_equal, hint
import stub

X = np.array([0.1, 0.2, 0.7000001])

class T(unittest.TestCase):
    def test_float32_ok(self):
        """float32 passes under FLOAT32"""
        assert_close("mean32(x)", stub.mean32(X), [X.mean()], **FLOAT32)

    def test_float32_tight(self):
        """a tight tolerance names the precision"""
        assert_close("mean32(x)", stub.mean32(X), [X.mean()], atol=1e-12)

    def test_wrong_value_is_not_precision(self):
        """a wrong value is not called a precision problem"""
        assert_close("mean32(x)", stub.mean32(X) + 1e-3, [X.mean()], atol=1e-12)

    def test_dtype(self):
        """dtype"""
        assert_dtype("half(x)", stub.half(X), np.float16)

    def test_equal_known_mistake(self):
        """assert_equal names a mistake only when the values are that mistake"""
        assert_equal("ids", [1, 2], [1, 3], hint="neutral.", mistakes=[([1, 2], "known mistake.")])

    def test_equal_other_mistake(self):
        """assert_equal keeps the neutral hint otherwise"""
        assert_equal("ids", [1, 4], [1, 3], hint="neutral.", mistakes=[([1, 2], "known mistake.")])

    @hint("index within the array's length.")
    def test_raise(self):
        """hint kept when the code raises"""
        stub.crash(X)
`;

test('runner: FLOAT32 accepts float32, a tight tolerance names the precision, a dtype says which, mistake hints only on their values, a hint survives a raise', { skip: !hasNumpy }, () => {
  const run = runTests(learner, fairTests);
  const by = new Map(run.results.map((r) => [r.name, r]));
  assert.equal(by.get('float32 passes under FLOAT32')?.status, 'passed');
  assert.match(by.get('a tight tolerance names the precision')!.message, /agree with the expected ones to float32 rounding \(your result is float32\): this test needs float64/);
  assert.doesNotMatch(by.get('a wrong value is not called a precision problem')!.message, /float32/);
  assert.match(by.get('dtype')!.message, /^half\(x\): expected float16, got float32\./);
  assert.match(by.get('assert_equal names a mistake only when the values are that mistake')!.message, /Hint: known mistake\.$/);
  assert.match(by.get('assert_equal keeps the neutral hint otherwise')!.message, /Hint: neutral\.$/);
  const raised = by.get('hint kept when the code raises')!;
  assert.equal(raised.status, 'error');
  assert.match(raised.message, /^IndexError: .*\(stub\.py line \d+, in crash\(\)\) Hint: an index is past the end.* Also: index within the array's length\.$/s);
});
