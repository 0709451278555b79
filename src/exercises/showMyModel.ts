// "Show My Model": runs the learner's function on the tiny GPT's weights (a small Python driver
// in media/exercises/) and shows their attention patterns or next-token distribution in the
// playground, beside what the real model computes there, with the share of values that match.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { settings } from './folders';
import type { Interpreter } from './interpreter';
import type { ModelComparison } from '../shared/protocols/exercises';
import { runProcess } from './runner';
import type { ExerciseSpec } from './spec';
import { checkBeforeRun } from './preflightEditor';

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

export async function showMyModel(study: Study, interpreter: Interpreter, spec: ExerciseSpec, dir: string, prompt = DEFAULT_PROMPT): Promise<ModelComparison | undefined> {
  if (!spec.showMyModel) {
    void vscode.window.showInformationMessage(`"${spec.title}" has no model view; Show My Model works for the attention, multi-head attention and GPT forward exercises.`);
    return undefined;
  }
  const ready = await checkBeforeRun(interpreter, dir, spec.requires);
  if (!ready.ok) return undefined;
  const probe = ready.python;
  const model = modelDir(study);
  if (!model) return void vscode.window.showWarningMessage('LLM Study: the tiny GPT\'s weights (media/model/weights.npz) are not in this install, so Show My Model cannot run.');
  let comparison: ModelComparison;
  try {
    comparison = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Running your model…' },
      () => compareWithModel(study, probe.path, spec, dir, model, prompt));
  } catch (e) {
    return void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
  }
  // The playground runs media/model; when the learner's code ran on those same weights, the
  // webview scores it against onnxruntime's own output, else against the driver's numpy reference.
  const playground = study.ports.playground;
  if (!playground) return void vscode.window.showErrorMessage('LLM Study: the playground is not available, so Show My Model has nowhere to show your results.');
  const live = path.resolve(model) === path.resolve(playground.defaultModelDir());
  playground.showMine({ exercise: spec.title, comparison, live }, (p) =>
    void showMyModel(study, interpreter, spec, dir, p || DEFAULT_PROMPT).then((r) => {
      if (!r) playground.mineFailed('Your code did not run; the notification says why.');
    }));
  return comparison;
}
