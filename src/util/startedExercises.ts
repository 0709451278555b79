// Whether an exercise is started, answered without the exercises feature (issue 16): the entry
// bundle decides with it whether to load that feature at activation (an exercise folder is open:
// the Testing view and the CodeLens need it) and the sidebar shows a row "not started" without
// loading anything. The exercises feature itself reads the same folders (exercises/folders.ts).
// No vscode: the caller passes the setting.
import fs from 'node:fs';
import path from 'node:path';
import { resolveRootSetting } from './exercisesRoot';

/** The runner's entry file, which every started exercise folder holds (exercises/spec.ts exports it as its own). */
export const RUNNER_FILE = 'llmstudy_test.py';

/** What is said of an exercise not started, by the exercises feature and by the stand-ins before it loads: its sidebar label (exercises/testState.ts stateLabel) and the tokenizer's "Your BPE" row (exercises/learnerBpe.ts NOT_STARTED). */
export const NOT_STARTED_LABEL = 'not started';
export const BPE_NOT_STARTED = 'Start the bpe exercise to see your tokenizer here.';

/** The exercises root the llmStudy.exercises.root setting names; undefined when unset or unusable. */
export function exercisesRootOf(setting: string, workspace: string | undefined): string | undefined {
  if (!setting.trim()) return undefined;
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
  const r = resolveRootSetting(setting.trim(), { home, workspace });
  return 'root' in r ? r.root : undefined;
}

/** Started: `<root>/<id>/llmstudy_test.py` exists (one stat call, no reads). */
export function isStarted(root: string | undefined, id: string): boolean {
  return root !== undefined && fs.existsSync(path.join(root, id, RUNNER_FILE));
}
