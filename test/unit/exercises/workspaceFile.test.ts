// The exercise workspace file (src/exercises/workspaceFile.ts): what a new one holds, and that a
// file the learner edited keeps every value they set, is backed up before it changes, and is left
// alone when it is not plain JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planWorkspace, workspaceContent, writeWorkspace, WORKSPACE_FILE } from '../../../src/exercises/workspaceFile';

const wishes = { python: '/opt/venv/bin/python3', noInlineCompletions: true };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-ws-'));
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as { folders: unknown; settings: Record<string, unknown>; extensions: { recommendations: string[] } };

test('a new workspace opens the exercises root with the found Python, caches and backups hidden, no inline AI, terminals beside the file, the Python extension recommended', () => {
  const root = tmp();
  const r = writeWorkspace(root, wishes);
  assert.equal(r.result, 'created');
  assert.equal(r.file, path.join(root, WORKSPACE_FILE));
  const ws = read(r.file);
  assert.deepEqual(ws.folders, [{ path: '.', name: 'LLM Study exercises' }]);
  assert.equal(ws.settings['python.defaultInterpreterPath'], '/opt/venv/bin/python3');
  assert.equal(ws.settings['llmStudy.exercises.root'], '${workspaceFolder}');
  assert.deepEqual(ws.settings['files.exclude'], { '**/__pycache__': true, '**/*.pyc': true, '**/.pytest_cache': true, '.llm-study-backups': true });
  assert.equal(ws.settings['editor.inlineSuggest.enabled'], false);
  assert.deepEqual(ws.settings['github.copilot.enable'], { '*': false });
  assert.equal(ws.settings['terminal.integrated.cwd'], '${fileDirname}');
  assert.deepEqual(ws.extensions.recommendations, ['ms-python.python']);
});

test('no Python found: no interpreter key; inline completions allowed when the learner allows them', () => {
  const s = workspaceContent({ noInlineCompletions: false }).settings as Record<string, unknown>;
  assert.equal('python.defaultInterpreterPath' in s, false);
  assert.equal('editor.inlineSuggest.enabled' in s, false);
  assert.equal('github.copilot.enable' in s, false);
});

test('writing again over our own file changes nothing and backs nothing up', () => {
  const root = tmp();
  writeWorkspace(root, wishes);
  const again = writeWorkspace(root, wishes);
  assert.deepEqual(again, { file: path.join(root, WORKSPACE_FILE), result: 'kept' });
  assert.equal(fs.existsSync(path.join(root, '.llm-study-backups')), false);
});

test('a learner-edited file keeps their values, gains only what is missing, and is backed up first', () => {
  const root = tmp();
  const file = path.join(root, WORKSPACE_FILE);
  const theirs = {
    folders: [{ path: '.' }, { path: '../notes' }],
    settings: { 'python.defaultInterpreterPath': '/home/me/.venv/bin/python', 'editor.fontSize': 16, 'files.exclude': { '**/*.npz': true, '**/__pycache__': false } },
    extensions: { recommendations: ['ms-toolsai.jupyter'] },
  };
  const text = JSON.stringify(theirs, null, 4);
  fs.writeFileSync(file, text);
  const r = writeWorkspace(root, wishes, new Date('2026-12-04T10:11:12Z'));
  assert.equal(r.result, 'updated');
  assert.equal(r.backup, path.join(root, '.llm-study-backups', 'llm-study-exercises-2026-12-04T10-11-12.code-workspace'));
  assert.equal(fs.readFileSync(r.backup, 'utf8'), text, 'the backup is their file byte for byte');
  const ws = read(file);
  assert.deepEqual(ws.folders, theirs.folders);
  assert.equal(ws.settings['python.defaultInterpreterPath'], '/home/me/.venv/bin/python', 'their interpreter wins');
  assert.equal(ws.settings['editor.fontSize'], 16);
  assert.deepEqual(ws.settings['files.exclude'], { '**/__pycache__': false, '**/*.pyc': true, '**/.pytest_cache': true, '.llm-study-backups': true, '**/*.npz': true });
  assert.equal(ws.settings['terminal.integrated.cwd'], '${fileDirname}');
  assert.deepEqual(ws.extensions.recommendations, ['ms-toolsai.jupyter', 'ms-python.python']);
});

test('a file with comments (not plain JSON) is left exactly as it is', () => {
  const root = tmp();
  const file = path.join(root, WORKSPACE_FILE);
  const text = '{\n  // my workspace\n  "folders": [{ "path": "." }]\n}\n';
  fs.writeFileSync(file, text);
  const r = writeWorkspace(root, wishes);
  assert.equal(r.result, 'unreadable');
  assert.equal(fs.readFileSync(file, 'utf8'), text);
  assert.equal(planWorkspace('[1, 2]', wishes).action, 'unreadable');
});
