// The sidebar's exercise row across a reload (issue 17): start autograd, run its tests (the stub
// fails them), and the row says "failing n of m"; reload the window and it still says so, since
// the last results are stored with the files they were about. Then the learner writes a passing
// solution in the editor: on the save the row says its result is from before the edit, and after
// a run it says "passing".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSession, type Session } from '../session';
import { Sidebar } from '../pages/sidebar';
import { Workbench } from '../pages/workbench';
import { Editor, Testing } from '../pages/testing';
import { REPO } from '../../support/codeServer';
import type { Course } from '../../../src/shared/curriculum/model';

const EXERCISE = 'autograd';
const source = path.join(REPO, 'curriculum', 'exercises', EXERCISE);
const exerciseJson = JSON.parse(fs.readFileSync(path.join(source, 'exercise.json'), 'utf8')) as { title: string; files: { stub: string; solution: string } };
const stubText = fs.readFileSync(path.join(source, exerciseJson.files.stub), 'utf8');
const solution = fs.readFileSync(path.join(source, exerciseJson.files.solution), 'utf8');
const course = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum', 'course.json'), 'utf8')) as Course;

let current: Session | undefined;

async function waitFor(fn: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) {
      await current?.shot('exercise-row-timeout');
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The exercise's row in the sidebar, with its module and lesson expanded. */
async function exerciseRow(s: Session) {
  const moduleIndex = course.modules.findIndex((m) => m.lessons.some((l) => l.exercises.includes(EXERCISE)));
  assert.ok(moduleIndex >= 0, `the course lists the ${EXERCISE} exercise`);
  const mod = course.modules[moduleIndex];
  const lesson = mod.lessons.find((l) => l.exercises.includes(EXERCISE))!;
  const sidebar = new Sidebar(s.page);
  await sidebar.open();
  await sidebar.expand(`${moduleIndex + 1}. ${mod.title}`);
  await sidebar.expand(lesson.title);
  const row = sidebar.row(exerciseJson.title);
  await row.scrollIntoViewIfNeeded();
  return row;
}

const rowText = async (s: Session) => (await (await exerciseRow(s)).textContent().catch(() => '')) ?? '';

test('exercise row: "failing n of m" after a failing run is still there after a reload; a passing solution makes it "passing"', { timeout: 300_000 }, async () => {
  const s = await openSession();
  current = s;
  const wb = new Workbench(s.page);
  const editor = new Editor(s.page);
  const stub = path.join(s.server.workspace, 'exercises', EXERCISE, exerciseJson.files.stub);
  await new Sidebar(s.page).activityBarEntry.waitFor({ timeout: 60_000 });
  await s.page.waitForTimeout(1000);

  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('LLM Study: Start Exercise');
  await wb.pickQuickItem(exerciseJson.title);
  await waitFor(() => fs.existsSync(stub), 'the stub on disk');
  await wb.tab(exerciseJson.files.stub).waitFor({ timeout: 20_000 });
  // Run alone or after other specs: the stub as shipped, whatever an earlier run left there.
  if (fs.readFileSync(stub, 'utf8') !== stubText) fs.writeFileSync(stub, stubText);
  await wb.runCommand('Notifications: Clear All Notifications');

  // The stub is the active editor, so the command runs this exercise without asking which.
  await wb.tab(exerciseJson.files.stub).click();
  await wb.runCommand('LLM Study: Run Exercise Tests');
  await wb.notification(/\d+ passed, [1-9]\d* failed/).waitFor({ timeout: 60_000 });
  let failing = '';
  await waitFor(async () => {
    failing = /failing \d+ of \d+/.exec(await rowText(s))?.[0] ?? '';
    return failing !== '';
  }, 'the row to say failing n of m');
  await s.shot('exercise-row-failing');

  await s.reload();
  await new Sidebar(s.page).activityBarEntry.waitFor({ timeout: 60_000 });
  // The row first reads "exercise" until LLM Study has activated and read what it stored.
  await waitFor(async () => (await rowText(s)).includes(failing), `the row to say "${failing}" after the reload`, 60_000);
  const after = await rowText(s);
  assert.ok(!after.includes('before your last edit'), `nothing changed the files: the result is current (${after})`);
  await s.shot('exercise-row-failing-after-reload');
  // The Testing view keeps its own record of the last run (VS Code stores runs made with persist).
  const testing = new Testing(s.page);
  await testing.open();
  await testing.expand(exerciseJson.title);
  await waitFor(async () => (await testing.failedRows.count()) >= 1, 'failed tests in the Testing view after the reload');
  await s.shot('exercise-row-testing-after-reload');

  // The learner's passing solution, typed into the stub and saved.
  await wb.runCommand('LLM Study: Start Exercise');
  await wb.pickQuickItem(exerciseJson.title);
  await wb.tab(exerciseJson.files.stub).click();
  await editor.replaceAll(solution);
  await editor.save();
  await waitFor(() => fs.readFileSync(stub, 'utf8').trim() === solution.trim(), 'the solution saved exactly as typed', 10_000);
  await waitFor(async () => (await rowText(s)).includes(`${failing} (before your last edit)`), 'the row to say its result is from before the edit');
  await s.shot('exercise-row-stale');

  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.tab(exerciseJson.files.stub).click();
  await wb.runCommand('LLM Study: Run Exercise Tests');
  await wb.notification(/All \d+ tests of .* pass/).waitFor({ timeout: 60_000 });
  await waitFor(async () => /passing/.test(await rowText(s)) && !(await rowText(s)).includes('before your last edit'), 'the row to say passing');
  await s.shot('exercise-row-passing');
});
