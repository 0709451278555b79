// Mutants are edits to the solution: each must land exactly once, or it is not the mistake it
// says it is. Every mutant in the course is checked here without Python; check:exercises then
// proves the tests fail on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applyMutant, MutantError, type Mutant } from '../../../src/exercises/mutants';

const EX = path.resolve(__dirname, '../../../curriculum/exercises');

test('applyMutant makes each edit once, in order, and refuses an edit that misses, repeats or changes nothing', () => {
  const sol = 'def f(x):\n    y = x + 1\n    return y * 2\n';
  const m = (edits: Mutant['edits']): Mutant => ({ id: 'm', mistake: 'a mistake', edits });
  assert.equal(applyMutant(sol, m([{ find: 'x + 1', replace: 'x - 1' }, { find: 'y * 2', replace: 'y' }])), 'def f(x):\n    y = x - 1\n    return y\n');
  assert.throws(() => applyMutant(sol, m([{ find: 'x + 2', replace: '' }])), (e) => e instanceof MutantError && /finds nothing; was the solution changed/.test(e.message));
  assert.throws(() => applyMutant(sol, m([{ find: 'y', replace: 'z' }])), /more than once/);
  assert.throws(() => applyMutant(sol, m([{ find: 'x + 1', replace: 'x + 1' }])), /changes nothing/);
});

test('every mutant in the course applies to its solution, and the core exercises have the classic ones', () => {
  let n = 0;
  const ids = new Map<string, string[]>();
  for (const id of fs.readdirSync(EX).filter((d) => fs.existsSync(path.join(EX, d, 'exercise.json')))) {
    const meta = JSON.parse(fs.readFileSync(path.join(EX, id, 'exercise.json'), 'utf8')) as { status?: string; files: { solution: string }; mutants?: Mutant[] };
    if (meta.status === 'planned') continue;
    const sol = fs.readFileSync(path.join(EX, id, meta.files.solution), 'utf8');
    for (const m of meta.mutants ?? []) {
      assert.notEqual(applyMutant(sol, m), sol);
      n++;
    }
    ids.set(id, (meta.mutants ?? []).map((m) => m.id));
  }
  assert.ok(n >= 60, `${n} mutants`);
  assert.ok(ids.get('attention')?.includes('no_causal_mask'), 'attention without the mask');
  assert.ok(ids.get('attention')?.includes('softmax_no_max'), 'softmax without the max subtraction');
});
