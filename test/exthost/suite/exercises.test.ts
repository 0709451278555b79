// Exercises inside a real VS Code: start (and start again without losing edits), run the tests
// through the TestController, a learner's endless loop, a Python without numpy.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { spawnSync } from 'node:child_process';
import { api, until } from './util';
import type { StartOutcome } from '../../../src/exercises/registration';
import type { RunOutcome } from '../../../src/exercises/testController';
import type { ModelComparison } from '../../../src/shared/protocols/exercises';

const PYTHON = process.env.LLM_STUDY_PYTHON || '/usr/bin/python3';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-exthost-ex-'));
const config = () => vscode.workspace.getConfiguration('llmStudy');
const stub = () => path.join(root, 'attention', 'attention.py');

async function setup(): Promise<void> {
  await config().update('exercises.root', root, vscode.ConfigurationTarget.Global);
  await config().update('pythonPath', PYTHON, vscode.ConfigurationTarget.Global);
  await config().update('exercises.testTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
}

const run = () => vscode.commands.executeCommand<RunOutcome>('llmStudy.runExerciseTests', 'attention');

test('exercises: Start Exercise scaffolds, opens the stub, and starting again keeps the learner\'s edits', async () => {
  await setup();
  const { study } = await api();
  const first = await vscode.commands.executeCommand<StartOutcome>('llmStudy.startExercise', 'attention');
  assert.ok(first?.created, 'created');
  console.log(`    scaffold attention: ${first.ms.toFixed(1)} ms`);
  assert.ok(fs.existsSync(path.join(root, 'attention', 'llmstudy_test.py')));
  assert.equal(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), 'attention.py', 'the stub is the active editor');
  const settings = JSON.parse(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'));
  assert.equal(settings['editor.inlineSuggest.enabled'], false);

  fs.writeFileSync(stub(), fs.readFileSync(stub(), 'utf8') + '\n# my notes\n');
  const again = await vscode.commands.executeCommand<StartOutcome>('llmStudy.startExercise', 'attention');
  assert.equal(again?.created, false);
  assert.ok(again.kept.includes('attention.py'));
  assert.match(fs.readFileSync(stub(), 'utf8'), /# my notes/, 'edits kept');
  await study.progress.setDone(['attention'], false);
});

test('exercises: the stub fails its tests with teacher messages; the solution passes and ticks the exercise', async () => {
  await setup();
  const { study } = await api();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const failing = await run();
  assert.ok(failing && !failing.blocked, JSON.stringify(failing));
  assert.equal(failing.passed, 0);
  assert.ok(failing.failed > 0);
  assert.match(failing.firstFailure ?? '', /not written yet/);
  assert.equal(study.progress.isDone('attention'), false);

  fs.copyFileSync(path.join(study.curriculumRoot, 'exercises', 'attention', 'solution', 'attention.py'), stub());
  const passing = await run();
  assert.ok(passing?.allPassed, JSON.stringify(passing));
  assert.equal(passing.failed, 0);
  assert.equal(study.progress.isDone('attention'), true, 'ticked in the sidebar');
  console.log(`    run attention tests through the extension: ${passing.ms.toFixed(0)} ms (${passing.passed} tests)`);
  // The learner unticks it (to come back to it later): passing again does not tick it over them.
  await study.progress.setDone(['attention'], false);
  assert.ok((await run())?.allPassed);
  assert.equal(study.progress.isDone('attention'), false, 'an untick stays while the exercise keeps passing');
});

test('exercises: a learner\'s endless loop times out cleanly and says where', async () => {
  await setup();
  await config().update('exercises.testTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
  const text = fs.readFileSync(stub(), 'utf8').replace(/def softmax\(x\):.*\n/, (m) => `${m}    while True:\n        pass\n`);
  fs.writeFileSync(stub(), text);
  const t0 = Date.now();
  const r = await run();
  assert.ok(r?.timedOut, JSON.stringify(r));
  assert.match(r.firstFailure ?? '', /timed out after 1 s.*attention\.py line \d+/);
  assert.ok(Date.now() - t0 < 8000, `ended after ${Date.now() - t0} ms`);
  await config().update('exercises.testTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
});

test('exercises: a Python without numpy gives the fix message instead of running', async () => {
  await setup();
  const fake = path.join(root, 'python-without-numpy');
  fs.writeFileSync(fake, '#!/bin/sh\necho "ModuleNotFoundError: No module named \'numpy\'" >&2\nexit 1\n', { mode: 0o755 });
  await config().update('pythonPath', fake, vscode.ConfigurationTarget.Global);
  try {
    const r = await run();
    assert.ok(r?.blocked, JSON.stringify(r));
    assert.match(r.blocked, /need numpy, which .*python-without-numpy does not have/);
  } finally {
    await setup();
  }
});

test('exercises: Show My Model runs the learner\'s attention on GPT weights and shows it in the playground', async () => {
  await setup();
  const { study } = await api();
  const model = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-model-'));
  const made = spawnSync(PYTHON, [path.join(study.extensionUri.fsPath, 'test', 'support', 'fake_tiny_gpt.py'), model], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const before = process.env.LLM_STUDY_MODEL_DIR;
  process.env.LLM_STUDY_MODEL_DIR = model;
  try {
    fs.copyFileSync(path.join(study.curriculumRoot, 'exercises', 'attention', 'solution', 'attention.py'), stub());
    const r = await vscode.commands.executeCommand<ModelComparison>('llmStudy.showMyModel', 'attention');
    assert.ok(r, 'a comparison');
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.match, 1);
    // The comparison opens in the playground ("Your code" view), beside the learner's file.
    const tab = await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.playground')), 'the playground panel');
    assert.ok(tab);
  } finally {
    if (before === undefined) delete process.env.LLM_STUDY_MODEL_DIR;
    else process.env.LLM_STUDY_MODEL_DIR = before;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

test('exercises: "Show All Hints So Far" opens the hints read-only, not as an untitled file that asks to be saved', async () => {
  await setup();
  const win = vscode.window as unknown as Record<string, unknown>;
  const info = win.showInformationMessage as (...a: unknown[]) => Thenable<unknown>;
  // The next hint's notification, or (every hint seen already) the one that offers them all.
  win.showInformationMessage = (msg: unknown, ...items: unknown[]) =>
    String(msg).startsWith('Hint ') ? Promise.resolve('Show All Hints So Far')
      : String(msg).startsWith('You have seen all') ? Promise.resolve('Show All Hints') : info(msg, ...items);
  try {
    await vscode.commands.executeCommand('llmStudy.showNextHint', 'attention');
    const hints = await until(() => vscode.workspace.textDocuments.find((d) => d.getText().startsWith('# Hints:')), 'the hints document');
    assert.notEqual(hints.uri.scheme, 'untitled', 'not an untitled file');
    assert.equal(hints.isDirty, false);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.getText().startsWith('# Hints:')).length, 0, 'no untitled copy');
    assert.match(hints.getText(), /^1\. /m, 'the hints seen so far, numbered');
  } finally {
    win.showInformationMessage = info;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
});

test('exercises: Show Next Hint gives one hint at a time and remembers how many were seen', async () => {
  await setup();
  const { study } = await api();
  const seen = () => ((study.storage.getRaw('llmStudy.exercises') as { data?: { hints?: Record<string, number> } } | undefined)?.data?.hints?.attention ?? 0);
  const before = seen();
  // The hint is a notification that stays until dismissed, so the command is not awaited.
  void vscode.commands.executeCommand('llmStudy.showNextHint', 'attention');
  await until(() => seen() === before + 1, 'one more hint seen');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(seen(), before + 1, 'exactly one');
  await vscode.commands.executeCommand('notifications.clearAll');
});
