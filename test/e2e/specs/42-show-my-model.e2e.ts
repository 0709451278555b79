// Show My Model for the exercises with their own script (issues 13, 15), in code-server: the
// patching exercise's head-patching heatmap beside the one the playground computes with its own
// model (first from the stub, which says it is not written yet, then from the solution: every
// cell matches and both find the induction head L1H1), kv-cache's cached next-token distribution
// beside the model's, and rope's score-against-offset picture; screenshots of each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { openSession, type Session } from '../session';
import { Sidebar } from '../pages/sidebar';
import { Workbench } from '../pages/workbench';
import { REPO } from '../../support/codeServer';

const hasModel = fs.existsSync(path.join(REPO, 'media', 'model', 'weights.npz'));
const exercise = (id: string) => JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum', 'exercises', id, 'exercise.json'), 'utf8')) as
  { title: string; files: { stub: string; solution: string } };

async function waitFor(s: Session, fn: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) {
      await s.shot('show-my-model-timeout');
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts exercise `id` from the palette and leaves its stub open (the command reads the active editor). */
async function start(s: Session, wb: Workbench, id: string): Promise<string> {
  const ex = exercise(id);
  const stub = path.join(s.server.workspace, 'exercises', id, ex.files.stub);
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('LLM Study: Start Exercise');
  // The list shows only its first rows: filter it, as a learner would, so the row is drawn.
  await s.page.locator('.quick-input-widget input').fill(ex.title);
  await wb.pickQuickItem(ex.title);
  await waitFor(s, () => fs.existsSync(stub), `the ${id} stub on disk`);
  await wb.tab(ex.files.stub).waitFor({ timeout: 20_000 });
  return stub;
}

const solve = (id: string, stub: string) =>
  fs.writeFileSync(stub, fs.readFileSync(path.join(REPO, 'curriculum', 'exercises', id, exercise(id).files.solution), 'utf8'));

/** Runs Show My Model and returns the playground's frame once the view for `id` has its score. */
async function showMine(wb: Workbench, id: string, ms = 90_000): Promise<Frame> {
  // The command runs the exercise of the active editor: with the playground focused and several
  // exercises started (the whole suite), it would ask which one.
  await wb.tab(path.basename(exercise(id).files.stub)).click();
  await wb.runCommand('LLM Study: Show My Model');
  const frame = await wb.webviewFrame('#view-mine', ms);
  // The title changes as the new result arrives, and the old score is cleared in the same step.
  await frame.locator('#mine-title', { hasText: exercise(id).title }).waitFor({ timeout: ms });
  await frame.locator('#mine-score.good, #mine-score.bad').first().waitFor({ timeout: ms });
  await frame.waitForFunction(() => !/Comparing with the model/.test(document.querySelector('#mine-score')?.textContent ?? ''), undefined, { timeout: ms });
  return frame;
}

test('Show My Model for patching: the learner\'s head-patching heatmap beside the playground\'s', { timeout: 300_000, skip: !hasModel }, async () => {
  const s = await openSession();
  const wb = new Workbench(s.page);
  await new Sidebar(s.page).activityBarEntry.waitFor({ timeout: 60_000 });
  const stub = await start(s, wb, 'patching');

  // The stub: the learner is told what is missing, and the model's heatmap is there to aim at.
  let frame = await showMine(wb, 'patching');
  assert.match((await frame.locator('#mine-error').textContent()) ?? '', /not written yet/);
  await frame.locator('#mine-patch-model').waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('#mine-patch-yours').count(), 0);
  await s.shot('show-my-model-patching-stub');

  solve('patching', stub);
  // Same exercise, same title: mark the old score so the wait below sees the new one.
  await frame.evaluate(() => {
    document.querySelector('#mine-score')!.className = 'stale';
  });
  frame = await showMine(wb, 'patching');
  const score = frame.locator('#mine-score');
  assert.equal(await score.getAttribute('data-match'), '1', (await score.textContent()) ?? '');
  assert.match((await score.textContent()) ?? '', /^100% of your 16 cells match the model's/);
  for (const side of ['#mine-patch-yours', '#mine-patch-model']) {
    const c = frame.locator(side);
    assert.deepEqual([await c.getAttribute('data-hot-row'), await c.getAttribute('data-hot-col')], ['1', '1'], `${side}: the induction head is hottest`);
    assert.ok(Number(await c.getAttribute('data-hot-value')) > 0.7, `${side}: L1H1 restores most of the metric`);
  }
  assert.equal(await frame.locator('#mine-prompt').isHidden(), true, 'the patching pair is fixed: no prompt box');
  await frame.locator('#mine-patch-model').scrollIntoViewIfNeeded();
  await s.shot('show-my-model-patching');
});

test('Show My Model for kv-cache and rope: the cached decode\'s distribution, and scores that depend only on the offset', { timeout: 300_000, skip: !hasModel }, async () => {
  const s = await openSession();
  const wb = new Workbench(s.page);
  solve('kv-cache', await start(s, wb, 'kv-cache'));
  let frame = await showMine(wb, 'kv-cache');
  assert.equal(await frame.locator('#mine-score').getAttribute('data-match'), '1', (await frame.locator('#mine-score').textContent()) ?? '');
  assert.match((await frame.locator('#mine-score').textContent()) ?? '', /^100% of your 65 next-character probabilities match the model's full recompute/);
  assert.equal(await frame.locator('#mine-top tr').count(), 11, 'a header and the ten likeliest characters');
  await s.shot('show-my-model-kv-cache');

  solve('rope', await start(s, wb, 'rope'));
  frame = await showMine(wb, 'rope');
  assert.equal(await frame.locator('#mine-score').getAttribute('data-match'), '1', (await frame.locator('#mine-score').textContent()) ?? '');
  assert.match((await frame.locator('#mine-score').textContent()) ?? '', /your curves lie on one another/);
  assert.ok(Number(await frame.locator('#mine-rope').getAttribute('data-spread')) < 1e-4);
  await frame.locator('#mine-rope').scrollIntoViewIfNeeded();
  await s.shot('show-my-model-rope');
});
