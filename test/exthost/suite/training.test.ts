import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';

const trainingTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.training'));

test('llmStudy.trainTinyGpt opens one Train a Tiny GPT panel, and a second call reuses it', async () => {
  await api();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('llmStudy.trainTinyGpt');
  const tab = await until(() => trainingTabs()[0], 'a Train a Tiny GPT tab');
  assert.equal(tab.label, 'Train a Tiny GPT');
  await vscode.commands.executeCommand('llmStudy.trainTinyGpt');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(trainingTabs().length, 1, 'reused, not duplicated');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('Train a Tiny GPT and its settings are contributed', () => {
  const c = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
  assert.ok(c.commands.some((x: { command: string }) => x.command === 'llmStudy.trainTinyGpt'));
  for (const key of ['llmStudy.training.threads', 'llmStudy.training.testSteps', 'llmStudy.training.data']) assert.ok(c.configuration.properties[key], key);
});
