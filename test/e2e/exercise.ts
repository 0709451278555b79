// The learner's first steps with an exercise, shared by the exercise specs.
import fs from 'node:fs';
import path from 'node:path';
import { pollUntil } from './poll';
import { Sidebar } from './pages/sidebar';
import { Workbench } from './pages/workbench';
import type { Session } from './session';

/**
 * Start Exercise from the palette, with nothing else open, until `stub` is on disk and its tab
 * shows (started here, or kept as an earlier spec left it: the command opens it either way).
 */
export async function startExercise(s: Session, title: string, stub: string): Promise<void> {
  const wb = new Workbench(s.page);
  await new Sidebar(s.page).activityBarEntry.waitFor({ timeout: 60_000 });
  await s.page.waitForTimeout(1000);
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('LLM Study: Start Exercise');
  await wb.pickQuickItem(title);
  await pollUntil(() => fs.existsSync(stub), 'the stub on disk', { session: s, shot: 'start-exercise-timeout' });
  await wb.tab(path.basename(stub)).waitFor({ timeout: 20_000 });
}
