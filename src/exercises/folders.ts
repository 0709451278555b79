// Where exercises live on disk: the learner's root folder (a setting, asked for once) and the
// shipped sources inside the extension. Everything else in the feature asks this module.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { readExercises } from '../curriculum/load';
import type { ExerciseMeta } from '../curriculum/model';
import { decodeSpec, RUNNER_FILE, type ExerciseSpec } from './spec';
import type { ScaffoldSource } from './scaffold';

export const SECTION = 'llmStudy';

export function settings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    root: c.get<string>('exercises.root', '').trim(),
    pythonPath: c.get<string>('pythonPath', '').trim(),
    timeoutSeconds: Math.max(1, c.get<number>('exercises.testTimeoutSeconds', 60)),
    disableInlineCompletions: c.get<boolean>('exercises.disableInlineCompletions', true),
  };
}

/** `~`, `${userHome}` and `${workspaceFolder}` in the setting, since learners type them. */
export function expandRoot(root: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? home;
  return path.resolve(root.replace(/^~(?=$|[\\/])/, home).replace(/\$\{userHome\}/g, home).replace(/\$\{workspaceFolder\}/g, ws));
}

export function configuredRoot(): string | undefined {
  const r = settings().root;
  return r ? expandRoot(r) : undefined;
}

/** The root, asking the learner once with a folder picker and remembering it in their user settings. */
export async function ensureRoot(): Promise<string | undefined> {
  const existing = configuredRoot();
  if (existing) return existing;
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: 'Keep Exercises Here',
    title: 'LLM Study: choose a folder for your exercises (each exercise gets its own subfolder)',
    defaultUri: ws,
  });
  if (!picked?.[0]) return undefined;
  await vscode.workspace.getConfiguration(SECTION).update('exercises.root', picked[0].fsPath, vscode.ConfigurationTarget.Global);
  return picked[0].fsPath;
}

let fallback: Map<string, ExerciseMeta> | undefined;

/**
 * The exercises the course lists; when the course itself failed to load (a broken course.json),
 * the exercise folders are read on their own so exercises keep working.
 */
export function exerciseMetas(study: Study): Map<string, ExerciseMeta> {
  if (study.curriculum.exercises.size) return study.curriculum.exercises;
  if (!fallback) {
    try {
      fallback = new Map(readExercises(study.curriculumRoot).map((e) => [e.id, e]));
    } catch (e) {
      study.log.error(`exercises could not be read: ${e instanceof Error ? e.message : e}`);
      fallback = new Map();
    }
  }
  return fallback;
}

export function specFor(study: Study, id: string): ExerciseSpec | string {
  const meta = exerciseMetas(study).get(id);
  if (!meta) return `there is no exercise "${id}"`;
  return decodeSpec(meta);
}

export function readySpecs(study: Study): ExerciseSpec[] {
  return [...exerciseMetas(study).values()].flatMap((m) => {
    const s = decodeSpec(m);
    return typeof s === 'string' ? [] : [s];
  });
}

export function sourceFor(study: Study, spec: ExerciseSpec): ScaffoldSource {
  return {
    spec,
    exerciseDir: path.join(study.curriculumRoot, 'exercises', spec.id),
    runnerPath: path.join(study.curriculumRoot, 'exercises', '_runner', RUNNER_FILE),
    extensionRoot: study.extensionUri.fsPath,
    localData: process.env.LLM_STUDY_DATA || undefined,
  };
}

/** Exercises the learner has started: folders under the root named like an exercise, with the runner. */
export function startedExercises(study: Study): { spec: ExerciseSpec; dir: string }[] {
  const root = configuredRoot();
  if (!root) return [];
  return readySpecs(study)
    .map((spec) => ({ spec, dir: path.join(root, spec.id) }))
    .filter((e) => fs.existsSync(path.join(e.dir, RUNNER_FILE)));
}

/** The started exercise a file belongs to (its folder is `<root>/<id>/`). */
export function exerciseOf(study: Study, uri: vscode.Uri | undefined): { spec: ExerciseSpec; dir: string } | undefined {
  if (!uri || uri.scheme !== 'file') return undefined;
  const root = configuredRoot();
  if (!root) return undefined;
  const rel = path.relative(root, uri.fsPath);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const id = rel.split(path.sep)[0];
  return startedExercises(study).find((e) => e.spec.id === id);
}

/** Commands get an id from the palette, CodeLens and lessons, but a tree node from the sidebar's context menu. */
export function exerciseIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const ex = typeof arg === 'object' && arg !== null ? (arg as { exercise?: { id?: unknown } }).exercise : undefined;
  return typeof ex?.id === 'string' ? ex.id : undefined;
}

/** The exercise of the active editor, else one the learner picks among the started ones. */
export async function pickStarted(study: Study, arg: unknown, title: string): Promise<{ spec: ExerciseSpec; dir: string } | undefined> {
  const started = startedExercises(study);
  const id = exerciseIdOf(arg);
  if (id) {
    const e = started.find((s) => s.spec.id === id);
    if (!e) void vscode.window.showWarningMessage(`LLM Study: "${id}" is not started yet. Run "LLM Study: Start Exercise" first.`);
    return e;
  }
  const fromEditor = exerciseOf(study, vscode.window.activeTextEditor?.document.uri);
  if (fromEditor) return fromEditor;
  if (!started.length) {
    void vscode.window.showInformationMessage('LLM Study: no exercise started yet. Run "LLM Study: Start Exercise" first.');
    return undefined;
  }
  if (started.length === 1) return started[0];
  const pick = await vscode.window.showQuickPick(
    started.map((e) => ({ label: e.spec.title, description: study.progress.isDone(e.spec.id) ? 'done' : '', detail: e.dir, e })),
    { title, placeHolder: 'Which exercise?' },
  );
  return pick?.e;
}
