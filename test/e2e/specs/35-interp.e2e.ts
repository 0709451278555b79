// The interpretability lab in code-server (issue 13): knock the induction head out and see the
// second-copy loss jump, bring it back; run both patching sweeps and read the hottest cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from '../session';
import type { Frame } from 'playwright-core';
import { Playground } from '../pages/playground';

test('Ablate: knocking out layer 1 head 1 makes the second copy hard again; Reset brings it back', { timeout: 180_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  const f = await pg.frameOrOpen();
  await pg.tab(f, 'ablate');
  await pg.ablateIdle(f, 90_000);
  const before = await pg.secondCopyLoss(f);
  assert.ok(before.plain < 1, `the second copy is easy with all heads (${before.plain} nats)`);
  await s.shot('interp-ablate-all-heads');

  await pg.toggleHead(f, 1, 1);
  const off = await pg.secondCopyLoss(f);
  assert.ok(off.ablated >= 5 * off.plain, `L1H1 off: second-copy loss ${off.plain} -> ${off.ablated}`);
  assert.match((await f.locator('#abl-off').textContent()) ?? '', /Heads off \(zero-ablated\): L1H1/);
  assert.equal(await f.locator('#abl-grid .abl-head[data-layer="1"][data-head="1"]').getAttribute('aria-pressed'), 'true');
  await s.shot('interp-ablate-l1h1-off');

  // A second head at once, then mean-ablation: the view names both and reruns.
  await pg.toggleHead(f, 2, 3);
  assert.match((await f.locator('#abl-off').textContent()) ?? '', /L1H1, L2H3/);
  await f.locator('#abl-mode').selectOption('mean');
  await pg.ablateIdle(f);
  assert.match((await f.locator('#abl-off').textContent()) ?? '', /mean-ablated/);
  assert.ok((await pg.secondCopyLoss(f)).ablated >= 5 * off.plain, 'mean-ablation breaks copying too');
  await s.shot('interp-ablate-mean-two-heads');

  await f.locator('#abl-reset').click();
  await pg.ablateIdle(f);
  const reset = await pg.secondCopyLoss(f);
  assert.match((await f.locator('#abl-off').textContent()) ?? '', /All heads on/);
  assert.ok(Math.abs(reset.ablated - reset.plain) < 1e-3, `after Reset the loss is the plain one (${reset.ablated} vs ${reset.plain})`);
  await f.locator('#abl-mode').selectOption('zero');
  await pg.ablateIdle(f);
});

// The host keeps the playground's settings (code-server may reload before it saves the webview's
// own state) and hands them back when the panel is revived, or opened again: code-server saves its
// editor layout only now and then, so a browser reload can forget a tab opened a minute before
// (seen in CI: only the lesson tab came back), and the learner then opens the playground again.
/** The Ablate view with the induction head (L1H1) knocked out. */
async function withInductionHeadOff(pg: Playground): Promise<void> {
  const f = await pg.frameOrOpen();
  await pg.tab(f, 'ablate');
  await pg.ablateIdle(f, 90_000);
  await pg.toggleHead(f, 1, 1);
}

/** The playground came back on the Ablate view with L1H1 still off; Reset for the specs after. */
async function inductionHeadStillOff(pg: Playground, f: Frame, when: string): Promise<void> {
  await f.locator('#view-ablate').waitFor({ state: 'visible', timeout: 30_000 });
  await pg.ablateIdle(f, 90_000);
  assert.match((await f.locator('#abl-off').textContent()) ?? '', /L1H1/, `the head is still off ${when}`);
  assert.ok((await pg.secondCopyLoss(f)).ablated > 1, 'and the numbers are with it off');
}

test('Ablate keeps the heads off across a window reload', { timeout: 180_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  await withInductionHeadOff(pg);
  // The webview's setState reaches the workbench with a delay (code-server saves it late): a
  // reload within it would test the race, not the view (notes.ts deals with that race for notes).
  await new Promise((r) => setTimeout(r, 2_000));
  await s.reload();
  const f = await pg.frameOrOpen(30_000).catch(async (e) => {
    await s.shot('interp-ablate-reload-failed');
    throw e;
  });
  await inductionHeadStillOff(pg, f, 'after the reload');
  await s.shot('interp-ablate-after-reload');
  await f.locator('#abl-reset').click();
  await pg.ablateIdle(f);
});

test('closing the playground and opening it again keeps the heads off', { timeout: 180_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  await withInductionHeadOff(pg);
  await pg.wb.closeTab('Tiny GPT Playground');
  await pg.openFromPalette();
  const f = await pg.frame('ready', 90_000);
  await inductionHeadStillOff(pg, f, 'in the reopened playground');
  await s.shot('interp-ablate-reopened');
  await f.locator('#abl-reset').click();
  await pg.ablateIdle(f);
});

test('Patching: both sweeps on the induction demo; the hottest head is layer 1 head 1', { timeout: 180_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  const f = await pg.frameOrOpen();
  await pg.tab(f, 'patch');
  await f.locator('#patch-demo').click();
  const heads = await pg.patchSweep(f, 'heads', 90_000);
  assert.deepEqual([heads.row, heads.col], [1, 1], `hottest head L${heads.row}H${heads.col}`);
  assert.ok(heads.value > 0.7, `L1H1 restores ${heads.value}`);
  assert.match((await f.locator('#patch-status').textContent()) ?? '', /hottest cell layer 1 head 1/);
  const box = await f.locator('#patch-head-map').boundingBox();
  if (box) await f.locator('#patch-head-map').hover({ position: { x: 44 + 56 * 1 + 20, y: 40 + 56 * 1 + 20 } });
  assert.match((await f.locator('#patch-hover').textContent()) ?? '', /Layer 1 head 1: 0\.\d+ of the metric restored/);
  await s.shot('interp-patch-heads');

  const resid = await pg.patchSweep(f, 'resid', 90_000);
  assert.ok(resid.value > 0.9, `the residual sweep restores ${resid.value} somewhere`);
  await s.shot('interp-patch-resid');
});

test('Attribution: the bars for the top next token add up to its logit', { timeout: 120_000 }, async () => {
  const s = await openSession();
  const pg = new Playground(s.page);
  const f = await pg.frameOrOpen();
  await pg.tab(f, 'dla');
  // Review of 2026-12: the box was an <input>, which drops the prompt's newline.
  await f.locator('#dla-text').fill('ROMEO:\nBut soft, what light');
  assert.equal(await f.locator('#dla-text').inputValue(), 'ROMEO:\nBut soft, what light', 'the text keeps its line break');
  await f.locator('#dla-run').click();
  await f.locator('#view-dla[data-ready="true"]').waitFor({ timeout: 60_000 });
  const summary = f.locator('#dla-summary');
  const logit = Number(await summary.getAttribute('data-logit'));
  const total = Number(await summary.getAttribute('data-total'));
  assert.ok(Math.abs(logit - total) < 1e-3, `parts ${total} vs logit ${logit}`);
  assert.match((await summary.textContent()) ?? '', /Largest: /);
  await s.shot('interp-dla');
});
