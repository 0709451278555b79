// The one preflight step before learner code runs: trust, then saving, then Python, each blocking
// with its own message, and only the editors inside the exercise's folder saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { dirtyUnder, preflight, RESTRICTED, type OpenDocument, type PreflightEnv } from '../../../src/exercises/preflight';
import type { Probe } from '../../../src/exercises/python';

const dir = path.resolve('/x/exercises/attention');
const found: Probe = { ok: true, path: '/usr/bin/python3', source: 'path', version: '3.12.0' };

function env(o: { trusted?: boolean; docs?: OpenDocument[]; unsavable?: string[]; probe?: Probe } = {}) {
  const calls: string[] = [];
  const e: PreflightEnv = {
    trusted: () => (calls.push('trust'), o.trusted ?? true),
    documents: () => o.docs ?? [],
    save: async (f) => (calls.push(`save ${path.basename(f)}`), !(o.unsavable ?? []).includes(f)),
    findPython: async (modules, d) => (calls.push(`python ${modules.join(',')} ${d}`), o.probe ?? found),
    describe: (p) => `no good: ${p.detail}`,
  };
  return { e, calls };
}

test('dirtyUnder lists dirty documents inside the folder only, not in a sibling whose name starts the same', () => {
  const docs = [
    { fsPath: path.join(dir, 'attention.py'), isDirty: true },
    { fsPath: path.join(dir, 'README.md'), isDirty: false },
    { fsPath: `${dir}2${path.sep}attention.py`, isDirty: true },
    { fsPath: path.resolve('/elsewhere/notes.py'), isDirty: true },
  ];
  assert.deepEqual(dirtyUnder(docs, dir), [path.join(dir, 'attention.py')]);
});

test('in Restricted Mode nothing is saved or probed, and the message says how to trust', async () => {
  const { e, calls } = env({ trusted: false, docs: [{ fsPath: path.join(dir, 'attention.py'), isDirty: true }] });
  const r = await preflight(e, dir, ['numpy']);
  assert.deepEqual(r, { ok: false, problem: 'restricted', message: RESTRICTED });
  assert.deepEqual(calls, ['trust']);
});

test('dirty files in the folder are saved before Python is looked for, and the found Python comes back', async () => {
  const { e, calls } = env({ docs: [{ fsPath: path.join(dir, 'attention.py'), isDirty: true }] });
  const r = await preflight(e, dir, ['numpy']);
  assert.deepEqual(r, { ok: true, python: found });
  assert.deepEqual(calls, ['trust', 'save attention.py', `python numpy ${dir}`]);
});

test('a file that will not save blocks the run and is named', async () => {
  const stub = path.join(dir, 'attention.py');
  const { e, calls } = env({ docs: [{ fsPath: stub, isDirty: true }], unsavable: [stub] });
  const r = await preflight(e, dir, ['numpy']);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.problem, 'unsaved');
  assert.match(!r.ok ? r.message : '', /^attention\.py could not be saved, so your code was not run/);
  assert.ok(!calls.some((c) => c.startsWith('python')), 'Python is not probed for a run that cannot happen');
});

test('a Python problem comes back with the probe and the interpreter\'s words', async () => {
  const probe: Probe = { ok: false, path: 'python3', source: 'path', problem: 'no-module', module: 'numpy', detail: 'python3 has no numpy' };
  const r = await preflight(env({ probe }).e, dir, ['numpy']);
  assert.deepEqual(r, { ok: false, problem: 'python', probe, message: 'no good: python3 has no numpy' });
});
