// "Show My Model": runs the learner's function on the tiny GPT's weights (a small Python driver
// in media/exercises/) and shows their attention patterns or next-token distribution beside the
// real model's, with the share of values that match.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { isMessage } from '../webviews/protocol';
import { settings } from './folders';
import { showFix, type Interpreter } from './interpreter';
import type { CompareState, ModelComparison, OpenPlaygroundMessage, RerunMessage } from './protocol';
import { runProcess } from './runner';
import type { ExerciseSpec } from './spec';
import { RESTRICTED } from './testController';

const PREFIX = 'LLMSTUDY_MODEL ';
export const DEFAULT_PROMPT = 'ROMEO:\nBut soft, what light';

/** Where the tiny GPT's weights are: the extension's media/model, or LLM_STUDY_MODEL_DIR for tests. */
export function modelDir(study: Study): string | undefined {
  const candidates = [process.env.LLM_STUDY_MODEL_DIR, path.join(study.extensionUri.fsPath, 'media', 'model')];
  return candidates.find((d): d is string => !!d && fs.existsSync(path.join(d, 'weights.npz')));
}

export async function compareWithModel(study: Study, python: string, spec: ExerciseSpec, dir: string, model: string, prompt: string): Promise<ModelComparison> {
  const driver = path.join(study.extensionUri.fsPath, 'media', 'exercises', 'show_my_model.py');
  const smm = spec.showMyModel!;
  const proc = runProcess({
    command: python,
    args: ['-X', 'utf8', driver, '--exercise-dir', dir, '--module', spec.stub.replace(/\.py$/, ''), '--function', smm.function,
      '--kind', smm.kind, '--model-dir', model, '--prompt', prompt],
    cwd: dir,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs: settings().timeoutSeconds * 1000,
  });
  const r = await proc.result;
  const line = r.stdout.split('\n').find((l) => l.startsWith(PREFIX));
  if (!line) {
    const why = r.timedOut ? `it ran for more than ${settings().timeoutSeconds} s and was stopped` : r.spawnError ?? r.stderr.trim().split('\n').slice(-2).join(' ');
    throw new Error(`Show My Model failed: ${why || `exit ${r.code}`}`);
  }
  return JSON.parse(line.slice(PREFIX.length)) as ModelComparison;
}

let panel: vscode.WebviewPanel | undefined;

export async function showMyModel(study: Study, interpreter: Interpreter, spec: ExerciseSpec, dir: string, prompt = DEFAULT_PROMPT): Promise<ModelComparison | undefined> {
  if (!spec.showMyModel) {
    void vscode.window.showInformationMessage(`"${spec.title}" has no model view; Show My Model works for the attention, multi-head attention and GPT forward exercises.`);
    return undefined;
  }
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(`LLM Study: ${RESTRICTED}`);
  const model = modelDir(study);
  if (!model) return void vscode.window.showWarningMessage('LLM Study: the tiny GPT\'s weights (media/model/weights.npz) are not in this install, so Show My Model cannot run.');
  const probe = await interpreter.find(spec.requires, vscode.Uri.file(dir));
  if (!probe.ok) return void showFix(probe);
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.fsPath.startsWith(dir + path.sep)) await doc.save();
  }
  let comparison: ModelComparison;
  try {
    comparison = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Running your model…' },
      () => compareWithModel(study, probe.path, spec, dir, model, prompt));
  } catch (e) {
    return void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
  }
  render(study, spec, dir, interpreter, { title: spec.title, comparison });
  return comparison;
}

function render(study: Study, spec: ExerciseSpec, dir: string, interpreter: Interpreter, state: CompareState): void {
  if (!panel) {
    panel = vscode.window.createWebviewPanel('llmStudy.showMyModel', 'My Model vs the Tiny GPT', vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: webviewRoots(study.extensionUri),
    });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = `My Model: ${spec.title}`;
  panel.webview.html = webviewHtml({ webview: panel.webview, extensionUri: study.extensionUri, bundle: 'exercises', title: panel.title, initialState: state });
  // One listener per render: the panel is re-rendered for each run, with this exercise's context.
  const sub = panel.webview.onDidReceiveMessage((m: unknown) => {
    if (isMessage<RerunMessage>(m, 'rerun') && typeof m.prompt === 'string') {
      sub.dispose();
      void showMyModel(study, interpreter, spec, dir, m.prompt.slice(0, 256) || DEFAULT_PROMPT);
    } else if (isMessage<OpenPlaygroundMessage>(m, 'openPlayground')) {
      const preset = state.comparison.kind === 'logits' ? 'generate' : 'attention';
      void vscode.commands.executeCommand('llmStudy.openPlayground', preset).then(undefined, () =>
        vscode.window.showInformationMessage('LLM Study: the playground is not available in this build.'));
    }
  });
  panel.onDidDispose(() => sub.dispose());
  panel.reveal(undefined, true);
}
