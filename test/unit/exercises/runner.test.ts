// The Python runner and the TypeScript parser are two ends of one contract: run the real
// llmstudy_test.py on tiny throwaway exercises and read its output with results.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseListOutput, parseRunOutput } from '../../../src/exercises/results';
import { testCommand } from '../../../src/exercises/runner';
import { copyRunner } from '../../../src/exercises/scaffold';

const runner = path.resolve(__dirname, '../../../curriculum/exercises/_runner/llmstudy_test.py');
const python = process.env.LLM_STUDY_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

function exercise(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-runner-'));
  copyRunner(path.dirname(runner), dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function run(dir: string, ...args: string[]) {
  const r = spawnSync(python, ['llmstudy_test.py', '--format', 'json', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const stub = `
import numpy as np

def double(x):  # [n] -> [n]
    return x * 3

def loop():
    while True:
        pass

def todo():
    raise NotImplementedError
`;

const tests = `
import unittest
import numpy as np
from llmstudy_test import assert_close, assert_equal
import stub

class TestStub(unittest.TestCase):
    def test_double(self):
        """double: doubles every value"""
        x = np.array([1.0, 0.0, 2.0, 0.0])
        assert_close("double(x)", stub.double(x), 2 * x, where=stub.double,
                     mistakes=[(3 * x, "you tripled it.")])

    def test_prints(self):
        """prints are captured"""
        print("hello from the learner")

    def test_todo(self):
        stub.todo()

    def test_ids(self):
        assert_equal("ids", [1, 2, 3], [1, 2, 4])
`;

test('the runner reports each test in source order with teacher messages', { skip: !hasNumpy && 'no numpy' }, () => {
  const { code, out } = run(exercise({ 'stub.py': stub, 'test_stub.py': tests }));
  const parsed = parseRunOutput(out);
  assert.equal(code, 1);
  assert.deepEqual(parsed.summary, { passed: 1, failed: 3, skipped: 0 });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    parsed.results.map((r) => r.id.split('.').pop()),
    ['test_double', 'test_prints', 'test_todo', 'test_ids'],
  );
  const [double, prints, todo, ids] = parsed.results;
  assert.equal(double.name, 'double: doubles every value');
  assert.match(double.message, /double\(x\): shape OK \(4,\) but only 50% of values match within 1e-05 \(max abs error 2\); first mismatch at \[0\]: expected 2, got 3\. Hint: you tripled it\./);
  assert.equal(double.file, 'stub.py');
  assert.equal(double.line, 4);
  assert.match(double.expected ?? '', /^shape \(4,\)/);
  assert.equal(prints.status, 'passed');
  assert.equal(prints.output, 'hello from the learner\n');
  assert.equal(todo.status, 'failed');
  assert.match(todo.message, /todo\(\) is not written yet/);
  assert.equal(todo.file, 'stub.py');
  assert.equal(todo.line, 12);
  assert.match(ids.message, /ids: first difference at index 2: expected 4, got 3/);
});

test('a run that never ends stops at the timeout and says where it was', { skip: !hasNumpy && 'no numpy' }, () => {
  const looping = `
import unittest
import stub

class TestLoop(unittest.TestCase):
    def test_a_loops(self):
        stub.loop()

    def test_b_never_runs(self):
        pass
`;
  const t0 = Date.now();
  const { code, out } = run(exercise({ 'stub.py': stub, 'test_loop.py': looping }), '--timeout', '1');
  assert.ok(Date.now() - t0 < 10_000);
  const parsed = parseRunOutput(out);
  assert.equal(code, 1);
  assert.deepEqual(parsed.summary, { passed: 0, failed: 1, skipped: 1 });
  const [loop, never] = parsed.results;
  assert.equal(loop.status, 'error');
  assert.match(loop.message, /timed out after 1 s; it was running stub\.py line (8|9)/);
  assert.equal(loop.file, 'stub.py');
  assert.equal(never.status, 'skipped');
});

test('a syntax error in the stub points at the line', () => {
  const { code, out } = run(exercise({ 'stub.py': 'def f(:\n  pass\n', 'test_s.py': 'import unittest\nimport stub\n' }));
  const parsed = parseRunOutput(out);
  assert.equal(code, 1);
  assert.equal(parsed.results.length, 1);
  const [r] = parsed.results;
  assert.equal(r.status, 'error');
  assert.match(r.message, /SyntaxError/);
  assert.equal(r.file, 'stub.py');
  assert.equal(r.line, 1);
});

test('--list names the tests and where they are', { skip: !hasNumpy && 'no numpy' }, () => {
  const { code, out } = run(exercise({ 'stub.py': stub, 'test_stub.py': tests }), '--list');
  const listed = parseListOutput(out);
  assert.equal(code, 0);
  assert.equal(listed.complete, true);
  assert.deepEqual(listed.tests[0], { id: 'test_stub.TestStub.test_double', name: 'double: doubles every value', file: 'test_stub.py', line: 8 });
});

test('one test can be run by its id', { skip: !hasNumpy && 'no numpy' }, () => {
  const { code, out } = run(exercise({ 'stub.py': stub, 'test_stub.py': tests }), 'test_stub.TestStub.test_prints');
  assert.equal(code, 0);
  assert.deepEqual(parseRunOutput(out).summary, { passed: 1, failed: 0, skipped: 0 });
});

// --- Runs that lie (issue 11): each of these used to end as "0 passed, 0 failed" or count the wrong tests ---

const passing = 'import unittest\nimport stub\n\nclass TestStub(unittest.TestCase):\n    def test_double(self):\n        assert stub.double(2) == 6\n';

test('a learner file named numpy.py is reported as shadowing numpy, with what to do', () => {
  const { code, out, err } = run(exercise({ 'stub.py': stub, 'test_stub.py': passing, 'numpy.py': 'import numpy as np\nx = np.zeros(3)\n' }));
  const parsed = parseRunOutput(out);
  assert.notEqual(code, 0);
  assert.ok(parsed.aborted, `a run-level message: ${out}${err}`);
  assert.match(parsed.aborted.message, /your file numpy\.py shadows numpy: rename it/);
  assert.equal(parsed.aborted.file, 'numpy.py');
});

test('code that uses more memory than the limit fails with a MemoryError that names the limit', { skip: (!hasNumpy || process.platform !== 'linux') && 'needs numpy and setrlimit' }, () => {
  // np.empty only reserves address space, so without a limit this "succeeds" and touches no RAM.
  const hog = 'import unittest\nimport numpy as np\n\nclass TestHog(unittest.TestCase):\n    def test_hog(self):\n        x = np.empty(3 * 2**30, dtype=np.uint8)\n';
  const { out } = run(exercise({ 'test_hog.py': hog }), '--memory-gib', '2');
  const [r] = parseRunOutput(out).results;
  assert.ok(r, out);
  assert.equal(r.status, 'error');
  assert.match(r.message, /MemoryError: your code used more than 2 GiB/);
  assert.equal(r.file, 'test_hog.py');
});

test('a loop at import time is reported with the file and line where it was', { timeout: 30_000 }, () => {
  const looping = 'import time\n\nx = 0\nwhile True:\n    x += 1\n';
  const t0 = Date.now();
  const { code, out, err } = run(exercise({ 'stub.py': looping, 'test_stub.py': passing }), '--timeout', '1');
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  assert.equal(code, 1);
  const parsed = parseRunOutput(out);
  assert.ok(parsed.aborted, `a run-level message: ${out}${err}`);
  assert.match(parsed.aborted.message, /timed out after 1 s while loading the tests; it was running stub\.py line (4|5)/);
  assert.equal(parsed.aborted.file, 'stub.py');
  assert.ok(parsed.aborted.line === 4 || parsed.aborted.line === 5, `line ${parsed.aborted.line}`);
});

test('a scratch test.py beside the exercise is not run: only the exercise\'s own test files count', () => {
  const scratch = 'import unittest\n\nclass Scratch(unittest.TestCase):\n    def test_mine(self):\n        self.fail("my scratch test")\n';
  const dir = exercise({ 'stub.py': stub, 'test_stub.py': passing, 'test.py': scratch, 'test_scratch.py': scratch });
  const cmd = testCommand(dir, { timeoutSeconds: 10, tests: ['test_stub.py'] });
  const r = spawnSync(python, cmd.args, { cwd: dir, encoding: 'utf8', timeout: 20_000, env: cmd.env });
  fs.rmSync(dir, { recursive: true, force: true });
  const parsed = parseRunOutput(r.stdout);
  assert.deepEqual(parsed.results.map((x) => x.id), ['test_stub.TestStub.test_double']);
  assert.deepEqual(parsed.summary, { passed: 1, failed: 0, skipped: 0 });
  assert.equal(r.status, 0);
});

test('llmstudy_test.py without its package beside it says how to get it back, also to a test file that imports it', () => {
  const dir = exercise({ 'stub.py': stub, 'test_stub.py': passing });
  fs.rmSync(path.join(dir, 'llmstudy_runner'), { recursive: true });
  const asTest = spawnSync(python, ['-c', 'import llmstudy_test'], { cwd: dir, encoding: 'utf8' });
  const { code, out, err } = run(dir);
  const parsed = parseRunOutput(out);
  assert.equal(code, 2);
  assert.ok(parsed.aborted, `a run-level message: ${out}${err}`);
  assert.match(parsed.aborted.message, /the runner's folder llmstudy_runner\/ is missing beside .*llmstudy_test\.py: open the exercise again with "LLM Study: Start Exercise"/);
  assert.match(asTest.stderr, /ImportError: the runner's folder llmstudy_runner\/ is missing/);
});

test('a learner file named like a module only the runner\'s watchdog imports (resource.py) is reported, never imported', () => {
  const { code, out, err } = run(exercise({ 'stub.py': stub, 'test_stub.py': passing, 'resource.py': 'raise SystemExit("the learner\'s resource.py ran")\n' }));
  const parsed = parseRunOutput(out);
  assert.equal(code, 2, out + err);
  assert.match(parsed.aborted?.message ?? '', /your file resource\.py shadows resource: rename it/);
  assert.doesNotMatch(out + err, /resource\.py ran/);
});
