// The same extension-host suite under @vscode/test-electron, for people with VS Code installed.
// Set LLM_STUDY_VSCODE=/path/to/code (an installed VS Code), or LLM_STUDY_VSCODE=download to let
// test-electron fetch one (needs internet). Skipped, with a line saying so, when unset.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const which = process.env.LLM_STUDY_VSCODE;
  if (!which) {
    console.log('skipped: @vscode/test-electron run (set LLM_STUDY_VSCODE=/path/to/code, or =download, to run the suite in desktop VS Code)');
    return 0;
  }
  const root = path.resolve(__dirname, '..', '..');
  await runTests({
    ...(which === 'download' ? {} : { vscodeExecutablePath: which }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist-test', 'exthost', 'suite.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
  return 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
