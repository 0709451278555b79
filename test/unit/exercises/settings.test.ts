// The exercise settings must be read where learners set them. code-server (and every remote
// window) ignores a machine-scoped value in User settings, so a Python path set there was dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const props = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { scope?: string }>;

test('pythonPath is machine-scoped: a value in User settings is read in a remote window too', () => {
  // "machine" and "machine-overridable" are read only from Machine (remote) settings in a remote window.
  for (const key of ['llmStudy.pythonPath', 'llmStudy.exercises.root']) {
    const scope = props[key].scope ?? 'window';
    assert.ok(!scope.startsWith('machine') && scope !== 'application-machine', `${key} has scope "${scope}"`);
  }
});
