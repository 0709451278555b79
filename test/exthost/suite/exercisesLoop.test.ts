// The exercise loop inside a real VS Code (issue 17): with run-on-save turned on, saving a wrong
// then a right solution flips the exercise's result (the sidebar's state through the exercises
// port, and the tick) without any command being run.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, until } from './util';
import type { ExerciseTestState } from '../../../src/study';

const PYTHON = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-exthost-loop-'));
const config = () => vscode.workspace.getConfiguration('llmStudy');

async function setup(): Promise<void> {
  await config().update('exercises.root', root, vscode.ConfigurationTarget.Global);
  await config().update('pythonPath', PYTHON, vscode.ConfigurationTarget.Global);
  await config().update('exercises.testTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
}

/** Replaces the whole text of the learner's open file and saves it, as typing and Ctrl+S would. */
async function typeAndSave(file: string, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(file);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
  assert.ok(await doc.save(), 'saved');
}

test('exercises loop: with run on save on, saving a wrong then a right solution flips the result without a command', async () => {
  await setup();
  const { study } = await api();
  const port = study.ports.exercises!;
  await vscode.commands.executeCommand('llmStudy.startExercise', 'attention');
  await study.progress.setDone(['attention'], false);
  const stub = path.join(root, 'attention', 'attention.py');
  const solution = fs.readFileSync(path.join(study.curriculumRoot, 'exercises', 'attention', 'solution', 'attention.py'), 'utf8');
  const noMask = solution.replace('    return softmax(q @ k.T / np.sqrt(d_k) + mask)', '    return softmax(q @ k.T / np.sqrt(d_k))');
  assert.notEqual(noMask, solution);
  const state = (): ExerciseTestState => port.testState('attention').state;
  const changes: string[] = [];
  const sub = port.onDidChangeTestState((id) => id === 'attention' && changes.push(port.testState(id).label));
  try {
    assert.equal(state().kind, 'started', JSON.stringify(state()));
    const on = await vscode.commands.executeCommand<boolean>('llmStudy.toggleRunOnSave', 'attention');
    assert.equal(on, true);
    // Turning it on runs once, so the learner sees where the stub stands: every test fails.
    const all = await until(() => { const s = state(); return s.kind === 'failing' && s.failed === s.total ? s : undefined; }, 'the stub failing every test', 20_000);
    console.log(`    run on save, stub: ${port.testState('attention').label}`);

    // From here on no command runs: only saves.
    await typeAndSave(stub, noMask);
    const some = await until(() => { const s = state(); return s.kind === 'failing' && s.failed < s.total ? s : undefined; }, 'the mask-less solution failing some tests', 20_000);
    assert.equal(some.total, all.total);
    assert.equal(study.progress.isDone('attention'), false);
    console.log(`    run on save, no mask: ${port.testState('attention').label}`);

    const t0 = Date.now();
    await typeAndSave(stub, solution);
    // Each result lands as it streams in; the tick follows when the run ends.
    await until(() => state().kind === 'passing' && study.progress.isDone('attention'), 'the solution passing and ticked', 20_000);
    console.log(`    run on save, solution: ${port.testState('attention').label} ${Date.now() - t0} ms after the save`);
    assert.ok(changes.some((l) => /^failing \d+ of \d+$/.test(l)) && changes.includes(port.testState('attention').label), changes.join(' | '));

    // Off again: a save runs nothing.
    assert.equal(await vscode.commands.executeCommand<boolean>('llmStudy.toggleRunOnSave', 'attention'), false);
    await typeAndSave(stub, noMask);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(state().kind, 'passing', 'no run after turning it off');
  } finally {
    sub.dispose();
    if (port.testState('attention').state.kind !== 'not-started') fs.writeFileSync(stub, solution);
    await study.progress.setDone(['attention'], false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

test('exercises loop: Open Exercise Workspace writes the workspace file with the Python in use, and keeps a learner\'s edits with a backup', async () => {
  await setup();
  const file = path.join(root, 'llm-study-exercises.code-workspace');
  fs.rmSync(file, { force: true });
  const first = await vscode.commands.executeCommand<{ file: string; result: string; python?: string; opened: string }>('llmStudy.openExerciseWorkspace', { open: 'none' });
  assert.equal(first?.file, file);
  assert.equal(first.result, 'created');
  assert.equal(first.opened, 'none');
  const ws = JSON.parse(fs.readFileSync(file, 'utf8')) as { folders: { path: string }[]; settings: Record<string, unknown>; extensions: { recommendations: string[] } };
  assert.deepEqual(ws.folders.map((f) => f.path), ['.']);
  const python = ws.settings['python.defaultInterpreterPath'];
  assert.ok(typeof python === 'string' && path.isAbsolute(python), `an absolute interpreter path: ${String(python)}`);
  assert.equal(fs.realpathSync(python), fs.realpathSync(PYTHON), 'the Python the tests run with');
  assert.equal(ws.settings['editor.inlineSuggest.enabled'], false);
  assert.equal(ws.settings['terminal.integrated.cwd'], '${fileDirname}');
  assert.deepEqual(ws.extensions.recommendations, ['ms-python.python']);

  // The learner sets their own interpreter; LLM Study keeps it and backs the file up before adding what is missing.
  delete ws.settings['terminal.integrated.cwd'];
  ws.settings['python.defaultInterpreterPath'] = '/home/learner/.venv/bin/python';
  fs.writeFileSync(file, JSON.stringify(ws));
  const again = await vscode.commands.executeCommand<{ result: string; backup?: string }>('llmStudy.openExerciseWorkspace', { open: 'none' });
  assert.equal(again?.result, 'updated');
  assert.ok(again.backup && fs.existsSync(again.backup), 'backed up');
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as { settings: Record<string, unknown> };
  assert.equal(kept.settings['python.defaultInterpreterPath'], '/home/learner/.venv/bin/python');
  assert.equal(kept.settings['terminal.integrated.cwd'], '${fileDirname}');
  await vscode.commands.executeCommand('notifications.clearAll');
});
