// Which Python runs the exercises: the Python extension's active environment (through its API,
// without depending on it), else `llmStudy.pythonPath`, else python3/python on PATH. What is
// missing is said in a message whose "How to Fix" action opens the steps.
import * as vscode from 'vscode';
import { settings } from './folders';
import { candidates, fixText, PythonFinder, type Probe } from './python';
import { showReadOnlyMarkdown } from './readOnlyDocs';

const PYTHON_EXTENSION = 'ms-python.python';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined };
}

async function fromPythonExtension(resource?: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await Promise.race([ext.activate(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
    const p = api?.environments?.getActiveEnvironmentPath(resource)?.path;
    // The extension answers "python" when it has nothing selected: no better than our own PATH search.
    return p && p !== 'python' ? p : undefined;
  } catch {
    return undefined;
  }
}

export class Interpreter implements vscode.Disposable {
  private readonly finder = new PythonFinder();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('llmStudy.pythonPath') || e.affectsConfiguration('python')) this.finder.clear();
      }),
    );
    const ext = vscode.extensions.getExtension(PYTHON_EXTENSION);
    if (ext) this.subs.push(vscode.extensions.onDidChange(() => this.finder.clear()));
  }

  clear(): void {
    this.finder.clear();
  }

  async find(modules: readonly string[], resource?: vscode.Uri): Promise<Probe> {
    const list = candidates({
      setting: settings().pythonPath || undefined,
      fromExtension: await fromPythonExtension(resource),
      environment: process.env.LLM_STUDY_PYTHON || undefined,
    });
    const t0 = performance.now();
    const probe = await this.finder.find(list, modules.length ? modules : ['numpy']);
    this.log.info(`python: ${probe.ok ? `${probe.path} (${probe.version}, ${probe.source})` : probe.detail} in ${(performance.now() - t0).toFixed(0)} ms`);
    return probe;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

export const HOW_TO_FIX = 'How to Fix';

export function problemMessage(p: Exclude<Probe, { ok: true }>): string {
  if (p.problem === 'no-module') {
    return `LLM Study: the exercise tests need ${p.module ?? 'numpy'}, which ${p.path} does not have. Install it, or set llmStudy.pythonPath to a Python that has it.`;
  }
  if (p.problem === 'not-found') return 'LLM Study: no Python found to run the exercise tests (Python 3.9+ with numpy is needed).';
  return `LLM Study: ${p.path} failed to start: ${p.detail}`;
}

export async function showFix(p: Exclude<Probe, { ok: true }>): Promise<void> {
  const choice = await vscode.window.showErrorMessage(problemMessage(p), HOW_TO_FIX, 'Open Settings');
  if (choice === HOW_TO_FIX) await openFixDocument(p);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'llmStudy.pythonPath');
}

export async function openFixDocument(p: Exclude<Probe, { ok: true }>): Promise<vscode.Uri> {
  return showReadOnlyMarkdown('How to fix Python.md', fixText(p));
}
