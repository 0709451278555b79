// "Show My Model": runs the learner's function on the tiny GPT's weights (a small Python driver
// in media/exercises/) and shows their attention patterns or next-token distribution in the
// playground, beside what the real model computes there, with the share of values that match.
// The driver's numpy model is the gpt-forward exercise's reference solution (shipped under
// curriculum/), so the learner is compared with the functions their exercises teach.
// Exercises whose functions fit no common shape (patching's heatmap, kv-cache's cached decode,
// rope's scores) have their own show_my_model.py beside exercise.json; the playground computes
// the model's side itself.
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Study } from '../study';
import { settings } from './folders';
import type { Interpreter } from './interpreter';
import type { ModelComparison } from '../shared/protocols/exercises';
import { decodeOwnResult, type OwnResult } from '../shared/protocols/playground';
import { runProcess } from './runner';
import type { ExerciseSpec, ShowMyModelKind } from './spec';
import { checkBeforeRun } from './preflightEditor';

const PREFIX = 'LLMSTUDY_MODEL ';
export const DEFAULT_PROMPT = 'ROMEO:\nBut soft, what light';

/**
 * The patching exercise's pair, the playground's induction demo in miniature: 16 characters, then
 * their first 9 again; the corrupted prompt changes the 10th character (H -> O), so at the end the
 * clean run copies H and the corrupted one O. On the tiny GPT layer 1 head 1 restores 0.88 of it.
 */
export const PATCH_PAIR = { clean: 'wcftZlpC&HGru TowcftZlpC&', corrupted: 'wcftZlpC&OGru TowcftZlpC&', good: 'H', bad: 'O' } as const;

/** Kinds run by the exercise's own show_my_model.py rather than media/exercises/show_my_model.py. */
const OWN_KINDS: readonly ShowMyModelKind[] = ['head-patching', 'cached-next', 'rope-scores'];
export const hasOwnScript = (spec: ExerciseSpec): boolean => !!spec.showMyModel && OWN_KINDS.includes(spec.showMyModel.kind);

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
  return JSON.parse(resultLine(await proc.result)) as ModelComparison;
}

/** The line a driver printed after PREFIX, or an error that says why there is none. */
function resultLine(r: { stdout: string; stderr: string; timedOut: boolean; spawnError?: string; code: number | null }): string {
  const line = r.stdout.split('\n').find((l) => l.startsWith(PREFIX));
  if (!line) {
    const why = r.timedOut ? `it ran for more than ${settings().timeoutSeconds} s and was stopped` : r.spawnError ?? r.stderr.trim().split('\n').slice(-2).join(' ');
    throw new Error(`Show My Model failed: ${why || `exit ${r.code}`}`);
  }
  return line.slice(PREFIX.length);
}

/** Runs curriculum/exercises/<id>/show_my_model.py on the learner's folder and checks what it printed. */
export async function runOwnScript(study: Study, python: string, spec: ExerciseSpec, dir: string, model: string, prompt: string): Promise<OwnResult> {
  const script = path.join(study.extensionUri.fsPath, 'curriculum', 'exercises', spec.id, 'show_my_model.py');
  const smm = spec.showMyModel!;
  const extra = smm.kind === 'head-patching'
    ? ['--clean', PATCH_PAIR.clean, '--corrupted', PATCH_PAIR.corrupted, '--good', PATCH_PAIR.good, '--bad', PATCH_PAIR.bad]
    : ['--prompt', prompt];
  const proc = runProcess({
    command: python,
    args: ['-X', 'utf8', script, '--exercise-dir', dir, '--module', spec.stub.replace(/\.py$/, ''), '--function', smm.function, '--model-dir', model, ...extra],
    cwd: dir,
    // One BLAS thread: the sweeps are many small products, which threads only slow down.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    timeoutMs: settings().timeoutSeconds * 1000,
  });
  const r = await proc.result;
  let raw: unknown;
  try {
    raw = JSON.parse(resultLine(r));
  } catch (e) {
    throw e instanceof SyntaxError ? new Error('Show My Model failed: the script printed a line that is not JSON') : e;
  }
  const own = decodeOwnResult(raw);
  if (typeof own === 'string') throw new Error(`Show My Model failed: its result was refused (${own})`);
  if (own.kind !== smm.kind) throw new Error(`Show My Model failed: the script reported ${own.kind}, not ${smm.kind}`);
  return own;
}

export async function showMyModel(study: Study, interpreter: Interpreter, spec: ExerciseSpec, dir: string, prompt = DEFAULT_PROMPT): Promise<ModelComparison | OwnResult | undefined> {
  if (!spec.showMyModel) {
    void vscode.window.showInformationMessage(`"${spec.title}" has no model view; Show My Model works for the attention, multi-head attention, GPT forward, KV cache, RoPE and patching exercises.`);
    return undefined;
  }
  const ready = await checkBeforeRun(interpreter, dir, spec.requires);
  if (!ready.ok) return undefined;
  const probe = ready.python;
  const model = modelDir(study);
  if (!model) return void vscode.window.showWarningMessage('LLM Study: the tiny GPT\'s weights (media/model/weights.npz) are not in this install, so Show My Model cannot run.');
  let result: { comparison: ModelComparison } | { own: OwnResult };
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Running your model…' },
      async () => (hasOwnScript(spec)
        ? { own: await runOwnScript(study, probe.path, spec, dir, model, prompt) }
        : { comparison: await compareWithModel(study, probe.path, spec, dir, model, prompt) }));
  } catch (e) {
    return void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
  }
  // The playground runs media/model; when the learner's code ran on those same weights, the
  // webview scores it against onnxruntime's own output, else against the driver's numpy reference
  // (the gpt-forward solution).
  const playground = study.ports.playground;
  if (!playground) return void vscode.window.showErrorMessage('LLM Study: the playground is not available, so Show My Model has nowhere to show your results.');
  const live = path.resolve(model) === path.resolve(playground.defaultModelDir());
  playground.showMine({ exercise: spec.title, ...result, live }, (p) =>
    void showMyModel(study, interpreter, spec, dir, p || DEFAULT_PROMPT).then((r) => {
      if (!r) playground.mineFailed('Your code did not run; the notification says why.');
    }));
  return 'own' in result ? result.own : result.comparison;
}
