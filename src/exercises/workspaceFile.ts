// The exercise workspace: `<exercises root>/llm-study-exercises.code-workspace`, which opens the
// exercises root as a folder of its own, so the Explorer shows the learner's files, terminals
// start beside the file being edited and the Python extension has a folder to pick an interpreter
// for. Pure Node (no `vscode`). A file the learner has edited keeps every key they set: only keys
// missing are added, and the file as it was is copied to the backups folder first.
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_DIR, INLINE_SETTINGS, stamp } from './scaffold';

export const WORKSPACE_FILE = 'llm-study-exercises.code-workspace';
export const PYTHON_EXTENSION = 'ms-python.python';

export interface WorkspaceWishes {
  /** The Python LLM Study runs the tests with (absolute), when one was found. */
  python?: string;
  /** llmStudy.exercises.disableInlineCompletions: the exercises are for the learner's own hands. */
  noInlineCompletions: boolean;
}

type Json = Record<string, unknown>;

/** What LLM Study writes into a new workspace file. */
export function workspaceContent(w: WorkspaceWishes): Json {
  const settings: Json = {
    // The window opened on this file must find the exercises where they are, whatever the
    // learner's user setting says relative to another folder.
    'llmStudy.exercises.root': '${workspaceFolder}',
    ...(w.python ? { 'python.defaultInterpreterPath': w.python } : {}),
    'files.exclude': {
      '**/__pycache__': true,
      '**/*.pyc': true,
      '**/.pytest_cache': true,
      [BACKUP_DIR]: true,
    },
    ...(w.noInlineCompletions ? INLINE_SETTINGS : {}),
    // Resolved against the active editor when a terminal opens: the exercise's own folder. With
    // no file open VS Code falls back to the workspace folder.
    'terminal.integrated.cwd': '${fileDirname}',
  };
  return {
    folders: [{ path: '.', name: 'LLM Study exercises' }],
    settings,
    extensions: { recommendations: [PYTHON_EXTENSION] },
  };
}

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The learner's file with what is missing of ours added; their values always win. */
export function mergeWorkspace(theirs: Json, ours: Json): Json {
  const out: Json = { ...theirs };
  if (!Array.isArray(out.folders) || out.folders.length === 0) out.folders = ours.folders;
  const settings: Json = isRecord(theirs.settings) ? { ...theirs.settings } : {};
  for (const [k, v] of Object.entries(ours.settings as Json)) {
    if (!(k in settings)) settings[k] = v;
    else if (k === 'files.exclude' && isRecord(settings[k]) && isRecord(v)) settings[k] = { ...v, ...settings[k] };
  }
  out.settings = settings;
  const ext: Json = isRecord(theirs.extensions) ? { ...theirs.extensions } : {};
  const recs = Array.isArray(ext.recommendations) ? ext.recommendations : [];
  ext.recommendations = recs.includes(PYTHON_EXTENSION) ? recs : [...recs, PYTHON_EXTENSION];
  out.extensions = ext;
  return out;
}

export type WorkspacePlan =
  | { action: 'write'; text: string; backup: boolean }
  | { action: 'keep' }
  /** Not plain JSON (comments, a typo): left as it is. */
  | { action: 'unreadable'; reason: string };

const format = (j: Json) => `${JSON.stringify(j, null, 2)}\n`;

export function planWorkspace(existing: string | undefined, w: WorkspaceWishes): WorkspacePlan {
  const ours = workspaceContent(w);
  if (existing === undefined) return { action: 'write', text: format(ours), backup: false };
  let theirs: unknown;
  try {
    theirs = JSON.parse(existing);
  } catch (e) {
    return { action: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  }
  if (!isRecord(theirs)) return { action: 'unreadable', reason: 'it is not a JSON object' };
  const merged = mergeWorkspace(theirs, ours);
  if (JSON.stringify(merged) === JSON.stringify(theirs)) return { action: 'keep' };
  return { action: 'write', text: format(merged), backup: true };
}

export interface WorkspaceWritten {
  file: string;
  result: 'created' | 'updated' | 'kept' | 'unreadable';
  /** Where the learner's file was copied before it was changed. */
  backup?: string;
  reason?: string;
}

export function writeWorkspace(root: string, w: WorkspaceWishes, now = new Date()): WorkspaceWritten {
  const file = path.join(root, WORKSPACE_FILE);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const plan = planWorkspace(existing, w);
  if (plan.action === 'keep') return { file, result: 'kept' };
  if (plan.action === 'unreadable') return { file, result: 'unreadable', reason: plan.reason };
  let backup: string | undefined;
  if (plan.backup && existing !== undefined) {
    backup = path.join(root, BACKUP_DIR, `${WORKSPACE_FILE.replace(/\.code-workspace$/, '')}-${stamp(now)}.code-workspace`);
    fs.mkdirSync(path.dirname(backup), { recursive: true });
    fs.writeFileSync(backup, existing, { flag: 'wx' });
  }
  fs.mkdirSync(root, { recursive: true });
  // Written beside and renamed over, so a full disk never leaves half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, plan.text);
  fs.renameSync(tmp, file);
  return { file, result: existing === undefined ? 'created' : 'updated', backup };
}
