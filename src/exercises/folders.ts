// Where exercises live on disk: the learner's root folder (a setting, asked for once) and the
// shipped sources inside the extension. Everything else in the feature asks this module.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import type { ExerciseMeta } from '../shared/curriculum/model';
import { decodeSpec, RUNNER_FILE, type ExerciseSpec } from './spec';
import { resolveRootSetting, rootChoices } from '../util/exercisesRoot';
import { resetExercise, RootError, type ScaffoldSource } from './scaffold';
import { inCourseOrder } from './courseOrder';

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

/** The root from the setting (see resolveRootSetting), a RootError that says what is wrong with it, or undefined when unset. */
export function rootSetting(): string | RootError | undefined {
  const r = settings().root;
  if (!r) return undefined;
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  const resolved = resolveRootSetting(r, { home, workspace: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
  return 'root' in resolved ? resolved.root : new RootError(resolved.why);
}

export function configuredRoot(): string | undefined {
  const r = rootSetting();
  return typeof r === 'string' ? r : undefined;
}

/** Says what is wrong with the exercises folder, in a message and in the LLM Study log, with the setting one click away. */
export function reportRootProblem(study: Study, e: RootError): void {
  study.log.error(e.message);
  void vscode.window.showErrorMessage(`LLM Study: ${e.message}`, 'Open Settings').then((c) => {
    if (c === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'llmStudy.exercises.root');
  });
}

/**
 * The root, asking the learner once (a folder of its own in their home or the open folder, or one
 * they pick) and remembering it in their user settings. The folder is made here, so the learner
 * sees it exist before the first exercise is written into it.
 */
export async function ensureRoot(study: Study): Promise<string | undefined> {
  const existing = rootSetting();
  if (existing instanceof RootError) return void reportRootProblem(study, existing);
  if (existing) return existing;
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri;
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  const choice = await vscode.window.showQuickPick(rootChoices({ home, workspace: ws?.fsPath }), {
    title: 'LLM Study: where should your exercises go?',
    placeHolder: 'Each exercise gets its own subfolder; training runs go beside them. Change it later in the llmStudy.exercises.root setting.',
    ignoreFocusOut: true,
  });
  if (!choice) return undefined;
  let setting = choice.setting;
  if (!setting) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Keep Exercises Here',
      title: 'LLM Study: choose a folder for your exercises (each exercise gets its own subfolder)',
      defaultUri: ws,
    });
    if (!picked?.[0]) return undefined;
    setting = picked[0].fsPath;
  }
  const resolved = resolveRootSetting(setting, { home, workspace: ws?.fsPath });
  if ('why' in resolved) return void reportRootProblem(study, new RootError(resolved.why));
  try {
    fs.mkdirSync(resolved.root, { recursive: true });
  } catch (e) {
    return void reportRootProblem(study, new RootError(`the exercises folder ${resolved.root} could not be made: ${e instanceof Error ? e.message : String(e)}`));
  }
  await vscode.workspace.getConfiguration(SECTION).update('exercises.root', setting, vscode.ConfigurationTarget.Global);
  study.log.info(`exercises folder: ${resolved.root} (llmStudy.exercises.root = ${setting})`);
  return resolved.root;
}

/** The exercises the course lists (read on their own by createStudy when the course failed to load). */
export function exerciseMetas(study: Study): Map<string, ExerciseMeta> {
  return study.curriculum.exercises;
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
    inCourseOrder(study.curriculum.course, started.map((e) => ({ id: e.spec.id, e }))).map(({ e }) => ({ label: e.spec.title, description: study.progress.isDone(e.spec.id) ? 'done' : '', detail: e.dir, e })),
    { title, placeHolder: 'Which exercise?' },
  );
  return pick?.e;
}

/** Open documents of files in an exercise folder. */
function openDocuments(dir: string): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => {
    if (d.isClosed || d.uri.scheme !== 'file') return false;
    const rel = path.relative(dir, d.uri.fsPath);
    return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

/** Whether the editor's text is not what the file holds now (line endings aside). */
function differsFromDisk(doc: vscode.TextDocument): boolean {
  let disk: string;
  try {
    disk = fs.readFileSync(doc.uri.fsPath, 'utf8');
  } catch {
    return false; // the reset removed it: nothing to show in its place
  }
  return disk.replace(/\r\n/g, '\n') !== doc.getText().replace(/\r\n/g, '\n');
}

/**
 * Reverts documents to what is on disk now. The API has no revert, so each is made active and the
 * workbench's Revert File runs on it. Without this, a dirty editor keeps the old text; a saved
 * one waits for the file watcher, which code-server was seen to miss (2 resets in 4: the old code
 * stayed on screen), and in both the next save fails with "the content of the file is newer",
 * whose Overwrite would put the old code back. The editor that was active is shown again after.
 */
async function revertDocuments(docs: readonly vscode.TextDocument[]): Promise<void> {
  const active = vscode.window.activeTextEditor;
  let moved = false;
  for (const doc of docs) {
    if (doc.isClosed) continue;
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    moved = true;
  }
  if (moved && active && !active.document.isClosed) await vscode.window.showTextDocument(active.document, { viewColumn: active.viewColumn, preview: false });
}

/**
 * Reset as the learner sees it: the editor's unsaved texts go into the backup with the files on
 * disk, then every open editor of the folder that does not show its reset file is reverted.
 */
export async function resetWithEditors(study: Study, spec: ExerciseSpec, root: string): Promise<string | undefined> {
  const dir = path.join(root, spec.id);
  const open = openDocuments(dir);
  const dirty = open.filter((d) => d.isDirty);
  const unsaved = new Map(dirty.map((d) => [path.relative(dir, d.uri.fsPath), d.getText()]));
  const { backup, result } = resetExercise(sourceFor(study, spec), root, new Date(), unsaved);
  for (const w of result.warnings) study.log.warn(`exercise ${spec.id}: ${w}`);
  await revertDocuments(open.filter((d) => d.isDirty || differsFromDisk(d)));
  study.log.info(`exercise ${spec.id}: reset; backup in ${backup ?? '(nothing to back up)'}${unsaved.size ? ` with unsaved editor text of ${[...unsaved.keys()].join(', ')}` : ''}`);
  return backup;
}
