// The VS Code side of the preflight (preflight.ts): the workspace's trust, its open documents and
// the interpreter, and how a blocked run is told to the learner. The test controller and Show My
// Model (whose playground reruns call it again) both go through `checkBeforeRun`.
import * as vscode from 'vscode';
import { problemMessage, showFix, type Interpreter } from './interpreter';
import { preflight, type PreflightBlocked, type PreflightEnv, type PreflightResult } from './preflight';

export function editorEnv(python: Interpreter): PreflightEnv {
  const open = (fsPath: string) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fsPath);
  return {
    trusted: () => vscode.workspace.isTrusted,
    documents: () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => ({ fsPath: d.uri.fsPath, isDirty: d.isDirty })),
    save: async (fsPath) => {
      const doc = open(fsPath);
      return !doc || !doc.isDirty || (await doc.save());
    },
    findPython: (modules, dir) => python.find(modules, vscode.Uri.file(dir)),
    describe: problemMessage,
  };
}

/** Says why nothing ran, with the action that fixes it. */
export function tellBlocked(b: PreflightBlocked): void {
  if (b.problem === 'restricted') {
    void vscode.window.showWarningMessage(`LLM Study: ${b.message}`, 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  } else if (b.problem === 'python') {
    void showFix(b.probe);
  } else {
    void vscode.window.showErrorMessage(`LLM Study: ${b.message}`);
  }
}

/** Trust, save, Python; a blocked run is told to the learner unless `quiet`. */
export async function checkBeforeRun(python: Interpreter, dir: string, requires: readonly string[], o: { quiet?: boolean } = {}): Promise<PreflightResult> {
  const r = await preflight(editorEnv(python), dir, requires);
  if (!r.ok && !o.quiet) tellBlocked(r);
  return r;
}
