import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';

const tokenizerTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.tokenizer'));

test('llmStudy.showTokens opens one Tokens panel beside the editor and keeps the editor active', async () => {
  await api();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const doc = await vscode.workspace.openTextDocument({ content: 'The quick brown fox jumps over the lazy dog.\nsecond line\n' });
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(0, 0, 0, 44);
  await vscode.commands.executeCommand('llmStudy.showTokens');
  const tab = await until(() => tokenizerTabs()[0], 'a Tokens tab');
  assert.equal(tab.label, 'Tokens');
  assert.equal(vscode.window.activeTextEditor?.document, doc, 'the editor keeps focus, so its selection keeps driving the view');
  await vscode.commands.executeCommand('llmStudy.showTokens', 'typed text');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(tokenizerTabs().length, 1, 'reused, not duplicated');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('Show Tokens is contributed, with an editor context-menu entry for a selection', () => {
  const c = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
  assert.ok(c.commands.some((x: { command: string }) => x.command === 'llmStudy.showTokens'));
  assert.ok(c.menus['editor/context'].some((m: { command: string; when: string }) => m.command === 'llmStudy.showTokens' && m.when === 'editorHasSelection'));
});
