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
