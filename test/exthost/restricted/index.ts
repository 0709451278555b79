// Extension-host suite for Restricted Mode: code-server opens an untrusted folder with workspace
// trust on (runCodeServer.ts --restricted). Reading the course and scaffolding an exercise work;
// nothing runs the learner's code, and the "Python" set here would leave a mark if it ever ran.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { runAll, test } from '../suite/harness';
import { api } from '../suite/util';
import type { StartOutcome } from '../../../src/exercises/registration';
import type { RunOutcome } from '../../../src/exercises/testController';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmstudy-restricted-'));
const marker = path.join(root, 'python-ran');
/** Stands in for Python: any run at all, even a probe for numpy, leaves the marker file. */
const fakePython = path.join(root, 'python3');

test('restricted: the folder is untrusted (or this suite would prove nothing)', () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('restricted: the course loads and an exercise can be started', async () => {
  fs.writeFileSync(fakePython, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  const cfg = vscode.workspace.getConfiguration('llmStudy');
  await cfg.update('exercises.root', path.join(root, 'exercises'), vscode.ConfigurationTarget.Global);
  await cfg.update('pythonPath', fakePython, vscode.ConfigurationTarget.Global);
  const { study } = await api();
  assert.ok(study.curriculum.course.modules.length > 0, 'the curriculum is there');
  const started = await vscode.commands.executeCommand<StartOutcome>('llmStudy.startExercise', 'attention');
  assert.ok(started?.created, 'scaffolding writes files only, so it works');
  assert.ok(fs.existsSync(path.join(root, 'exercises', 'attention', 'attention.py')));
});

test('restricted: Run Exercise Tests says why it cannot run, and runs nothing', async () => {
  const r = await vscode.commands.executeCommand<RunOutcome>('llmStudy.runExerciseTests', 'attention');
  assert.ok(r?.blocked, JSON.stringify(r));
  assert.match(r.blocked, /needs a trusted workspace/);
  assert.equal(r.passed + r.failed, 0);
});

test('restricted: Show My Model does not run the learner\'s code either', async () => {
  const r = await vscode.commands.executeCommand('llmStudy.showMyModel', 'attention');
  assert.equal(r, undefined);
  await new Promise((res) => setTimeout(res, 500));
  assert.equal(fs.existsSync(marker), false, 'no Python process was started');
  await vscode.commands.executeCommand('notifications.clearAll');
});

export async function run(): Promise<void> {
  await runAll();
}
