import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';
import { ProgressStore } from '../../../src/state/progressStore';

test('activates and loads the course', async () => {
  const { study, activationMs } = await api();
  assert.ok(study.curriculum.course.modules.length > 0, 'modules loaded');
  assert.ok(study.curriculum.resources.size > 0, 'resources loaded');
  console.log(`    activation: ${activationMs.toFixed(1)} ms`);
});

test('every command in package.json is registered, and every registered command is in package.json', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const declared: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
  const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('llmStudy.'));
  const { commands } = await api();
  assert.deepEqual([...new Set(commands)].sort(), [...declared].sort(), 'command table matches package.json');
  for (const c of declared) assert.ok(registered.includes(c), `${c} is registered in VS Code`);
});

test('ticking a resource is stored in globalState and survives a reload of the store', async () => {
  const { study } = await api();
  const id = [...study.curriculum.resources.keys()][0];
  await study.progress.setDone([id], false);
  await vscode.commands.executeCommand('llmStudy.toggleResourceDone', id);
  assert.ok(study.progress.isDone(id));
  const reloaded = new ProgressStore(study.storage);
  assert.ok(reloaded.isDone(id), 'a fresh store reads the tick back');
  reloaded.dispose();
  await vscode.commands.executeCommand('llmStudy.toggleResourceDone', id);
  assert.ok(!study.progress.isDone(id));
});

test('a corrupt stored progress value is recovered from and reported', async () => {
  const { study } = await api();
  const before = study.storage.getRaw('llmStudy.progress');
  await study.context.globalState.update('llmStudy.progress', '{not json');
  const recovered = new ProgressStore(study.storage);
  assert.equal(recovered.doneIds().length, 0);
  assert.match(recovered.problems.join(), /corrupt/);
  recovered.dispose();
  await study.context.globalState.update('llmStudy.progress', before);
});

test('continue opens the next unfinished item in a details view', async () => {
  const { study } = await api();
  await study.progress.reset();
  await vscode.commands.executeCommand('llmStudy.continue');
  const tab = await until(
    () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview),
    'a details tab',
  );
  const first = study.curriculum.course.modules[0].lessons[0];
  const firstItem = [...first.resources, ...first.exercises][0];
  const expected = study.curriculum.resources.get(firstItem)?.title ?? study.curriculum.exercises.get(firstItem)?.title;
  if (study.curriculum.resources.has(firstItem)) assert.equal(tab.label, expected);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
