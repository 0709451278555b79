// What every feature gets from activate(): the loaded curriculum, progress and storage. Features
// depend on this, not on each other, so each can be registered (and tested) on its own.
import * as vscode from 'vscode';
import { loadCurriculum, readExercises, CurriculumError } from './curriculum/load';
import type { Curriculum } from './shared/curriculum/model';
import { ProgressStore } from './state/progressStore';
import { Storage } from './state/storage';
import type { MyModel } from './shared/protocols/playground';
import type { Answer } from './shared/protocols/lesson';

/**
 * What the playground offers other features. Features never import each other's files: one that
 * needs another reaches it through a port here, set when the other registers (absent when it did not).
 */
export interface PlaygroundPort {
  /** Folder of the model the playground runs by default (the tiny GPT in media/model). */
  defaultModelDir(): string;
  /** Shows the learner's result in the "Your code" view; `rerun` runs their code on another prompt. */
  showMine(mine: MyModel, rerun: (prompt: string) => void): void;
  /** Tells the open "Your code" view that a rerun produced nothing, so its button works again. */
  mineFailed(message: string): void;
}

/** The learner's own BPE tokenizer (the bpe exercise) on a text, or why it cannot be shown. */
export type LearnerBpeResult = { ids: number[]; pieces: string[]; vocabSize: number } | { why: string };

/**
 * Where a started exercise's tests stand, as its last run left them (kept across reloads).
 * `stale`: the results are about the exercise's files as they were before they last changed.
 */
export type ExerciseTestState =
  | { kind: 'not-started' }
  /** Started; not every test has a result yet (`passed` of them passed, none failed). */
  | { kind: 'started'; passed: number; total: number; stale?: boolean }
  | { kind: 'failing'; failed: number; total: number; stale?: boolean }
  | { kind: 'passing'; total: number; stale?: boolean };

/** What the exercises feature offers other features. */
export interface ExercisesPort {
  /** Trains the learner's bpe.py (once per version of the file) and encodes `text` with it. */
  learnerBpe(text: string): Promise<LearnerBpeResult>;
  /** For the sidebar: the exercise's state and its words ("failing 2 of 5"). */
  testState(id: string): { state: ExerciseTestState; label: string };
  /** Fires with an exercise's id when its test state changes (a run ended, it was started or reset). */
  onDidChangeTestState: vscode.Event<string>;
  /** The learner's folder of a started exercise (`<exercises root>/<id>`), undefined when not started. */
  learnerFolder(id: string): string | undefined;
}

/** What the review feature offers: the lessons' self-check answers feed its schedule. */
export interface ReviewPort {
  /**
   * A self-check answer just stored by a lesson page. The review feature judges it against the
   * course (a choice is right or wrong; a short answer's reveal only puts the question in the
   * schedule, since nobody graded it) and never throws: a schedule that cannot be written is
   * reported by the review feature, and the answer itself is already saved.
   */
  recordAnswer(lessonId: string, questionId: string, answer: Answer): Promise<void>;
}

export interface Ports {
  playground?: PlaygroundPort;
  exercises?: ExercisesPort;
  review?: ReviewPort;
}

export interface Study {
  context: vscode.ExtensionContext;
  extensionUri: vscode.Uri;
  /** Absolute path of the shipped curriculum/ folder. */
  curriculumRoot: string;
  curriculum: Curriculum;
  storage: Storage;
  progress: ProgressStore;
  log: vscode.LogOutputChannel;
  /** Filled in by the features as they register. */
  ports: Ports;
}

const EMPTY: Curriculum = {
  course: { version: 1, title: 'LLM Study', modules: [] },
  resources: new Map(),
  exercises: new Map(),
};

/** With a broken course.json the exercise folders are still read, so exercises keep working. */
function exercisesAlone(curriculumRoot: string, log: vscode.LogOutputChannel): Curriculum['exercises'] {
  try {
    return new Map(readExercises(curriculumRoot).map((e) => [e.id, e]));
  } catch (e) {
    log.error(`exercises could not be read: ${e instanceof Error ? e.message : e}`);
    return new Map();
  }
}

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
    curriculum = { ...EMPTY, exercises: exercisesAlone(curriculumRoot, log) };
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
  return { context, extensionUri: context.extensionUri, curriculumRoot, curriculum, storage, progress, log, ports: {} };
}

/** Commands that belong to no single feature. */
export function coreCommands(study: Study) {
  return {
    'llmStudy.showLog': () => study.log.show(),
  };
}
