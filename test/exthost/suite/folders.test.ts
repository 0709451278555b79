// Exercise folders and settings as a learner meets them in a real VS Code (code-server, a remote
// window): Reset with unsaved edits, a relative exercises.root, a read-only root, and a Python set
// in User settings.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, until } from './util';
import type { StartOutcome } from '../../../src/exercises/registration';
import type { RunOutcome } from '../../../src/exercises/testController';

const PYTHON = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';
const config = () => vscode.workspace.getConfiguration('llmStudy');
const G = vscode.ConfigurationTarget.Global;
type Window = Record<string, unknown>;

/**
 * Answers the extension's modal confirmations (Reset's "Back Up and Reset") and records its error
 * messages. The suite shares the extension's `vscode` API object, so the extension sees the stubs.
 */
async function withDialogs<T>(fn: (errors: string[]) => Promise<T>): Promise<T> {
  const win = vscode.window as unknown as Window;
  const warn = win.showWarningMessage as (...a: unknown[]) => Thenable<unknown>;
  const error = win.showErrorMessage as (...a: unknown[]) => Thenable<unknown>;
  const errors: string[] = [];
  win.showWarningMessage = (msg: unknown, ...rest: unknown[]) => {
    const opts = rest[0] as { modal?: boolean } | undefined;
    return opts && typeof opts === 'object' && opts.modal ? Promise.resolve(rest[1]) : warn(msg, ...rest);
  };
  win.showErrorMessage = (msg: unknown) => {
    errors.push(String(msg));
    return Promise.resolve(undefined);
  };
  assert.notEqual(win.showWarningMessage, warn, 'the window API could not be stubbed');
  try {
    return await fn(errors);
  } finally {
    win.showWarningMessage = warn;
    win.showErrorMessage = error;
  }
}

const start = (id = 'attention') => vscode.commands.executeCommand<StartOutcome | undefined>('llmStudy.startExercise', id);

test('reset ignores unsaved edits: the editor\'s unsaved text is backed up and the editor shows the reset file', async () => {
  const { study } = await api();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-reset-'));
  await config().update('exercises.root', root, G);
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', G);
  try {
    assert.ok((await start())?.created);
    const stub = path.join(root, 'attention', 'attention.py');
    const original = fs.readFileSync(path.join(study.curriculumRoot, 'exercises', 'attention', 'attention.py'), 'utf8');
    fs.writeFileSync(stub, '# saved work\n');
    const doc = await vscode.workspace.openTextDocument(stub);
    await until(() => doc.getText() === '# saved work\n' || undefined, 'the editor to see the saved file');
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# typed, not saved\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty, 'unsaved');

    const backup = await withDialogs(async () => vscode.commands.executeCommand<string | undefined>('llmStudy.resetExercise', 'attention'));
    assert.ok(backup, 'a backup');
    assert.equal(fs.readFileSync(path.join(backup, 'attention.py'), 'utf8'), '# saved work\n', 'the file on disk is backed up');
    const unsaved = path.join(backup, 'unsaved-in-editor', 'attention.py');
    assert.ok(fs.existsSync(unsaved), `the editor's unsaved text is backed up (backup holds ${fs.readdirSync(backup).join(', ')})`);
    assert.equal(fs.readFileSync(unsaved, 'utf8'), '# typed, not saved\n# saved work\n');
    assert.equal(doc.isDirty, false, 'the editor no longer holds the old text');
    assert.equal(doc.getText(), original, 'the editor shows the reset file');
    // The learner keeps working: the next save must land, not fail as "the file is newer".
    const more = new vscode.WorkspaceEdit();
    more.insert(doc.uri, new vscode.Position(0, 0), '# after reset\n');
    assert.ok(await vscode.workspace.applyEdit(more));
    assert.ok(await doc.save(), 'saved');
    assert.equal(fs.readFileSync(stub, 'utf8'), `# after reset\n${original}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, G);
  }
});

test('reset with a saved file open: the editor shows the reset file when the command returns, not when a file watcher gets to it', async () => {
  const { study } = await api();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-reset-open-'));
  await config().update('exercises.root', root, G);
  try {
    assert.ok((await start())?.created);
    const stub = path.join(root, 'attention', 'attention.py');
    const original = fs.readFileSync(path.join(study.curriculumRoot, 'exercises', 'attention', 'attention.py'), 'utf8');
    const doc = await vscode.workspace.openTextDocument(stub);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), '# my solution\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved');
    assert.equal(doc.isDirty, false);

    const backup = await withDialogs(async () => vscode.commands.executeCommand<string | undefined>('llmStudy.resetExercise', 'attention'));
    assert.ok(backup, 'a backup');
    assert.equal(fs.readFileSync(path.join(backup, 'attention.py'), 'utf8'), '# my solution\n', 'the solution is backed up');
    assert.equal(fs.readFileSync(stub, 'utf8'), original, 'the file is reset');
    assert.equal(doc.getText(), original, 'the open editor shows the reset file');
    const more = new vscode.WorkspaceEdit();
    more.insert(doc.uri, new vscode.Position(0, 0), '# after reset\n');
    assert.ok(await vscode.workspace.applyEdit(more));
    assert.ok(await doc.save(), 'the next save lands');
    assert.equal(fs.readFileSync(stub, 'utf8'), `# after reset\n${original}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

test('a relative exercises.root resolves against the workspace folder, not the process\'s folder', async () => {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(ws, 'the suite opens a folder');
  const rel = `llmstudy-relative-${process.pid}`;
  const wrong = path.resolve(rel);
  const preexisting = fs.existsSync(wrong);
  await config().update('exercises.root', rel, G);
  try {
    const r = await start();
    assert.equal(r?.dir, path.join(ws, rel, 'attention'));
    assert.ok(fs.existsSync(path.join(ws, rel, 'attention', 'llmstudy_test.py')));
  } finally {
    fs.rmSync(path.join(ws, rel), { recursive: true, force: true });
    if (!preexisting && wrong !== path.join(ws, rel)) fs.rmSync(wrong, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

/** A folder under /sys: read-only in containers, and as root chmod cannot make one (see the e2e guide). */
function readOnlyRoot(): string | undefined {
  const dir = path.join('/sys', `llmstudy-exercises-${process.pid}`);
  try {
    fs.mkdirSync(dir);
    fs.rmdirSync(dir);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EROFS' || code === 'EPERM' || code === 'EACCES' ? dir : undefined;
  }
}

test('read-only exercises root: Start Exercise says the folder is read-only, and logs it', async () => {
  const root = readOnlyRoot();
  if (!root) return void console.log('    skipped: no read-only folder on this machine');
  const { study } = await api();
  const logged: string[] = [];
  const log = study.log as unknown as Record<string, unknown>;
  const error = log.error as (...a: unknown[]) => void;
  log.error = (m: unknown, ...rest: unknown[]) => {
    logged.push(String(m));
    error.call(study.log, m, ...rest);
  };
  await config().update('exercises.root', root, G);
  try {
    const errors = await withDialogs(async (errs) => {
      await start();
      return errs;
    });
    assert.equal(errors.length, 1, errors.join(' | '));
    assert.match(errors[0], new RegExp(`The exercises folder ${root} is read-only: choose another with .*llmStudy\\.exercises\\.root`));
    assert.doesNotMatch(errors[0], /ENOENT|EPERM|EROFS|mkdir/);
    assert.ok(logged.some((l) => /read-only/.test(l)), `logged: ${logged.join(' | ')}`);
  } finally {
    log.error = error;
  }
});

test('pythonPath in User settings is the Python that runs the tests (code-server is a remote window)', async () => {
  const file = process.env.LLM_STUDY_USER_SETTINGS;
  assert.ok(file && fs.existsSync(file), `LLM_STUDY_USER_SETTINGS (${file}) names the User settings file`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-python-'));
  const mark = path.join(root, 'wrapper-ran');
  const wrapper = path.join(root, 'python-wrapper');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$@" >> '${mark}'\nexec '${PYTHON}' "$@"\n`, { mode: 0o755 });
  await config().update('exercises.root', root, G);
  // Written the way a learner does it (Settings editor's User tab, or settings.json), not through
  // the API. The file watcher can miss a write that lands right after VS Code's own (the root
  // above), so the edit is made again until the setting reads it.
  const edit = () => fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), 'llmStudy.pythonPath': wrapper }, null, 2));
  let tries = 0;
  try {
    await until(() => {
      if (config().get('pythonPath') === wrapper) return true;
      if (tries++ % 20 === 0) edit();
      return undefined;
    }, `llmStudy.pythonPath to read ${wrapper} (it reads ${config().get('pythonPath')})`, 20_000);
    assert.ok((await start())?.created);
    const r = await vscode.commands.executeCommand<RunOutcome>('llmStudy.runExerciseTests', 'attention');
    assert.ok(r && !r.blocked, JSON.stringify(r));
    assert.ok(fs.existsSync(mark), 'the configured Python ran the tests');
  } finally {
    // Through the API: it now writes the same User settings file, and waits for its own write.
    await config().update('pythonPath', PYTHON, G);
    const after = config().inspect('pythonPath');
    assert.equal(after?.globalValue, PYTHON, `restored (${JSON.stringify(after)})`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});
