import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { openSession } from '../session';
import { storedExtensionState } from '../storage';
import { LessonPage } from '../pages/lesson';
import { Sidebar } from '../pages/sidebar';
import { course, resourceTitle } from '../curriculum';
import { REPO } from '../../support/codeServer';

// A lesson with maths, questions and a resource that appears nowhere else (so its sidebar row is unique).
const all = course.modules.flatMap((m, mi) => m.lessons.map((l) => ({ m, mi, l })));
const counts = new Map<string, number>();
for (const { l } of all) for (const r of l.resources) counts.set(r, (counts.get(r) ?? 0) + 1);
const pick = all.find(({ l }) => l.id === 'self-attention' && l.selfCheck?.length) ?? all.find(({ l }) => l.selfCheck?.length) ?? all[0];
const { m: module, mi, l: lesson } = pick;
const key = `lesson:${lesson.id}`;
const resourceId = lesson.resources.find((r) => counts.get(r) === 1) ?? lesson.resources[0];
const title = resourceTitle(resourceId);
const lessonFile = path.join(REPO, 'curriculum', lesson.file ?? `lessons/${lesson.id}.md`);
const hasMaths = fs.existsSync(lessonFile) && /\$[^$\s]/.test(fs.readFileSync(lessonFile, 'utf8'));
const NOTE = `Attention is a soft lookup: scores from dot products, softmax, then a weighted sum. ${Date.now()}`;

test('a lesson opens from the sidebar with text, cards, ticks in sync both ways, a note and a self-check answer', { timeout: 240_000 }, async () => {
  const s = await openSession();
  const sidebar = new Sidebar(s.page);
  const lp = new LessonPage(s.page);
  await sidebar.open();
  // A filter left by an earlier spec (hide done) would hide the row this test ticks.
  if ((await sidebar.view.textContent())?.includes('Filtered:')) await lp.wb.runCommand('LLM Study: Clear Filters');
  await sidebar.expand(`${mi + 1}. ${module.title}`);
  const t0 = Date.now();
  await sidebar.row(lesson.title).click();
  const f = await lp.frame(key);
  s.timings.lessonOpenMs = Date.now() - t0;

  assert.equal((await f.locator('h1').textContent())?.trim(), lesson.title);
  assert.ok(((await f.locator('#lesson-text').textContent()) ?? '').length > 200, 'the lesson text is rendered');
  if (hasMaths) assert.ok((await f.locator('#lesson-text .katex').count()) > 0, 'maths rendered by KaTeX');
  assert.equal(await f.locator('article.card.resource').count(), lesson.resources.length, 'one card per resource');
  // The page draws its first screen first and attaches the rest a frame later; init comes twice
  // (with the HTML and after ready). Every block of the text and every section is there once.
  const rendered = JSON.parse(fs.readFileSync(path.join(REPO, 'dist', 'lessons', `lesson-${lesson.id}.json`), 'utf8')) as { page?: { html: string }; html?: string };
  const blocks = await f.evaluate((html) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    return { want: t.content.children.length, got: document.querySelectorAll('#lesson-text > *').length };
  }, (rendered.page ?? rendered).html ?? '');
  assert.ok(blocks.want > 5 && blocks.got === blocks.want, `every block of the lesson text is on the page (${blocks.got} of ${blocks.want})`);
  for (const sel of ['h1', '#resources', '#self-check', '#lesson-notes', '#lesson-notes textarea']) assert.equal(await f.locator(sel).count(), 1, `${sel} once`);
  assert.equal(await f.locator('#app').getAttribute('aria-busy'), null, 'the page is no longer busy');
  // Script and styles are inlined (issue 16): nothing linked, the CSP still nonce-only, and the
  // stylesheet's fonts (relative URLs before inlining) still load.
  const page = await f.evaluate(async () => {
    await document.fonts.ready;
    return {
      linked: document.querySelectorAll('script[src], link[rel="stylesheet"]').length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      katexFont: [...document.fonts].some((ff) => ff.family.replace(/"/g, '') === 'KaTeX_Main' && ff.status === 'loaded'),
    };
  });
  assert.equal(page.linked, 0, 'no linked script or stylesheet');
  assert.match(page.csp, /style-src [^;]*'nonce-[^']+'/);
  assert.doesNotMatch(page.csp, /unsafe-inline/);
  if (hasMaths) assert.ok(page.katexFont, 'KaTeX_Main loaded from the inlined stylesheet');
  await f.locator('details.legend').waitFor();
  await s.shot('lesson-dark');

  // Webview -> sidebar. Expand first: a tick re-renders the tree, which races a twistie click.
  await sidebar.expand(lesson.title);
  await sidebar.row(title).waitFor();
  assert.equal(await lp.isDone(f, resourceId), false);
  await lp.toggleDone(f, resourceId);
  const sidebarTick = async (want: boolean) => {
    const end = Date.now() + 10_000;
    while ((await sidebar.isChecked(title)) !== want && Date.now() < end) await s.page.waitForTimeout(200);
    return sidebar.isChecked(title);
  };
  assert.equal(await sidebarTick(true), true, 'the sidebar ticks the resource marked done in the lesson');
  // Sidebar -> webview, both ways.
  await sidebar.checkbox(title).click();
  await lp.waitDone(f, resourceId, false);
  assert.equal(await sidebarTick(false), false);
  await s.page.waitForTimeout(500); // the tree re-renders after a tick; click the new checkbox
  await sidebar.checkbox(title).click();
  await lp.waitDone(f, resourceId, true);
  await s.shot('lesson-resource-done');

  await lp.writeLessonNote(f, NOTE);
  const q = lesson.selfCheck?.[0];
  assert.ok(q, `lesson ${lesson.id} has self-check questions`);
  await lp.answerFirstQuestion(f, q.correct);
  await s.shot('lesson-note-and-self-check');

  // The answer travels webview -> host -> globalState; give that round trip a moment on a loaded
  // machine before the reload tears the webview down.
  await s.page.waitForTimeout(1000);
  const t1 = Date.now();
  await s.reload();
  // Brought forward if the workbench restored it, opened again if not (see restoredLesson).
  const g = await restoredLesson(lp);
  s.timings.lessonRestoreMs = Date.now() - t1;
  assert.equal(await lp.lessonNote(g).inputValue(), NOTE, 'the note survives a window reload');
  assert.equal(await lp.isDone(g, resourceId), true, 'the tick survives');
  const first = g.locator('#self-check fieldset.question').first();
  const remembered = await first.locator('.feedback, .model-answer:not([hidden])').first()
    .waitFor({ state: 'attached', timeout: 15_000 }).then(() => true, () => false);
  assert.ok(remembered, 'the self-check answer is remembered');
  await s.shot('lesson-restored');
});

test('lesson pages in light, dark and high-contrast themes', { timeout: 120_000 }, async () => {
  const s = await openSession();
  const lp = new LessonPage(s.page);
  try {
    await lp.setTheme('Light Modern');
    const f = await lp.frame(key);
    await f.locator('#self-check').scrollIntoViewIfNeeded();
    await s.shot('lesson-light');
    await lp.setTheme('Dark High Contrast');
    await s.shot('lesson-high-contrast');
  } catch (e) {
    await s.shot('lesson-theme-failure');
    throw e;
  } finally {
    await lp.setTheme('Dark Modern');
  }
  await s.shot('lesson-dark-again');
});

// Issue 11, cases 3 and 4: what a learner types is never lost or cut. The lesson's short-answer
// question is the self-check answer that had no draft and a 600 ms save delay.
const shortAnswer = (f: Frame) => f.locator('#self-check fieldset.question.short textarea').first();

/**
 * Opens the lesson from the palette (revealing it when open) and returns its rendered frame. On a
 * loaded machine the picker can close under the test (a fresh-clone CI saw it go inert, then
 * hidden, while the previous test's lesson webview was still settling): the learner would open
 * it again, and so does this, once.
 */
type LessonRef = { id: string; title: string };

async function openLesson(lp: LessonPage, which: LessonRef = lesson): Promise<Frame> {
  await new Sidebar(lp.page).open(); // the extension is active once its tree shows (a test run alone)
  for (let attempt = 1; ; attempt++) {
    try {
      await pickLesson(lp, which);
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      await lp.page.keyboard.press('Escape');
      await lp.page.waitForTimeout(1000);
    }
  }
  return lp.frame(`lesson:${which.id}`, 60_000);
}

async function pickLesson(lp: LessonPage, which: LessonRef): Promise<void> {
  await lp.wb.runCommand('LLM Study: Open Lesson');
  // The list is virtual: only rows in view exist, so filter down to the lesson first, once the
  // palette's ">Open Lesson" has given way to the lesson picker (its input starts empty).
  await lp.page.waitForFunction(() => {
    const input = document.querySelector<HTMLInputElement>('.quick-input-widget input');
    return !!input && input.value === '' && input.offsetParent !== null;
  }, undefined, { timeout: 15_000 });
  await lp.wb.quickInput.fill(which.title, { timeout: 10_000 });
  await lp.wb.pickQuickItem(which.title);
}

/**
 * The lesson after a reload. A restored webview renders only once its tab is in front, and a tab
 * that comes back must show its page: code-server often restores it without the state the page
 * saved, and the panel then finds its page by its title (it used to close, 3 reloads of 3).
 * Whether the tab comes back at all is the workbench's own layout, which code-server saves while
 * the page unloads, on a loaded machine perhaps not in time; the learner then opens the lesson
 * again, and so do we: what they typed must be there either way.
 */
async function restoredLesson(lp: LessonPage): Promise<Frame> {
  const tab = lp.wb.tab(lesson.title);
  if (await tab.waitFor({ timeout: 20_000 }).then(() => true, () => false)) {
    await tab.click();
    return lp.frame(key, 30_000);
  }
  return openLesson(lp);
}

async function closeLessonTab(lp: LessonPage, title = lesson.title): Promise<void> {
  await lp.wb.closeTab(title);
}

test('typing lost on reload (issue 11 case 4): a note and a short answer typed 0.2 s before a window reload are there after it, and stored', { timeout: 240_000 }, async () => {
  const s = await openSession();
  const lp = new LessonPage(s.page);
  const f = await openLesson(lp);
  assert.ok(await shortAnswer(f).count(), `lesson ${lesson.id} has a short-answer question`);
  const note = `Reloaded 0.2 s after typing: the note stays. ${Date.now()}`;
  const answer = `Reloaded 0.2 s after typing: the answer stays. ${Date.now()}`;
  await lp.lessonNote(f).fill(note);
  await shortAnswer(f).scrollIntoViewIfNeeded();
  await shortAnswer(f).fill(answer);
  await s.page.waitForTimeout(200);
  await s.reload();
  const g = await restoredLesson(lp);
  assert.equal(await lp.lessonNote(g).inputValue(), note, 'the note survives a reload 0.2 s after the last key');
  assert.equal(await shortAnswer(g).inputValue(), answer, 'the short answer survives a reload 0.2 s after the last key');
  // Whether they came back from storage or as drafts the page re-sent, they must be stored: a
  // panel opened fresh (no webview state) shows them.
  await g.locator('#lesson-notes .note-status', { hasText: 'Saving' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  await s.page.waitForTimeout(1000);
  await closeLessonTab(lp);
  const h2 = await openLesson(lp);
  assert.equal(await lp.lessonNote(h2).inputValue(), note, 'the note restored after the reload was stored');
  assert.equal(await shortAnswer(h2).inputValue(), answer, 'the short answer restored after the reload was stored');
  await s.shot('lesson-typing-survives-reload');
});

test('typing lost on close (issue 11 case 4): a self-check answer and a note typed 200 ms before the tab closes are there when the lesson reopens', { timeout: 240_000 }, async () => {
  const s = await openSession();
  const lp = new LessonPage(s.page);
  const f = await openLesson(lp);
  const note = `Closed 200 ms after typing: the note stays. ${Date.now()}`;
  const answer = `Closed 200 ms after typing: the answer stays. ${Date.now()}`;
  await lp.lessonNote(f).fill(note);
  await shortAnswer(f).scrollIntoViewIfNeeded();
  await shortAnswer(f).fill(answer);
  await s.page.waitForTimeout(200);
  await closeLessonTab(lp);
  const g = await openLesson(lp);
  assert.equal(await shortAnswer(g).inputValue(), answer, 'the short answer survives closing the tab 200 ms after typing');
  const shown = await lp.lessonNote(g).inputValue();
  // Whether VS Code's stored state has the note, should this ever fail (it did once, 2026-12-07).
  const stored = shown === note ? '' : `; stored state ${(await storedExtensionState(s.page)).includes(note) ? 'holds' : 'lacks'} the note`;
  assert.equal(shown, note, `the note survives closing the tab 200 ms after typing${stored}`);
  await s.shot('lesson-typing-survives-close');
});

test('long notes cut (issue 11 case 3): a 250,000-character note is refused visibly, kept whole in the page, and never shown as "Saved"', { timeout: 240_000 }, async () => {
  const s = await openSession();
  const lp = new LessonPage(s.page);
  const f = await openLesson(lp);
  const before = `A note that fits. ${Date.now()}`;
  await lp.writeLessonNote(f, before);
  const long = 'x'.repeat(249_991) + ' the end.';
  assert.equal(long.length, 250_000);
  const area = lp.lessonNote(f);
  await area.fill(long);
  const status = f.locator('#lesson-notes .note-status');
  await status.filter({ hasText: 'Too long to save' }).waitFor({ timeout: 15_000 }).catch(() => undefined);
  await s.page.waitForTimeout(1500); // any "Saved" from the host would have arrived by now
  const shown = (await status.textContent()) ?? '';
  assert.doesNotMatch(shown, /Saved/, 'an over-long note is never shown as saved');
  assert.match(shown, /Too long to save: 250,000 of 200,000 characters; nothing was cut/);
  assert.equal((await area.inputValue()).length, 250_000, 'the textarea keeps every character');
  await s.shot('lesson-note-too-long');
  // After a reload the page shows the over-long draft whole (when code-server saved the page's
  // state in time) or the last note that fitted: never a cut one.
  // What VS Code stored for us before and after the reload, to tell a lost write from a page that
  // showed something else, should this ever fail.
  const storedBefore = await storedExtensionState(s.page);
  await s.reload();
  const g = await restoredLesson(lp);
  const after = await lp.lessonNote(g).inputValue();
  const storedAfter = await storedExtensionState(s.page);
  const holds = (stored: string) => (stored.includes(JSON.stringify(before).slice(1, -1)) ? 'holds the saved note' : 'lacks the saved note');
  assert.ok(after === long || after === before,
    `after a reload the note is whole or the last saved one: ${after.length} characters (${JSON.stringify(after.slice(0, 80))}); `
    + `stored state before the reload ${holds(storedBefore)}, after it ${holds(storedAfter)}`);
  if (after === long) await g.locator('#lesson-notes .note-status', { hasText: 'Too long to save' }).waitFor({ timeout: 15_000 });
  // What was stored is the last note that fitted, whole: close (dropping the page's state) and reopen.
  await lp.lessonNote(g).fill(before);
  await g.locator('#lesson-notes .note-status', { hasText: 'Saved' }).waitFor({ timeout: 15_000 });
  await closeLessonTab(lp);
  const h2 = await openLesson(lp);
  assert.equal(await lp.lessonNote(h2).inputValue(), before);
});

// Two lessons that list the same resource, so one resource note shows on two pages.
const sharing = [...counts].filter(([, n]) => n > 1).map(([r]) => ({ r, ls: all.filter(({ l }) => l.resources.includes(r)).map(({ l }) => l) }))
  .find(({ ls }) => ls.length >= 2 && ls[0].id !== lesson.id && ls[1].id !== lesson.id);

async function resourceNote(f: Frame, lp: LessonPage, resource: string) {
  const card = lp.card(f, resource);
  const toggle = card.locator('button.notes-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return card;
}

test('a stale draft is kept aside (data loss): a page whose kept state holds a draft older than the stored note shows the note, and the draft beside it until dismissed', { timeout: 240_000 }, async () => {
  assert.ok(sharing, 'the course has a resource in two lessons');
  const { r, ls: [one, two] } = sharing!;
  const s = await openSession();
  const lp = new LessonPage(s.page);
  // In lesson one, text that cannot be saved (too long) stays a draft in that page's kept state.
  const fa = await openLesson(lp, one);
  const cardA = await resourceNote(fa, lp, r);
  const draft = `${'y'.repeat(200_001)} typed in ${one.title}`;
  await cardA.locator('textarea.note').fill(draft);
  await cardA.locator('.note-status', { hasText: 'Too long to save' }).waitFor({ timeout: 15_000 });
  // Lesson two, in front (lesson one's page goes, its kept state stays), saves the same note.
  const fb = await openLesson(lp, two);
  const cardB = await resourceNote(fb, lp, r);
  const saved = `Saved from ${two.title} after the draft. ${Date.now()}`;
  await cardB.locator('textarea.note').fill(saved);
  await cardB.locator('.note-status', { hasText: 'Saved' }).waitFor({ timeout: 15_000 });
  // Lesson one again: its page comes back from the kept state, draft and all. The old page put
  // the draft in the note's place (and would have sent it, had it fitted) over the newer note.
  await lp.wb.tab(one.title).click();
  const fa2 = await lp.frame(`lesson:${one.id}`, 30_000);
  const cardA2 = lp.card(fa2, r);
  const shownA = await cardA2.locator('textarea.note').inputValue();
  assert.equal(shownA === saved ? 'the saved note' : `${shownA.length} characters: ${shownA.slice(0, 40)}…`, 'the saved note', 'the note stored last is what shows');
  const aside = cardA2.locator('.aside');
  await aside.waitFor({ timeout: 10_000 });
  assert.equal((await aside.locator('.aside-text').textContent())?.length, draft.length, 'the draft is kept whole beside it');
  await s.shot('lesson-stale-draft-aside');
  await aside.locator('button.aside-dismiss').click();
  await aside.waitFor({ state: 'detached', timeout: 5_000 });
  // Dismissed: the page's state has no draft left, so the lesson opened again (a new page, whose
  // state starts empty) shows the stored note alone. (After a window reload code-server may give a
  // page an older state of its own, seen here, and then the draft shows again: nothing is lost.)
  await s.page.waitForTimeout(500);
  await closeLessonTab(lp, one.title);
  const fa3 = await openLesson(lp, one);
  const cardA3 = await resourceNote(fa3, lp, r);
  assert.equal(await cardA3.locator('textarea.note').inputValue(), saved);
  assert.equal(await cardA3.locator('.aside').count(), 0);
});
