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
import { pollUntil } from '../poll';
import { startExercise } from '../exercise';
import { Sidebar } from '../pages/sidebar';
import { Workbench } from '../pages/workbench';
import { Editor, Testing } from '../pages/testing';
import { REPO } from '../../support/codeServer';

const EXERCISE = 'autograd';
const source = path.join(REPO, 'curriculum', 'exercises', EXERCISE);
const exerciseJson = JSON.parse(fs.readFileSync(path.join(source, 'exercise.json'), 'utf8')) as { title: string; files: { stub: string; solution: string } };
const stubText = fs.readFileSync(path.join(source, exerciseJson.files.stub), 'utf8');
const solution = fs.readFileSync(path.join(source, exerciseJson.files.solution), 'utf8');

let current: Session | undefined;

const waitFor = (fn: () => boolean | Promise<boolean>, what: string, ms = 30_000) => pollUntil(fn, what, { ms, session: current, shot: 'exercise-row-timeout' });

/** The exercise's row in the sidebar, with its module and lesson expanded. */
const exerciseRow = (s: Session) => new Sidebar(s.page).revealExercise(EXERCISE, exerciseJson.title);

const rowText = async (s: Session) => (await (await exerciseRow(s)).textContent().catch(() => '')) ?? '';

test('exercise row: "failing n of m" after a failing run is still there after a reload; a passing solution makes it "passing"', { timeout: 300_000 }, async () => {
  const s = await openSession();
  current = s;
  const wb = new Workbench(s.page);
  const editor = new Editor(s.page);
  const stub = path.join(s.server.workspace, 'exercises', EXERCISE, exerciseJson.files.stub);
  await startExercise(s, exerciseJson.title, stub);
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
