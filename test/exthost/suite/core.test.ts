import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';
import { ProgressStore } from '../../../src/state/progressStore';
import { Storage } from '../../../src/state/storage';

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

test('ticks across windows: two stores over the real globalState keep each other\'s ticks and a newer version\'s fields', async () => {
  const { study } = await api();
  const state = study.context.globalState;
  const before = state.get('llmStudy.progress');
  const [r1, r2] = [...study.curriculum.resources.keys()];
  try {
    // Two windows: each has its own Storage and store, both over the one globalState.
    const a = new ProgressStore(new Storage(state));
    const b = new ProgressStore(new Storage(state));
    await a.setDone([r1], true);
    await b.setDone([r2], true);
    const reloaded = new ProgressStore(new Storage(state));
    assert.ok(reloaded.isDone(r1) && reloaded.isDone(r2), 'both ticks survive a reload');
    assert.ok(study.progress.isDone(r1) && study.progress.isDone(r2), 'the extension\'s own store reads them too');
    await state.update('llmStudy.progress', { v: 99, data: { done: {}, streak: 4 }, extra: true });
    await a.setDone([r1], true);
    const stored = state.get('llmStudy.progress') as { v: number; data: { done: Record<string, unknown>; streak: number }; extra: boolean };
    assert.equal(stored.v, 99, 'the newer version number is kept');
    assert.equal(stored.data.streak, 4, 'fields this version does not know are kept');
    assert.equal(stored.extra, true);
    assert.equal(typeof stored.data.done[r1], 'string', 'the tick is saved');
    for (const s of [a, b, reloaded]) s.dispose();
  } finally {
    await state.update('llmStudy.progress', before);
    study.progress.refresh();
  }
});
