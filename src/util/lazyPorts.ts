// The ports of features not loaded yet (issue 16). A feature sets its real port on `Study` when it
// registers; until then `study.ports` holds these stand-ins, which load the feature on the first
// call that needs it and hand the call on. A call that needs nothing of an unloaded feature is
// answered here (no playground loaded: no "Your code" view to tell; an exercise not started: its
// state is "not started"), so the sidebar never loads a feature to draw itself.
import * as vscode from 'vscode';
import type { ExercisesPort, PlaygroundPort, Ports, ReviewPort, Study } from '../study';
import type { LazyFeature } from './lazy';
import { BPE_NOT_STARTED, NOT_STARTED_LABEL } from './startedExercises';

/** The real port, once `feature` has loaded and set it. */
function realPort<K extends keyof Ports>(study: Study, key: K, standIn: NonNullable<Ports[K]>, feature: LazyFeature<unknown>, why: string): NonNullable<Ports[K]> {
  feature.get(why);
  const p = study.ports[key];
  // A feature that forgot its port would otherwise send every call back here, forever.
  if (!p || p === standIn) throw new Error(`the ${key} feature loaded but set no port`);
  return p as NonNullable<Ports[K]>;
}

export function playgroundStandIn(study: Study, feature: LazyFeature<unknown>): PlaygroundPort {
  const port: PlaygroundPort = {
    defaultModelDir: () => realPort(study, 'playground', port, feature, 'playground port').defaultModelDir(),
    showMine: (mine, rerun) => realPort(study, 'playground', port, feature, 'Show My Model').showMine(mine, rerun),
    mineFailed: (message) => {
      if (feature.loaded) realPort(study, 'playground', port, feature, 'playground port').mineFailed(message);
    },
  };
  return port;
}

export function reviewStandIn(study: Study, feature: LazyFeature<unknown>): ReviewPort {
  const port: ReviewPort = {
    recordAnswer: (lessonId, questionId, answer) => realPort(study, 'review', port, feature, 'a self-check answer').recordAnswer(lessonId, questionId, answer),
  };
  return port;
}

export interface ExercisesStandIn {
  port: ExercisesPort;
  /** Called once the exercises feature has set its port: its state changes reach those who subscribed here. */
  forward(): vscode.Disposable;
  dispose(): void;
}

/**
 * `started(id)` says whether an exercise's folder exists; a started one loads the feature (its
 * stored results and test items live there), any other is "not started" without loading it.
 */
export function exercisesStandIn(study: Study, feature: LazyFeature<unknown>, started: (id: string) => boolean): ExercisesStandIn {
  const changed = new vscode.EventEmitter<string>();
  const port: ExercisesPort = {
    // The tokenizer asks at every open: with bpe not started the answer needs no exercises code.
    learnerBpe: async (text) => (feature.loaded || started('bpe')
      ? realPort(study, 'exercises', port, feature, 'tokenizer: your BPE').learnerBpe(text)
      : { why: BPE_NOT_STARTED }),
    testState: (id) => (feature.loaded || started(id)
      ? realPort(study, 'exercises', port, feature, `sidebar: the state of the started exercise ${id}`).testState(id)
      : { state: { kind: 'not-started' }, label: NOT_STARTED_LABEL }),
    onDidChangeTestState: changed.event,
    learnerFolder: (id) => (feature.loaded || started(id) ? realPort(study, 'exercises', port, feature, `the folder of exercise ${id}`).learnerFolder(id) : undefined),
  };
  return {
    port,
    forward: () => {
      const real = study.ports.exercises;
      return real && real !== port ? real.onDidChangeTestState((id) => changed.fire(id)) : { dispose() {} };
    },
    dispose: () => changed.dispose(),
  };
}
