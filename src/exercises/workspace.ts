// LLM Study: Open Exercise Workspace. Writes the workspace file (workspaceFile.ts) in the
// exercises root, with the Python LLM Study found, and opens it in a new window or this one, as
// the learner chooses. Offered after Start Exercise too, while the exercises are loose files here.
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Study } from '../study';
import { ensureRoot, settings } from './folders';
import type { Interpreter } from './interpreter';
import { writeWorkspace, type WorkspaceWritten } from './workspaceFile';

export const OPEN_WORKSPACE = 'Open Exercise Workspace';

export interface WorkspaceOutcome extends WorkspaceWritten {
  python?: string;
  opened: 'new' | 'here' | 'none' | 'already';
}

/** The interpreter's own full path: the probe may have found a bare `python3` on PATH, which another window's PATH may not share. */
function absolutePython(python: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
      const p = stdout?.trim();
      resolve(!err && p && path.isAbsolute(p) ? p : python);
    });
  });
}

/** True when this window already shows the exercises root (the workspace file, or a folder holding it). */
export function showsExercises(root: string): boolean {
  if (vscode.workspace.workspaceFile?.scheme === 'file' && path.dirname(vscode.workspace.workspaceFile.fsPath) === root) return true;
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    const rel = path.relative(f.uri.fsPath, root);
    return f.uri.scheme === 'file' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

/** `arg.open` answers the question without asking (tests; 'none' writes the file only). */
export async function openExerciseWorkspace(study: Study, python: Interpreter, arg?: unknown): Promise<WorkspaceOutcome | undefined> {
  const asked = (arg as { open?: unknown } | undefined)?.open;
  const preset = (['new', 'here', 'none'] as const).find((o) => o === asked);
  const root = await ensureRoot(study);
  if (!root) return undefined;
  const probe = await python.find(['numpy'], vscode.Uri.file(root));
  const found = probe.ok ? await absolutePython(probe.path) : undefined;
  let written: WorkspaceWritten;
  try {
    written = writeWorkspace(root, { python: found, noInlineCompletions: settings().disableInlineCompletions });
  } catch (e) {
    const text = `LLM Study could not write the exercise workspace in ${root}: ${e instanceof Error ? e.message : e}`;
    study.log.error(text);
    return void vscode.window.showErrorMessage(text);
  }
  study.log.info(`exercise workspace ${written.file}: ${written.result}${written.backup ? ` (backup ${written.backup})` : ''}${found ? `, Python ${found}` : ', no Python found'}`);
  if (written.result === 'unreadable') {
    void vscode.window.showWarningMessage(`LLM Study left ${written.file} as it is: it is not plain JSON (${written.reason}), so its settings were not checked. It opens as you wrote it.`);
  } else if (written.backup) {
    void vscode.window.showInformationMessage(`LLM Study kept your settings in ${path.basename(written.file)} and added only what was missing; the file as it was is in ${written.backup}.`);
  }
  if (!found) void vscode.window.showWarningMessage('LLM Study: no Python with numpy was found, so the exercise workspace does not name an interpreter. Run Exercise Tests says how to fix it.');
  const outcome: WorkspaceOutcome = { ...written, python: found, opened: 'none' };
  if (vscode.workspace.workspaceFile?.scheme === 'file' && vscode.workspace.workspaceFile.fsPath === written.file) {
    void vscode.window.showInformationMessage('LLM Study: this window is the exercise workspace already.');
    return { ...outcome, opened: 'already' };
  }
  let choice = preset;
  if (!choice) {
    const picked = await vscode.window.showInformationMessage('Open the exercise workspace?', {
      modal: true,
      detail: `${written.file}\n\nIt opens your exercises folder with the Python LLM Study uses, caches and backups hidden, and terminals starting beside the file you are editing. Your started exercises and their tests are there too.`,
    }, 'New Window', 'This Window');
    choice = picked === 'New Window' ? 'new' : picked === 'This Window' ? 'here' : 'none';
  }
  if (choice === 'none') return outcome;
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(written.file), { forceNewWindow: choice === 'new' });
  return { ...outcome, opened: choice };
}
