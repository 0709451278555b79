import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './harness';
import { api, EXTENSION_ID, until } from './util';

const reviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('llmStudy.review'));

test('a self-check answer given to the review port lands in the synced schedule (llmStudy.review)', async () => {
  const { study } = await api();
  assert.ok(study.ports.review, 'the review feature set its port');
  const lesson = study.curriculum.course.modules.flatMap((m) => m.lessons).find((l) => l.selfCheck?.[0]?.choices?.length);
  assert.ok(lesson, 'a lesson with a multiple-choice question');
  const q = lesson.selfCheck![0];
  await study.ports.review.recordAnswer(lesson.id, q.id, { choice: q.correct, at: new Date().toISOString() });
  const stored = study.storage.getRaw('llmStudy.review') as { v: number; data: Record<string, { reps: number; due: string }> };
  assert.equal(stored.v, 1);
  const card = stored.data[`${lesson.id}/${q.id}`];
  assert.ok(card && card.reps >= 1, JSON.stringify(stored));
  assert.ok(Date.parse(card.due) > Date.now(), 'a right answer is not due at once');
});

test('LLM Study: Review opens one panel, and a second call reuses it; the command is contributed', async () => {
  await api();
  const c = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes;
  assert.ok(c.commands.some((x: { command: string }) => x.command === 'llmStudy.review'));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('llmStudy.review');
  const tab = await until(() => reviewTabs()[0], 'a Review tab');
  assert.equal(tab.label, 'Review');
  await vscode.commands.executeCommand('llmStudy.review');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(reviewTabs().length, 1, 'reused, not duplicated');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
