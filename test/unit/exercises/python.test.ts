// Interpreter discovery: order of candidates, what a missing numpy looks like, and the fix text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { candidates, fixText, probe, PythonFinder, type Candidate, type Probe } from '../../../src/exercises/python';

const python = process.env.LLM_STUDY_PYTHON ?? '/usr/bin/python3';

/** A "python" that has no numpy: the message real Python prints, and exit 1. */
function fakePythonWithoutNumpy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-fakepy-'));
  const p = path.join(dir, 'python3');
  fs.writeFileSync(p, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'numpy\'" >&2\nexit 1\n', { mode: 0o755 });
  return p;
}

test('candidates: an explicit setting is the only one; else the Python extension, the environment, then PATH', () => {
  assert.deepEqual(candidates({ setting: '/opt/py', fromExtension: '/venv/bin/python' }), [{ path: '/opt/py', source: 'setting' }]);
  assert.deepEqual(candidates({ fromExtension: '/venv/bin/python', environment: '/usr/bin/python3', platform: 'linux' }).map((c) => c.path),
    ['/venv/bin/python', '/usr/bin/python3', 'python3', 'python']);
  assert.deepEqual(candidates({ platform: 'win32' }).map((c) => c.path), ['python', 'py', 'python3']);
});

test('probe: a working Python with numpy reports its version', { skip: !fs.existsSync(python) }, async () => {
  const r = await probe({ path: python, source: 'environment' });
  assert.equal(r.ok, true, JSON.stringify(r));
  if (r.ok) assert.match(r.version, /^3\.\d+/);
});

test('probe: a Python without numpy says so, and the fix text says how to install it', async () => {
  const fake = fakePythonWithoutNumpy();
  const r = await probe({ path: fake, source: 'setting' });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.problem, 'no-module');
  assert.equal(r.module, 'numpy');
  const text = fixText(r, 'linux');
  assert.match(text, /-m pip install numpy/);
  assert.match(text, /apt-get install python3-numpy/);
  assert.match(text, /llmStudy\.pythonPath/);
});

test('probe: a missing interpreter is "not-found", not a crash', async () => {
  const r = await probe({ path: '/no/such/python3', source: 'path' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.problem, 'not-found');
});

test('finder: probes each interpreter once, prefers "has no numpy" over "not found", takes the first that works', async () => {
  let calls = 0;
  const fake = async (c: Candidate): Promise<Probe> => {
    calls++;
    if (c.path === 'good') return { ok: true, path: c.path, source: c.source, version: '3.12.0' };
    if (c.path === 'nonumpy') return { ok: false, path: c.path, source: c.source, problem: 'no-module', module: 'numpy', detail: 'no numpy' };
    return { ok: false, path: c.path, source: c.source, problem: 'not-found', detail: 'missing' };
  };
  const f = new PythonFinder(fake);
  const bad = await f.find([{ path: 'missing', source: 'path' }, { path: 'nonumpy', source: 'path' }]);
  assert.equal(bad.ok === false && bad.problem, 'no-module');
  const good = await f.find([{ path: 'missing', source: 'path' }, { path: 'good', source: 'path' }]);
  assert.equal(good.ok, true);
  assert.equal(calls, 3, 'the cached "missing" probe is reused');
  f.clear();
  await f.find([{ path: 'good', source: 'path' }]);
  assert.equal(calls, 4);
});
