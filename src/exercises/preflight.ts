// What must hold before any learner code runs (the tests, Show My Model, a rerun asked for from the
// playground): a trusted workspace, what the editors show saved to disk, and a Python with the
// exercise's modules. One step, so the callers cannot drift apart (they did: one saved only file
// editors, one checked Python before saving). Pure: the editor is reached through `PreflightEnv`,
// so the order and the messages are unit tested without VS Code.
import path from 'node:path';
import type { Probe } from './python';

export type FoundPython = Extract<Probe, { ok: true }>;
export type PythonProblem = Extract<Probe, { ok: false }>;

export const RESTRICTED = 'Running exercise tests starts Python on the code in your exercise folder, so it needs a trusted workspace. '
  + 'Trust this workspace (Manage Workspace Trust) to run them; reading and editing the exercise works in Restricted Mode.';

export type PreflightResult =
  | { ok: true; python: FoundPython }
  | { ok: false; problem: 'restricted'; message: string }
  | { ok: false; problem: 'unsaved'; message: string; files: string[] }
  | { ok: false; problem: 'python'; message: string; probe: PythonProblem };

export type PreflightBlocked = Exclude<PreflightResult, { ok: true }>;

/** An open editor's document, as far as the preflight needs it. */
export interface OpenDocument {
  /** Absolute path; only documents backed by a file on disk are listed. */
  fsPath: string;
  isDirty: boolean;
}

export interface PreflightEnv {
  trusted(): boolean;
  documents(): readonly OpenDocument[];
  /** Saves one open document; false when it could not be saved. */
  save(fsPath: string): Promise<boolean>;
  findPython(modules: readonly string[], dir: string): Promise<Probe>;
  /** Words for a Python problem (the interpreter's own message). */
  describe(p: PythonProblem): string;
}

/** The open documents with unsaved changes inside `dir` (not in a sibling that shares its name's start). */
export function dirtyUnder(docs: readonly OpenDocument[], dir: string): string[] {
  const inside = path.resolve(dir) + path.sep;
  return docs.filter((d) => d.isDirty && path.resolve(d.fsPath).startsWith(inside)).map((d) => d.fsPath);
}

/**
 * Trust first (nothing else is worth doing in Restricted Mode), then saving (the learner expects
 * what they see in the editor to be what runs), then Python. A file that will not save blocks the
 * run: the tests would judge an older version than the one on screen.
 */
export async function preflight(env: PreflightEnv, dir: string, requires: readonly string[]): Promise<PreflightResult> {
  if (!env.trusted()) return { ok: false, problem: 'restricted', message: RESTRICTED };
  const unsaved: string[] = [];
  for (const file of dirtyUnder(env.documents(), dir)) {
    if (!(await env.save(file))) unsaved.push(file);
  }
  if (unsaved.length) {
    const names = unsaved.map((f) => path.relative(dir, f)).join(', ');
    return {
      ok: false,
      problem: 'unsaved',
      files: unsaved,
      message: `${names} could not be saved, so your code was not run: it would run on the older version on disk. Save ${unsaved.length === 1 ? 'it' : 'them'} (File > Save) and try again.`,
    };
  }
  const probe = await env.findPython(requires, dir);
  if (!probe.ok) return { ok: false, problem: 'python', probe, message: env.describe(probe) };
  return { ok: true, python: probe };
}
