// The exercise loop in code-server (issue 17): run on save turned on from the palette, then only
// saves: a wrong solution (no causal mask) and the Testing view shows failures, the right one and
// every test passes, no command run in between. Then the exercise workspace: opened in this
// window, its Explorer shows the exercises, and the tests run from the palette there.
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

const EXERCISE = 'attention';
const exerciseJson = JSON.parse(fs.readFileSync(path.join(REPO, 'curriculum', 'exercises', EXERCISE, 'exercise.json'), 'utf8')) as { title: string };
const solution = fs.readFileSync(path.join(REPO, 'curriculum', 'exercises', EXERCISE, 'solution', 'attention.py'), 'utf8');
const noMask = solution.replace('    return softmax(q @ k.T / np.sqrt(d_k) + mask)', '    return softmax(q @ k.T / np.sqrt(d_k))');

let current: Session | undefined;

const waitFor = (fn: () => boolean | Promise<boolean>, what: string, ms = 30_000) => pollUntil(fn, what, { ms, session: current, shot: 'loop-timeout' });

test('exercise loop: run on save flips the Testing view on a wrong then a right save; the exercise workspace runs the tests there', { timeout: 300_000 }, async () => {
  assert.notEqual(noMask, solution);
  const s = await openSession();
  current = s;
  const wb = new Workbench(s.page);
  const testing = new Testing(s.page);
  const editor = new Editor(s.page);
  const root = path.join(s.server.workspace, 'exercises');
  const stub = path.join(root, EXERCISE, 'attention.py');
  // Started here, or kept as an earlier spec left it: either way its stub is the active editor.
  await startExercise(s, exerciseJson.title, stub);
  await wb.runCommand('Notifications: Clear All Notifications');

  await wb.tab('attention.py').click();
  await wb.runCommand('LLM Study: Run Exercise Tests on Save');
  await wb.statusBarItem(/runs its tests each time you save/).waitFor({ timeout: 15_000 });
  await testing.open();
  await testing.expand(exerciseJson.title);

  // From here on: only edits and saves.
  await wb.tab('attention.py').click();
  let t0 = Date.now();
  await editor.replaceAll(noMask);
  await editor.save();
  await waitFor(() => fs.readFileSync(stub, 'utf8').trim() === noMask.trim(), 'the wrong solution saved');
  // Without the mask some tests still pass (shapes, softmax) and the causal ones fail.
  await waitFor(async () => (await testing.failedRows.count()) >= 1 && (await testing.passedRows.count()) >= 1, 'failures and passes after the wrong save', 60_000);
  s.timings.loopWrongSaveMs = Date.now() - t0;
  await s.shot('loop-wrong-save');

  await wb.tab('attention.py').click();
  t0 = Date.now();
  await editor.replaceAll(solution);
  await editor.save();
  await waitFor(async () => (await testing.failedRows.count()) === 0 && (await testing.passedRows.count()) >= 3, 'every test passing after the right save', 60_000);
  s.timings.loopRightSaveMs = Date.now() - t0;
  await s.shot('loop-right-save');
  await wb.runCommand('LLM Study: Run Exercise Tests on Save');
  await wb.statusBarItem(/no longer runs its tests on save/).waitFor({ timeout: 15_000 });

  // The exercise workspace, in this window.
  const file = path.join(root, 'llm-study-exercises.code-workspace');
  await wb.runCommand('LLM Study: Open Exercise Workspace');
  const button = s.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'This Window' }).first();
  await button.waitFor({ timeout: 20_000 });
  await s.shot('loop-workspace-question');
  assert.ok(fs.existsSync(file), 'the workspace file is written before the question');
  const ws = JSON.parse(fs.readFileSync(file, 'utf8')) as { settings: Record<string, unknown> };
  assert.ok(typeof ws.settings['python.defaultInterpreterPath'] === 'string', 'it names the Python');
  await button.click();
  await s.page.waitForURL(/[?&]workspace=/, { timeout: 60_000 });
  await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  try {
    await new Sidebar(s.page).activityBarEntry.waitFor({ timeout: 60_000 });
    await wb.runCommand('View: Show Explorer');
    // code-server sometimes opens the workspace without its folder ("No Folder Opened", about
    // half of 8 runs here, alone or in the suite; the file was as written, `"path": "."`); a reload
    // of the page showed the folder when tried. That is VS Code for the Web's doing, not the
    // file's; the learner's fix, a reload, is what this does once (with a screenshot first).
    const folderRow = s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXERCISE }).first();
    if (!(await folderRow.waitFor({ timeout: 20_000 }).then(() => true, () => false))) {
      await s.shot('loop-workspace-no-folder');
      await s.page.reload({ waitUntil: 'domcontentloaded' });
      await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await wb.runCommand('View: Show Explorer');
      await folderRow.waitFor({ timeout: 30_000 });
    }
    await s.shot('loop-workspace-explorer');
    // The palette's command also waits for the extension to activate in this new window. Its row
    // is clicked, not taken with Enter: "...Tests on Save", used a moment ago, is listed first.
    await s.page.keyboard.press('F1');
    await wb.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.quickInput.fill('>LLM Study: Run Exercise Tests');
    await s.page.locator('.quick-input-list .monaco-list-row', { hasText: /Run Exercise Tests(?! on Save)/ }).first().click({ timeout: 15_000 });
    // With more than one exercise started and no exercise file active, it asks which.
    await s.page.waitForTimeout(1500);
    const pick = s.page.locator('.quick-input-list .monaco-list-row', { hasText: exerciseJson.title }).first();
    if (await pick.isVisible()) await pick.click();
    await wb.notification(/All \d+ tests of .* pass/).waitFor({ timeout: 60_000 });
    await testing.open();
    await testing.row(exerciseJson.title).waitFor({ timeout: 30_000 });
    await s.shot('loop-workspace-tests-pass');
  } finally {
    // The specs after this one expect the session's own folder.
    await s.page.goto(`${s.server.url}/?folder=${encodeURIComponent(s.server.workspace)}`, { waitUntil: 'domcontentloaded' });
    await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }
});
