// Where the llmStudy.exercises.root setting points. Two features read it: exercises keeps the
// learner's folders there and training puts its runs beside them, so both must read it the same
// way; this one pure function is that way (no vscode: the caller passes home and the folder).
import path from 'node:path';

export const ROOT_SETTING_HINT = 'the "LLM Study › Exercises: Root" setting (llmStudy.exercises.root)';

/**
 * The exercises root from the setting: `~`, `${userHome}` and `${workspaceFolder}` expanded, and a
 * relative path taken from the workspace folder (the process's folder means nothing to a learner).
 * With no folder open a relative path has no anchor, so it is refused, with why, rather than guessed.
 */
export function resolveRootSetting(setting: string, where: { home: string; workspace?: string }): { root: string } | { why: string } {
  const { home, workspace } = where;
  if (!workspace && setting.includes('${workspaceFolder}')) {
    return { why: `${ROOT_SETTING_HINT} uses \${workspaceFolder}, but no folder is open: open a folder or set an absolute path.` };
  }
  const expanded = setting.replace(/^~(?=$|[\\/])/, home).replace(/\$\{userHome\}/g, home).replace(/\$\{workspaceFolder\}/g, workspace ?? '');
  if (path.isAbsolute(expanded)) return { root: path.resolve(expanded) };
  if (!workspace) {
    return { why: `${ROOT_SETTING_HINT} is the relative path "${setting}" and no folder is open to take it from: open a folder or set an absolute path.` };
  }
  return { root: path.resolve(workspace, expanded) };
}

/** The folder name the first exercise suggests, wherever it goes. */
export const EXERCISES_FOLDER = 'llm-study-exercises';

export interface RootChoice {
  label: string;
  detail: string;
  /** What goes in the setting; undefined: let the learner pick a folder. */
  setting?: string;
}

/**
 * What the first exercise offers as its folder. A folder of its own first, never the open project
 * itself: exercises, training runs and a `.vscode/settings.json` (inline AI off) land in the root,
 * and a learner who accepted the old default (the workspace folder) found all that in their project.
 */
export function rootChoices(where: { home: string; workspace?: string }): RootChoice[] {
  const inHome = path.join(where.home, EXERCISES_FOLDER);
  const choices: RootChoice[] = [
    { label: `~/${EXERCISES_FOLDER}`, detail: `One folder for all your exercises and training runs, whichever project is open (${inHome})`, setting: `\${userHome}/${EXERCISES_FOLDER}` },
  ];
  if (where.workspace) {
    const inWs = path.join(where.workspace, EXERCISES_FOLDER);
    choices.push({ label: `${EXERCISES_FOLDER} in the open folder`, detail: `Beside this project's files, in a subfolder of its own (${inWs})`, setting: inWs });
  }
  choices.push({ label: 'Choose a folder…', detail: 'Any folder; each exercise gets its own subfolder in it' });
  return choices;
}
