import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allPassed,
  countResults,
  parseLine,
  parseListOutput,
  parseRunOutput,
  RunnerOutputParser,
} from '../../../src/exercises/results';

const result = (fields: Record<string, unknown>) => `LLMSTUDY_RESULT ${JSON.stringify(fields)}`;
const begin = (id: string) => `LLMSTUDY_BEGIN ${JSON.stringify({ id, name: id })}`;

const failing = {
  id: 'test_attention.TestAttention.test_matches_formula',
  name: 'attention matches the formula',
  status: 'failed',
  message: 'attention(q, k, v): shape OK (4, 8) but only 62.5% of values match within 1e-5',
  expected: 'shape (4, 8) [[...]]',
  actual: 'shape (4, 8) [[...]]',
  file: 'attention.py',
  line: 30,
  duration_ms: 1.5,
};

test('a full run gives each result and the closing counts', () => {
  const out = [
    begin('t.A.a'),
    result({ id: 't.A.a', name: 'a', status: 'passed', message: '', duration_ms: 0.4 }),
    begin(failing.id),
    result(failing),
    '1 passed, 1 failed',
  ].join('\n');
  const run = parseRunOutput(out + '\n');
  assert.equal(run.results.length, 2);
  assert.deepEqual(run.summary, { passed: 1, failed: 1, skipped: 0 });
  assert.equal(run.unfinished, undefined);
  const r = run.results[1];
  assert.equal(r.status, 'failed');
  assert.equal(r.file, 'attention.py');
  assert.equal(r.line, 30);
  assert.equal(r.durationMs, 1.5);
  assert.equal(r.expected, failing.expected);
  assert.equal(allPassed(run), false);
});

test('the closing line may count skipped tests', () => {
  const run = parseRunOutput(`${result({ id: 'x', status: 'skipped', message: 'names.txt is missing' })}\n3 passed, 0 failed, 1 skipped\n`);
  assert.deepEqual(run.summary, { passed: 3, failed: 0, skipped: 1 });
  assert.equal(allPassed(run), true);
});

test('a killed run has no summary and says which test was running', () => {
  const out = [
    result({ id: 't.A.a', status: 'passed', message: '', duration_ms: 1 }),
    begin('t.A.loops'),
    'partial learner output without newl',
  ].join('\n');
  const run = parseRunOutput(out);
  assert.equal(run.summary, undefined);
  assert.deepEqual(run.unfinished, { id: 't.A.loops', name: 't.A.loops' });
  assert.deepEqual(run.otherLines, ['partial learner output without newl']);
  assert.deepEqual(countResults(run.results), { passed: 1, failed: 0, skipped: 0 });
  assert.equal(allPassed(run), false);
});

test('a result line cut off mid-JSON is a problem, not a crash', () => {
  const cut = result(failing).slice(0, 60);
  const run = parseRunOutput(`${cut}\n`);
  assert.equal(run.results.length, 0);
  assert.equal(run.problems.length, 1);
  assert.match(run.problems[0], /not valid JSON/);
});

test('malformed records are reported with why', () => {
  const lines = [
    'LLMSTUDY_RESULT [1, 2]',
    'LLMSTUDY_RESULT {"status": "passed"}',
    'LLMSTUDY_RESULT {"id": "x", "status": "exploded"}',
    'LLMSTUDY_BEGIN {}',
    'LLMSTUDY_RESULT null',
  ];
  const run = parseRunOutput(lines.join('\n'));
  assert.equal(run.results.length, 0);
  assert.deepEqual(
    run.problems.map((p) => p.split(':')[0]),
    ['not a JSON object', 'no "id"', 'unknown status "exploded"', 'no "id"', 'not a JSON object'],
  );
});

test('wrongly typed optional fields are dropped, the result kept', () => {
  const e = parseLine(result({ id: 'x', status: 'error', message: 5, line: 'ten', file: 'a.py', duration_ms: -3, expected: [1] }));
  assert.equal(e.kind, 'result');
  if (e.kind !== 'result') return;
  assert.deepEqual(e.result, { id: 'x', name: 'x', status: 'error', message: '', durationMs: 0, file: 'a.py' });
});

test('a line without a file drops the line number', () => {
  const e = parseLine(result({ id: 'x', status: 'failed', message: 'm', line: 3 }));
  assert.ok(e.kind === 'result' && e.result.line === undefined);
});

test("a learner's print without newline does not hide the result after it", () => {
  const run = parseRunOutput(`progress...${result({ id: 'x', status: 'passed', message: '' })}\n1 passed, 0 failed\n`);
  assert.equal(run.results.length, 1);
  assert.equal(run.problems.length, 0);
});

test('Windows line endings and blank lines are fine', () => {
  const run = parseRunOutput(`${result({ id: 'x', status: 'passed', message: '' })}\r\n\r\n1 passed, 0 failed\r\n`);
  assert.equal(run.results.length, 1);
  assert.deepEqual(run.summary, { passed: 1, failed: 0, skipped: 0 });
});

test('text that only looks like a summary inside other output is not one', () => {
  const run = parseRunOutput('I think 3 passed, 0 failed is good\n');
  assert.equal(run.summary, undefined);
  assert.equal(run.otherLines.length, 1);
});

test('the streaming parser joins lines split across chunks', () => {
  const p = new RunnerOutputParser();
  const line = result(failing);
  const events = [...p.push(line.slice(0, 25)), ...p.push(line.slice(25) + '\n0 pas'), ...p.push('sed, 1 failed')];
  assert.deepEqual(
    events.map((e) => e.kind),
    ['result'],
  );
  const rest = p.end();
  assert.deepEqual(rest, [{ kind: 'summary', summary: { passed: 0, failed: 1, skipped: 0 } }]);
  assert.deepEqual(p.end(), []);
});

test('--list output gives the tests with their places in the test file', () => {
  const out = [
    'LLMSTUDY_TEST {"id": "test_a.T.test_x", "name": "x works", "file": "test_a.py", "line": 12}',
    'LLMSTUDY_TEST {"id": "test_a.T.test_y", "name": "y works"}',
    '2 tests',
  ].join('\n');
  const listed = parseListOutput(out);
  assert.equal(listed.complete, true);
  assert.deepEqual(listed.tests, [
    { id: 'test_a.T.test_x', name: 'x works', file: 'test_a.py', line: 12 },
    { id: 'test_a.T.test_y', name: 'y works' },
  ]);
});

test('--list output cut short is not complete', () => {
  const listed = parseListOutput('LLMSTUDY_TEST {"id": "a", "name": "a"}\nLLMSTUDY_TEST {"id": "b"');
  assert.equal(listed.complete, false);
  assert.equal(listed.tests.length, 1);
  assert.equal(listed.problems.length, 1);
});

test('a run with no tests at all never counts as passing', () => {
  assert.equal(allPassed(parseRunOutput('0 passed, 0 failed\n')), false);
  assert.equal(allPassed(parseRunOutput('')), false);
});
