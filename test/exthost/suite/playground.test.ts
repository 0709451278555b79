import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const playgroundTab = () => tabs().find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.playground'));

test('llmStudy.openPlayground opens one playground panel, with or without a preset', async () => {
  await api();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('llmStudy.openPlayground');
  const tab = await until(playgroundTab, 'a playground tab');
  assert.equal(tab.label, 'Tiny GPT Playground');
  await vscode.commands.executeCommand('llmStudy.openPlayground', 'induction');
  await vscode.commands.executeCommand('llmStudy.openPlayground', { preset: 'attention' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(tabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.playground')).length, 1, 'reused, not duplicated');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('the backend setting and the .onnx custom editor are contributed', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const c = ext.packageJSON.contributes;
  assert.deepEqual(c.configuration.properties['llmStudy.playground.backend'].enum, ['auto', 'wasm', 'webgpu']);
  assert.equal(vscode.workspace.getConfiguration('llmStudy.playground').get('backend'), 'auto');
  assert.ok(c.customEditors.some((e: { viewType: string }) => e.viewType === 'llmStudy.onnxModel'));
  assert.ok(c.menus['view/title'].some((m: { command: string }) => m.command === 'llmStudy.openPlayground'), 'sidebar entry');
});

test('opening an .onnx file shows it in the model editor, corrupt or not', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-onnx-'));
  const good = path.join(dir, 'tiny.onnx');
  fs.copyFileSync(path.join(ext.extensionPath, 'test', 'unit', 'playground', 'fixtures', 'tiny.onnx'), good);
  const bad = path.join(dir, 'bad.onnx');
  fs.writeFileSync(bad, 'not a model');
  for (const file of [good, bad]) {
    // The model editor is an option ("Open With…"), not the default for .onnx files.
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'llmStudy.onnxModel');
    const tab = await until(() => tabs().find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === file), `custom editor for ${path.basename(file)}`);
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'llmStudy.onnxModel');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  fs.rmSync(dir, { recursive: true, force: true });
});
