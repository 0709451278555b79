// Hints one at a time, then the reference solution in a diff editor, but only after the learner
// says twice that they want it (as rustlings and JetBrains Academy do): seeing a solution too
// early takes away the part of the exercise where the learning happens.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { exerciseMetas } from './folders';
import type { ExerciseSpec } from './spec';
import { ExerciseStateStore, nextHint } from './state';
import { showReadOnlyMarkdown } from './readOnlyDocs';

export const SOLUTION_SCHEME = 'llm-study-solution';

/** Serves reference solutions read-only, so the diff's right side cannot be edited by mistake. */
export class SolutionProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly study: Study) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    // uri.path: /<exercise id>/<stub name>
    const [, id] = uri.path.split('/');
    const meta = exerciseMetas(this.study).get(id);
    const solution = (meta?.files as { solution?: unknown } | undefined)?.solution;
    if (typeof solution !== 'string' || !/^solution\/[A-Za-z0-9_]+\.py$/.test(solution)) return '# no reference solution for this exercise\n';
    return fs.readFileSync(path.join(this.study.curriculumRoot, 'exercises', id, solution), 'utf8');
  }
}

export function hintsSeen(study: Study, id: string): number {
  return new ExerciseStateStore(study.storage).hintsSeen(id);
}

export async function showNextHint(study: Study, spec: ExerciseSpec, dir: string): Promise<void> {
  const store = new ExerciseStateStore(study.storage);
  const next = nextHint(store.state(), spec.id, spec.hints.length);
  if (!next) {
    const choice = await vscode.window.showInformationMessage(
      `You have seen all ${spec.hints.length} hints for "${spec.title}".`,
      'Show All Hints',
      'Compare with Solution…',
    );
    if (choice === 'Show All Hints') await showAllHints(spec, spec.hints.length);
    if (choice === 'Compare with Solution…') await compareWithSolution(study, spec, dir);
    return;
  }
  await store.recordHint(spec.id, next.index + 1);
  const more = next.index + 1 < spec.hints.length;
  const choice = await vscode.window.showInformationMessage(
    `Hint ${next.index + 1} of ${spec.hints.length} (${spec.title}): ${spec.hints[next.index]}`,
    ...(more ? ['Next Hint'] : ['Compare with Solution…']),
    'Show All Hints So Far',
  );
  if (choice === 'Next Hint') await showNextHint(study, spec, dir);
  if (choice === 'Compare with Solution…') await compareWithSolution(study, spec, dir);
  if (choice === 'Show All Hints So Far') await showAllHints(spec, next.index + 1);
}

async function showAllHints(spec: ExerciseSpec, count: number): Promise<void> {
  const text = [`# Hints: ${spec.title}`, '', ...spec.hints.slice(0, count).map((h, i) => `${i + 1}. ${h}`)].join('\n');
  await showReadOnlyMarkdown(`${spec.id}/Hints.md`, text, true);
}

export async function compareWithSolution(study: Study, spec: ExerciseSpec, dir: string): Promise<boolean> {
  const seen = hintsSeen(study, spec.id);
  const hintNote = seen < spec.hints.length ? ` You have seen ${seen} of ${spec.hints.length} hints; "Show Next Hint" gives a smaller step.` : '';
  const first = await vscode.window.showWarningMessage(
    `Compare your ${spec.stub} with the reference solution?`,
    { modal: true, detail: `Working it out yourself is where the learning happens.${hintNote}` },
    'Yes, Compare',
  );
  if (first !== 'Yes, Compare') return false;
  const second = await vscode.window.showWarningMessage(
    'Are you sure? A solution seen is hard to unsee.',
    { modal: true, detail: 'If you are stuck, try running the tests once more and reading the first failure: it says which case failed and what was expected.' },
    'Show the Solution',
  );
  if (second !== 'Show the Solution') return false;
  const mine = vscode.Uri.file(path.join(dir, spec.stub));
  const solution = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${spec.id}/${spec.stub}` });
  await vscode.commands.executeCommand('vscode.diff', mine, solution, `${spec.stub}: yours ↔ reference solution`);
  return true;
}
