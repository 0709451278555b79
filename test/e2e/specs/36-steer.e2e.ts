// Steering in code-server (issue 13): two prompt sets typed in the Steer tab, a coefficient, and
// the steered text differs from the unsteered one; coefficient 0 writes the unsteered text again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from '../session';
import { Playground } from '../pages/playground';

const LINES = ['Now is the winter of our discontent', 'Good morrow to you, my lord and king.', 'What light through yonder window breaks?'];

test('Steer: a direction from two prompt sets changes what the model writes; coefficient 0 does not', { timeout: 240_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  const f = await pg.frameOrOpen();
  await pg.tab(f, 'steer');
  // Capitals minus the same lines as written: at coefficient 1.5 after block 1 the tiny GPT writes in capitals.
  const steered = await pg.steer(f, { a: LINES.map((l) => l.toUpperCase()).join('\n'), b: LINES.join('\n'), coef: 1.5, layer: 2, prompt: 'ROMEO:\nBut soft, what light', tokens: 40 });
  assert.ok(steered.plain.length > 0 && steered.steered.length > 0, 'both columns have text');
  assert.ok(steered.differ, 'the view says the texts differ');
  assert.notEqual(steered.steered, steered.plain, `steered ${JSON.stringify(steered.steered)} vs ${JSON.stringify(steered.plain)}`);
  const capitals = (t: string) => [...t].filter((c) => /[A-Z]/.test(c)).length / Math.max(1, [...t].filter((c) => /[A-Za-z]/.test(c)).length);
  assert.ok(capitals(steered.steered) > capitals(steered.plain) + 0.2, `more capitals when steered: ${capitals(steered.steered).toFixed(2)} vs ${capitals(steered.plain).toFixed(2)}`);
  assert.match((await f.locator('#steer-status').textContent()) ?? '', /Direction at layer 2: norm \d/);
  assert.match((await f.locator('#steer-steered').locator('..').textContent()) ?? '', /Steered: 1\.5 x direction added after block 1/);
  await s.shot('interp-steer');

  const zero = await pg.steer(f, { a: LINES.map((l) => l.toUpperCase()).join('\n'), b: LINES.join('\n'), coef: 0 });
  assert.equal(zero.steered, zero.plain, 'coefficient 0 is the plain model');
  assert.equal(zero.plain, steered.plain, 'the unsteered column does not move with the coefficient');
});
