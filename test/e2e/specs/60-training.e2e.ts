import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from '../session';
import { Playground } from '../pages/playground';
import { Sidebar } from '../pages/sidebar';
import { TrainingView } from '../pages/training';

// llmStudy.training.testSteps (60) shortens the demo preset; the data is a lesson's text
// (llmStudy.training.data in session.ts), so neither ../shared nor the network is needed.
test('train the demo preset: curves and head scores update, stop, resume, export, open in the playground', { timeout: 600_000 }, async () => {
  const s = await openSession();
  await new Sidebar(s.page).open();
  const view = new TrainingView(s.page);
  const f = await view.open();
  await f.locator('[data-testid="preset"]').selectOption('demo');
  await view.click(f, 'start');
  await view.waitState(f, 'running', 60_000);
  await view.waitPoints(f, 3);
  assert.ok(Number.isFinite(await view.bestInduction(f)), 'head scores arrived');
  await s.shot('training-running');

  // A checkpoint comes every 15 steps here; Stop once there is one.
  await f.waitForFunction(() => /step (1[5-9]|[2-9]\d)/.test(document.querySelector('[data-testid="stats"]')?.textContent ?? ''), undefined, { timeout: 180_000 });
  await view.click(f, 'stop');
  await view.waitState(f, 'stopped', 30_000);
  const before = await view.points(f);
  await s.shot('training-stopped');

  await view.click(f, 'resume');
  await view.waitState(f, 'done', 300_000);
  assert.ok((await view.points(f)) >= before, 'the resumed run drew the curve from where it stopped');
  assert.match((await f.locator('[data-testid="stats"]').textContent()) ?? '', /step 60 of 60/);
  await s.shot('training-done');

  await view.click(f, 'export');
  await f.locator('[data-testid="open-playground"]:not([disabled])').waitFor({ timeout: 300_000 });
  await s.shot('training-exported');
  await view.click(f, 'open-playground');
  const pg = new Playground(s.page);
  const pf = await pg.frame('ready', 120_000);
  await pf.locator('#generate').click();
  await pg.idle(pf);
  assert.ok((await pg.generated(pf)) > 0, 'the trained model generates');
  await s.shot('training-playground');
});
