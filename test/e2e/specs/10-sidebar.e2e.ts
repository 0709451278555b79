import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from '../session';
import { Sidebar } from '../pages/sidebar';
import { Workbench } from '../pages/workbench';
import { course, resourceTitle } from '../curriculum';

const module1 = course.modules[0];
const lesson1 = module1.lessons[0];
const firstResource = resourceTitle(lesson1.resources[0]);
const exact = (s: string) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

test('the sidebar shows the course, and a tick survives a window reload', { timeout: 180_000 }, async () => {
  const s = await openSession();
  const sidebar = new Sidebar(s.page);
  const wb = new Workbench(s.page);
  const t0 = Date.now();
  await sidebar.open();
  s.timings.sidebarOpenMs = Date.now() - t0;
  await sidebar.row(`1. ${module1.title}`).waitFor();
  assert.ok((await sidebar.rows.count()) >= Math.min(course.modules.length, 8), 'modules listed');
  await s.shot('sidebar-course');

  await sidebar.expand(`1. ${module1.title}`);
  await sidebar.expand(lesson1.title);
  await sidebar.row(firstResource).waitFor();
  await s.shot('sidebar-module-expanded');

  assert.equal(await sidebar.isChecked(firstResource), false, 'starts unticked');
  // Nothing ticked yet: the tree says where to begin, and the first tick takes the line away.
  const startHere = sidebar.view.getByText('Where to begin:');
  await startHere.waitFor({ timeout: 10_000 });
  await sidebar.checkbox(firstResource).click();
  await s.page.waitForFunction(() => true);
  await wb.statusBarItem(/1\/\d+/).waitFor({ timeout: 10_000 });
  assert.equal(await sidebar.isChecked(firstResource), true, 'ticked');
  await startHere.waitFor({ state: 'hidden', timeout: 10_000 });
  await s.shot('sidebar-ticked');

  await s.reload();
  await sidebar.open();
  await sidebar.expand(`1. ${module1.title}`);
  await sidebar.expand(lesson1.title);
  assert.equal(await sidebar.isChecked(firstResource), true, 'tick survives a window reload');
  await wb.statusBarItem(/1\/\d+/).waitFor({ timeout: 10_000 });
  await s.shot('sidebar-after-reload');
  void exact;
});

test('clicking a resource opens its details, and filters narrow the tree', { timeout: 120_000 }, async () => {
  const s = await openSession();
  const sidebar = new Sidebar(s.page);
  const wb = new Workbench(s.page);
  await sidebar.row(firstResource).click();
  await wb.tab(firstResource).waitFor({ timeout: 20_000 });
  const frame = await wb.webviewFrame('main.details');
  assert.match((await frame.locator('h1').textContent()) ?? '', new RegExp(firstResource.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await s.shot('resource-details');

  await wb.runCommand('LLM Study: Hide Done Items');
  // The tree refreshes asynchronously; on a loaded machine that takes a while, so poll.
  await sidebar.row(firstResource).waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await sidebar.row(firstResource).count(), 0, 'done item hidden');
  await s.shot('sidebar-hide-done');
  await wb.runCommand('LLM Study: Show Done Items');
  await sidebar.row(firstResource).waitFor();
  // The details view has no serializer; leaving it open makes later reload/restore specs depend on it.
  await wb.runCommand('View: Close All Editors');
});
