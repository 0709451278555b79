// Extension-host suite: runs inside a real VS Code (code-server here, Electron via
// @vscode/test-electron elsewhere). Feature files register tests; run() executes them.
import { runAll } from './harness';
import './core.test';
import './exercises.test';
import './lesson.test';
import './playground.test';
import './folders.test';
import './tokenizer.test';
import './training.test';
import './review.test';
import './exercisesLoop.test';

export async function run(): Promise<void> {
  await runAll();
}
