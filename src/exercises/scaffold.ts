// Writing an exercise into the learner's folder, backing it up and resetting it. Pure Node (no
// `vscode`) so unit tests cover the one promise that matters most: a learner's work is never
// overwritten without a backup.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { learnerFiles, RUNNER_FILE, RUNNER_MARK, RUNNER_PACKAGE, type DataFile, type ExerciseSpec } from './spec';

export const BACKUP_DIR = '.llm-study-backups';
/** Inside a backup: the text the editor held but had not saved (autosave off), beside the files on disk. */
export const UNSAVED_DIR = 'unsaved-in-editor';

/** Paths relative to the exercise folder, mapped to the editor's unsaved text. */
export type UnsavedTexts = ReadonlyMap<string, string>;

/** A problem with the exercises folder itself, in words a learner can act on. */
export class RootError extends Error {}

const SETTING_HINT = 'the "LLM Study › Exercises: Root" setting (llmStudy.exercises.root)';

const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Whether a failed write means the root cannot be written (a read-only mount, no permission). */
function isReadOnly(e: unknown, root: string): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && READ_ONLY_CODES.has(code)) return true;
  // Node's recursive mkdir can report ENOENT on a read-only mount; ask the folder itself.
  try {
    fs.accessSync(root, fs.constants.W_OK);
    return false;
  } catch (a) {
    return READ_ONLY_CODES.has((a as NodeJS.ErrnoException).code ?? '');
  }
}

export function readOnlyMessage(root: string): string {
  return `The exercises folder ${root} is read-only: choose another with ${SETTING_HINT}.`;
}

/** Runs a write; a read-only root becomes a RootError that says so, anything else is rethrown. */
function writing<T>(root: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isReadOnly(e, root)) throw new RootError(readOnlyMessage(root));
    throw e;
  }
}

function sameBytes(a: string, b: string): boolean {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

export interface ScaffoldSource {
  spec: ExerciseSpec;
  /** curriculum/exercises/<id> inside the extension. */
  exerciseDir: string;
  /** curriculum/exercises/_runner/llmstudy_test.py; the rest of the runner is in its folder (runnerFiles). */
  runnerPath: string;
  /** The extension's root, for data entries with `copyFrom`. */
  extensionRoot: string;
  /** $LLM_STUDY_DATA: a folder or file with local copies of downloadable data. */
  localData?: string;
}

export interface ScaffoldResult {
  dir: string;
  /** True when the folder did not exist before. */
  created: boolean;
  written: string[];
  /** Files that were already there and were left alone. */
  kept: string[];
  /** Data files still missing that have a public source to download from. */
  toDownload: DataFile[];
  /** Data files that could be found nowhere (e.g. the model is not built into this install). */
  missing: DataFile[];
  /** What went wrong without stopping the exercise from opening (an old runner left in a read-only folder). */
  warnings: string[];
  /** Where the learner's files that stood in the runner's place were copied before it replaced them. */
  backup?: string;
}

function copyIfAbsent(from: string, to: string, overwrite: boolean): boolean {
  if (!overwrite && fs.existsSync(to)) return false;
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // COPYFILE_EXCL closes the window between the check and the copy: a file that appeared in the
  // meantime (the learner saving) is kept rather than overwritten.
  fs.copyFileSync(from, to, overwrite ? 0 : fs.constants.COPYFILE_EXCL);
  return true;
}

function localCopy(d: DataFile, localData: string | undefined): string | undefined {
  if (!localData) return undefined;
  try {
    if (fs.statSync(localData).isFile()) return path.basename(localData) === d.file ? localData : undefined;
    const p = path.join(localData, d.file);
    return fs.existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the exercise into `dir`. Files that exist are kept unless `overwrite` (used only by reset,
 * after a backup); data files are never overwritten since they are not the learner's work. An
 * exercise that is complete on disk is opened without writing anything, so a read-only folder
 * still opens what the learner already has.
 */
export function scaffoldExercise(src: ScaffoldSource, dir: string, overwrite = false): ScaffoldResult {
  const root = path.dirname(dir);
  const created = !fs.existsSync(dir);
  if (created) writing(root, () => fs.mkdirSync(dir, { recursive: true }));
  const result: ScaffoldResult = { dir, created, written: [], kept: [], toDownload: [], missing: [], warnings: [] };
  const note = (name: string, wrote: boolean) => (wrote ? result.written : result.kept).push(name);
  for (const name of learnerFiles(src.spec)) {
    note(name, writing(root, () => copyIfAbsent(path.join(src.exerciseDir, name), path.join(dir, name), overwrite)));
  }
  syncRunner(path.dirname(src.runnerPath), src.spec.id, dir, result);
  for (const d of src.spec.data) {
    const to = path.join(dir, d.file);
    if (fs.existsSync(to)) {
      result.kept.push(d.file);
      continue;
    }
    const from = d.copyFrom ? path.join(src.extensionRoot, d.copyFrom) : localCopy(d, src.localData);
    if (from && fs.existsSync(from)) {
      try {
        writing(root, () => copyIfAbsent(from, to, false));
        result.written.push(d.file);
      } catch (e) {
        // Data is not the learner's work: without it some tests skip, the exercise still opens.
        if (!(e instanceof RootError)) throw e;
        result.warnings.push(`${d.file} could not be copied (the folder is read-only); the tests that need it will be skipped.`);
        result.missing.push(d);
      }
    } else if (d.source) result.toDownload.push(d);
    else result.missing.push(d);
  }
  return result;
}

/**
 * The runner's files, relative to its folder (curriculum/exercises/_runner/) and to an exercise
 * folder alike: the package's modules, then the entry file. That is also the order they are copied
 * in: a folder whose update stops halfway keeps its old entry file, and an entry file from before
 * the package existed runs on its own.
 */
export function runnerFiles(runnerDir: string): string[] {
  const modules = fs.readdirSync(path.join(runnerDir, RUNNER_PACKAGE)).filter((n) => n.endsWith('.py')).sort();
  return [...modules.map((n) => `${RUNNER_PACKAGE}/${n}`), RUNNER_FILE];
}

/** A plain copy of the runner into `dir`, for throwaway exercises (check:exercises, tests). */
export function copyRunner(runnerDir: string, dir: string): void {
  for (const rel of runnerFiles(runnerDir)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(runnerDir, rel), path.join(dir, rel));
  }
}

/** Whether `file` is a runner file of ours (any version), not a learner's file by the same name. */
function isRunnerFile(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').startsWith(RUNNER_MARK);
  } catch {
    return false; // a folder, or unreadable: not something we wrote
  }
}

/**
 * Of the runner paths about to be written, those where the learner has something of their own: a
 * file or folder named like the package, or a file inside it that we did not write. llmstudy_test.py
 * is always ours (every version of it), so it is never among them.
 */
function learnersInTheWay(dir: string, stale: string[]): string[] {
  const pkg = path.join(dir, RUNNER_PACKAGE);
  if (fs.existsSync(pkg) && !fs.statSync(pkg).isDirectory()) return [RUNNER_PACKAGE];
  return stale.filter((rel) => rel !== RUNNER_FILE && fs.existsSync(path.join(dir, rel)) && !isRunnerFile(path.join(dir, rel)));
}

/**
 * The runner is ours, not the learner's: keep it current so runner fixes reach old exercises (a
 * folder from before the runner had a package holds llmstudy_test.py alone and gets the package),
 * copy only what differs, and when a file that is there cannot be replaced, run with the copy
 * there and say so. Whatever of the learner's stands in the runner's place is backed up first.
 */
function syncRunner(runnerDir: string, id: string, dir: string, result: ScaffoldResult): void {
  const root = path.dirname(dir);
  const files = runnerFiles(runnerDir);
  const stale = files.filter((rel) => !sameBytes(path.join(runnerDir, rel), path.join(dir, rel)));
  result.kept.push(...files.filter((rel) => !stale.includes(rel)));
  if (!stale.length) return;
  const hasRunner = fs.existsSync(path.join(dir, RUNNER_FILE));
  let rel = '';
  try {
    const inTheWay = learnersInTheWay(dir, stale);
    if (inTheWay.length) {
      result.backup = backupPaths(root, id, dir, inTheWay);
      result.warnings.push(`Your ${inTheWay.join(', ')} stood where LLM Study's test runner goes (${RUNNER_PACKAGE}/); a copy is in ${result.backup}.`);
      if (inTheWay[0] === RUNNER_PACKAGE) fs.rmSync(path.join(dir, RUNNER_PACKAGE));
    }
    for (rel of stale) {
      copyIfAbsent(path.join(runnerDir, rel), path.join(dir, rel), true);
      result.written.push(rel);
    }
  } catch (e) {
    if (!hasRunner) throw isReadOnly(e, root) ? new RootError(readOnlyMessage(root)) : e;
    const why = isReadOnly(e, root) ? 'the folder is read-only' : e instanceof Error ? e.message : String(e);
    result.warnings.push(`${rel || RUNNER_FILE} could not be updated (${why}); the tests run with the copy already there.`);
    result.kept.push(...stale.filter((f) => !result.written.includes(f)));
  }
}

/** Copies `rels` (paths in `dir`) into a new backup folder, before something of ours takes their place. */
function backupPaths(root: string, id: string, dir: string, rels: string[]): string {
  const target = newBackupDir(root, id, new Date());
  for (const rel of rels) fs.cpSync(path.join(dir, rel), path.join(target, rel), { recursive: true });
  return target;
}

/** `<root>/.llm-study-backups/<id>-<stamp>`, with `-2`, `-3`... when that one exists. */
function newBackupDir(root: string, id: string, now: Date): string {
  let target = path.join(root, BACKUP_DIR, `${id}-${stamp(now)}`);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(root, BACKUP_DIR, `${id}-${stamp(now)}-${n}`);
  return target;
}

/** `2025-01-31T12-00-05` : sortable, and legal in a file name on every OS. */
export function stamp(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/:/g, '-');
}

/**
 * Copies the learner's exercise folder to `<root>/.llm-study-backups/<id>-<stamp>/` (without data
 * files and caches, which are not their work), and the editor's unsaved texts into its
 * `unsaved-in-editor/` folder. Returns the backup's path, or undefined when there was nothing to
 * back up.
 */
export function backupExercise(root: string, spec: ExerciseSpec, now = new Date(), unsaved: UnsavedTexts = new Map()): string | undefined {
  const dir = path.join(root, spec.id);
  // Only paths inside the exercise folder: a key is written under the backup, never elsewhere.
  const texts = [...unsaved].filter(([rel]) => rel && !path.isAbsolute(rel) && !rel.split(/[\\/]/).includes('..'));
  if (!fs.existsSync(dir) && !texts.length) return undefined;
  const skip = new Set(spec.data.map((d) => d.file));
  const target = newBackupDir(root, spec.id, now);
  writing(root, () => {
    if (fs.existsSync(dir)) {
      fs.cpSync(dir, target, {
        recursive: true,
        filter: (from) => {
          const rel = path.relative(dir, from);
          return !(skip.has(rel) || rel.split(path.sep).includes('__pycache__'));
        },
      });
    }
    for (const [rel, text] of texts) {
      const file = path.join(target, UNSAVED_DIR, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  });
  return target;
}

/** Backs up (with the editor's unsaved texts), then puts the original files back. The learner's extra files stay (and are in the backup). */
export function resetExercise(src: ScaffoldSource, root: string, now = new Date(), unsaved: UnsavedTexts = new Map()): { backup?: string; result: ScaffoldResult } {
  const backup = backupExercise(root, src.spec, now, unsaved);
  const result = scaffoldExercise(src, path.join(root, src.spec.id), true);
  return { backup, result };
}

export interface Fetcher {
  (url: string, init: { signal: AbortSignal }): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}

/** Downloads a data file, checks its hash when one is known, and only then puts it in place. */
export async function downloadData(d: DataFile, dir: string, fetcher: Fetcher, timeoutMs = 30_000): Promise<void> {
  if (!d.source) throw new Error(`${d.file} has no download source`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetcher(d.source, { signal: abort.signal });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (d.sha256) {
      const got = createHash('sha256').update(bytes).digest('hex');
      if (got !== d.sha256) throw new Error(`the download's checksum does not match (got ${got.slice(0, 12)}…)`);
    }
    const tmp = path.join(dir, `.${d.file}.download`);
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, path.join(dir, d.file));
  } catch (e) {
    if (abort.signal.aborted) throw new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Copies a data file the learner picked by hand, after checking it is the expected one when a hash is known. */
export function adoptLocalData(d: DataFile, picked: string, dir: string): void {
  if (d.sha256) {
    const got = createHash('sha256').update(fs.readFileSync(picked)).digest('hex');
    if (got !== d.sha256) throw new Error(`${path.basename(picked)} is not the expected ${d.file} (its checksum differs)`);
  }
  fs.copyFileSync(picked, path.join(dir, d.file));
}

export const INLINE_SETTINGS: Record<string, unknown> = {
  'editor.inlineSuggest.enabled': false,
  'github.copilot.enable': { '*': false },
};

/**
 * Turns inline AI completions off in `<root>/.vscode/settings.json`, adding only the keys the
 * learner has not set. A file we cannot read as JSON (comments, a typo) is left alone.
 */
export function ensureNoInlineCompletions(root: string): 'written' | 'kept' | 'unreadable' {
  const file = path.join(root, '.vscode', 'settings.json');
  let current: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'unreadable';
      current = parsed as Record<string, unknown>;
    } catch {
      return 'unreadable';
    }
  }
  const missing = Object.keys(INLINE_SETTINGS).filter((k) => !(k in current));
  if (!missing.length) return 'kept';
  for (const k of missing) current[k] = INLINE_SETTINGS[k];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(current, null, 2) + '\n');
  return 'written';
}
