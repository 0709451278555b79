import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';

const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const lessonTabs = () => tabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.lesson'));

test('llmStudy.openLesson opens one panel per lesson: the same lesson is revealed, not duplicated', async () => {
  const { study } = await api();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const [a, b] = study.curriculum.course.modules.flatMap((m) => m.lessons);
  await vscode.commands.executeCommand('llmStudy.openLesson', a.id);
  await until(() => lessonTabs().find((t) => t.label === a.title), `a tab for ${a.title}`);
  await vscode.commands.executeCommand('llmStudy.openLesson', b.id);
  await vscode.commands.executeCommand('llmStudy.openLesson', a.id);
  // The sidebar's context menu passes the tree node instead of an id.
  await vscode.commands.executeCommand('llmStudy.openLesson', { type: 'lesson', id: a.id, lesson: a });
  await until(() => lessonTabs().find((t) => t.isActive)?.label === a.title, 'the existing panel of the first lesson is revealed');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(lessonTabs().map((t) => t.label).sort(), [a.title, b.title].sort(), 'one tab per lesson');
  await vscode.commands.executeCommand('llmStudy.openModule', study.curriculum.course.modules[0].id);
  await until(() => lessonTabs().find((t) => t.label === study.curriculum.course.modules[0].title), 'a module overview tab');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('lesson contributions: serializer activation, embed setting off by default, menus', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const pj = ext.packageJSON;
  assert.ok(pj.activationEvents.includes('onWebviewPanel:llmStudy.lesson'));
  assert.equal(vscode.workspace.getConfiguration('llmStudy.lessons').get('embedVideos'), false);
  assert.ok(pj.contributes.menus['view/item/context'].some((m: { command: string }) => m.command === 'llmStudy.openModule'));
});

test('Export My Notes writes every note, in course order, to the chosen file', async () => {
  const { study } = await api();
  const before = study.storage.getRaw('llmStudy.notes');
  const lesson = study.curriculum.course.modules[0].lessons[0];
  const resource = lesson.resources[0];
  await study.storage.set('llmStudy.notes', { v: 1, data: { [`lesson/${lesson.id}`]: 'lesson note *md*', [`resource/${resource}`]: 'resource note' } });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llm-notes-')), 'notes.md');
  const written = await vscode.commands.executeCommand<string>('llmStudy.exportNotes', vscode.Uri.file(file));
  assert.equal(written, file);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /# My LLM Study notes/);
  assert.ok(text.indexOf('lesson note *md*') < text.indexOf('resource note'), text);
  assert.ok(text.includes(`### ${lesson.title}`));
  await study.storage.set('llmStudy.notes', before as never);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
