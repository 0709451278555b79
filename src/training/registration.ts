// Wires the training view: `LLM Study: Train a Tiny GPT` opens it; Start finds a Python with torch
// (nothing starts without one, or in an untrusted workspace), makes a fresh run folder under the
// learner's exercises root, and runs training/train.py there; a progress notification with Cancel
// stands in for the view while it is closed.
import * as vscode from 'vscode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { PRESETS, VIEW_TYPE, type DataChoice, type Preset, type ToHost } from '../shared/protocols/training';
import type { HostHandlers } from '../webviews/channel';
import { pickedChoices, pickedId, TrainingDataStore } from './dataStore';
import { findTorch, pythonCandidates } from './python';
import { expandRoot, isInside, latestRun, MINE_EXERCISE, mineProblem, newRunDir, RUNS_FOLDER } from './runs';
import { followRun } from './progress';
import { TrainingSession } from './session';
import { TrainingPanel } from './trainingPanel';

const config = () => vscode.workspace.getConfiguration('llmStudy');

/**
 * tiny Shakespeare (the llmStudy.training.data setting, $LLM_STUDY_DATA, or the checkout's
 * ../shared/data) and names.txt, where they are found.
 */
function knownData(study: Study): DataChoice[] {
  const shared = path.resolve(study.extensionUri.fsPath, '..', 'shared', 'data');
  const setting = config().get<string>('training.data', '').trim();
  const found: DataChoice[] = [];
  if (setting && fs.existsSync(setting)) found.push({ id: 'setting', label: path.basename(setting), path: setting });
  const shakespeare = [process.env.LLM_STUDY_DATA, path.join(shared, 'tinyshakespeare.txt'), path.join(study.extensionUri.fsPath, 'training', 'out', 'tinyshakespeare.txt')]
    .find((p) => p && fs.existsSync(p));
  if (shakespeare && shakespeare !== setting) found.push({ id: 'shakespeare', label: 'tiny Shakespeare', path: shakespeare });
  const names = path.join(shared, 'names.txt');
  if (fs.existsSync(names)) found.push({ id: 'names', label: 'names.txt (32,000 names)', path: names });
  return found;
}

/**
 * `<exercises root>/training-runs`: the root from the setting (relative to the workspace folder),
 * else the workspace folder, else (when `ask`) a folder the learner picks.
 */
async function runsRoot(study: Study, ask = true): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = config().get<string>('exercises.root', '').trim();
  let root = setting ? expandRoot(setting, os.homedir(), folder) : folder;
  if (!root && !ask) return undefined;
  if (!root) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Train here', title: 'Where should training runs be kept?' });
    root = picked?.[0]?.fsPath;
  }
  if (!root) return undefined;
  if (isInside(root, study.extensionUri.fsPath)) {
    throw new Error(`runs are never kept inside the extension (${root}); set llmStudy.exercises.root or open another folder`);
  }
  return path.join(root, RUNS_FOLDER);
}

export function registerTraining(study: Study): Feature {
  const session = new TrainingSession({
    scriptsDir: vscode.Uri.joinPath(study.extensionUri, 'training').fsPath,
    threads: () => Math.max(1, config().get<number>('training.threads', 2)),
    env: () => {
      const steps = config().get<number>('training.testSteps', 0);
      return steps > 0 ? { ...process.env, LLMSTUDY_TRAIN_STEPS: String(steps) } : process.env;
    },
    log: (line) => study.log.info(line),
  });
  // Picked files outlive the window (a reload offered "Pick a text file first" again).
  const dataStore = new TrainingDataStore(study.context.workspaceState);
  const data = () => {
    const known = knownData(study);
    const picked = pickedChoices(dataStore.read().picked, fs.existsSync, path.basename).filter((p) => !known.some((k) => k.id === p.id));
    return [...known, ...picked];
  };
  let progress: { done(): void } | undefined;

  const python = async (): Promise<string | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('LLM Study: training runs Python code; trust this workspace first (Manage Workspace Trust).');
      return undefined;
    }
    const p = await findTorch(pythonCandidates(config().get<string>('pythonPath', '').trim() || undefined, process.env.LLM_STUDY_PYTHON));
    if (!p.ok) {
      study.log.warn(`training: ${p.message}`);
      void vscode.window.showErrorMessage(`LLM Study: ${p.message}`);
      return undefined;
    }
    study.log.info(`training: ${p.python} has torch ${p.torch}`);
    return p.python;
  };

  const start = async (preset: Preset, dataId: string, mine: boolean) => {
    const choice = data().find((d) => d.id === dataId);
    if (!choice) throw new Error(`no data "${dataId}"; pick a text file`);
    // Trust and torch first (python() says which is missing): the learner's code never runs without both.
    const py = await python();
    if (!py) return;
    let folder: string | undefined;
    if (mine) {
      folder = study.ports.exercises?.learnerFolder(MINE_EXERCISE);
      const problem = mineProblem(folder);
      if (problem) {
        study.log.warn(`training: ${problem}`);
        const choice = await vscode.window.showErrorMessage(`LLM Study: ${problem}`, ...(folder ? [] : ['Start Exercise']));
        if (choice) await vscode.commands.executeCommand('llmStudy.startExercise', MINE_EXERCISE);
        return;
      }
    }
    const root = await runsRoot(study);
    if (!root) return;
    const runDir = newRunDir(root, mine ? 'demo' : preset, choice.path, new Date());
    void dataStore.select(choice.id);
    if (folder) session.startMine(py, folder, choice.path, runDir);
    else session.start(py, preset, choice.path, runDir);
  };

  const handlers: HostHandlers<ToHost> = {
    start: (m) => start(m.preset, m.data, m.mine === true),
    pickData: async () => {
      const f = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, openLabel: 'Train on this text', filters: { 'Text files': ['txt', 'md', 'py', 'csv', 'json'], 'All files': ['*'] } });
      if (!f?.[0]) return;
      await dataStore.pick(f[0].fsPath);
      TrainingPanel.current?.dataChanged(pickedId(f[0].fsPath));
    },
    stop: () => session.stop(),
    resume: async () => {
      const py = await python();
      if (py) session.resume(py);
    },
    export: async () => {
      const py = session.lastPython ?? (await python());
      if (!py) return;
      const model = await session.export(py);
      void vscode.window.showInformationMessage(`LLM Study: exported your model to ${path.dirname(model)}.`);
    },
    openPlayground: async () => {
      const model = session.current.exported;
      if (!model) throw new Error('export the model first');
      await vscode.commands.executeCommand('llmStudy.openPlayground', { model: vscode.Uri.file(model).toString() });
    },
  };

  // After a reload the session is new: the latest run with a checkpoint is the one shown, so
  // Resume and Export work on it (never asking for a folder while the window restores).
  const adoptLatest = async (ask: boolean) => {
    if (session.running || session.current.runDir) return;
    const root = await runsRoot(study, ask).catch(() => undefined);
    const last = root && latestRun(root);
    if (last) session.adopt(last);
  };

  const closed = () => {
    if (session.running) progress = showProgress(session);
  };
  const open = () => {
    progress?.done();
    progress = undefined;
  };
  study.context.subscriptions.push({ dispose: () => session.stop() });
  // Registered by activate() (src/commands.ts lazyViews), which loads this feature to restore the panel.
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel) => {
      open();
      await adoptLatest(false);
      TrainingPanel.revive(study, panel, session, data, handlers, closed);
    },
  };
  const commands: CommandTable = {
    'llmStudy.trainTinyGpt': async (preset?: unknown) => {
      await adoptLatest(true);
      open();
      const fresh = !TrainingPanel.current;
      const panel = TrainingPanel.show(study, session, data, handlers, closed);
      // A revived page keeps its own choice (webview state); a new one starts from the last data used.
      const selected = dataStore.read().selected;
      if (fresh && selected && data().some((d) => d.id === selected)) panel.dataChanged(selected);
      if ((PRESETS as readonly unknown[]).includes(preset)) panel.choosePreset(preset as Preset);
    },
  };
  return { commands, serializers: { [VIEW_TYPE]: serializer } };
}

/** While the view is closed: step N of M, and Cancel stops the run (progress.ts). */
function showProgress(session: TrainingSession): { done(): void } {
  let finish: () => void = () => {};
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'LLM Study: training', cancellable: true }, (p, token) => {
    const run = followRun(session, p, token);
    finish = run.finish;
    return run.done;
  });
  return { done: () => finish() };
}
