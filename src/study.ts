// What every feature gets from activate(): the loaded curriculum, progress and storage. Features
// depend on this, not on each other, so each can be registered (and tested) on its own.
import * as vscode from 'vscode';
import { loadCurriculum, CurriculumError } from './curriculum/load';
import type { Curriculum } from './curriculum/model';
import { ProgressStore } from './state/progressStore';
import { Storage } from './state/storage';

export interface Study {
  context: vscode.ExtensionContext;
  extensionUri: vscode.Uri;
  /** Absolute path of the shipped curriculum/ folder. */
  curriculumRoot: string;
  curriculum: Curriculum;
  storage: Storage;
  progress: ProgressStore;
  log: vscode.LogOutputChannel;
}

const EMPTY: Curriculum = {
  course: { version: 1, title: 'LLM Study', modules: [] },
  resources: new Map(),
  exercises: new Map(),
};

export function createStudy(context: vscode.ExtensionContext): Study {
  const log = vscode.window.createOutputChannel('LLM Study', { log: true });
  context.subscriptions.push(log);
  const curriculumRoot = vscode.Uri.joinPath(context.extensionUri, 'curriculum').fsPath;
  let curriculum = EMPTY;
  try {
    curriculum = loadCurriculum(curriculumRoot);
  } catch (e) {
    // A broken install should still activate: the sidebar says what is wrong instead of vanishing.
    const msg = e instanceof CurriculumError ? e.message : String(e);
    log.error(`curriculum failed to load: ${msg}`);
    void vscode.window.showErrorMessage(`LLM Study could not load its course: ${msg}`);
  }
  const storage = new Storage(context.globalState);
  const warn = (text: string) => {
    log.warn(text);
    void vscode.window.showWarningMessage(text);
  };
  const progress = new ProgressStore(storage, { report: warn });
  context.subscriptions.push(
    progress,
    // globalState has no change event; another window or Settings Sync may have changed progress
    // while this one was in the background, so look again whenever it comes to the front.
    vscode.window.onDidChangeWindowState((s) => s.focused && progress.refresh()),
  );
  if (progress.problems.length) warn(`LLM Study recovered your progress: ${progress.problems.join('; ')}.`);
  return { context, extensionUri: context.extensionUri, curriculumRoot, curriculum, storage, progress, log };
}

/** Commands that belong to no single feature. */
export function coreCommands(study: Study) {
  return {
    'llmStudy.showLog': () => study.log.show(),
  };
}
