// Page object for lesson pages (the llmStudy.lesson webview) and the colour theme switch used to
// photograph them in light and dark.
import type { Frame, Page } from 'playwright-core';
import { Workbench } from './workbench';

export class LessonPage {
  readonly wb: Workbench;
  constructor(readonly page: Page) {
    this.wb = new Workbench(page);
  }

  /** The frame of the lesson `key` (e.g. "lesson:self-attention") once its content is rendered. */
  async frame(key: string, timeoutMs = 30_000): Promise<Frame> {
    return this.wb.webviewFrame(`body[data-rendered="true"] #app[data-page="${key}"]`, timeoutMs);
  }

  card(f: Frame, resourceId: string) {
    return f.locator(`article[data-resource="${resourceId}"]`);
  }

  async isDone(f: Frame, resourceId: string): Promise<boolean> {
    return (await this.card(f, resourceId).locator('button.done-toggle').getAttribute('aria-pressed')) === 'true';
  }

  async waitDone(f: Frame, resourceId: string, done: boolean, timeoutMs = 10_000): Promise<void> {
    await this.card(f, resourceId).locator(`button.done-toggle[aria-pressed="${done}"]`).waitFor({ timeout: timeoutMs });
  }

  async toggleDone(f: Frame, resourceId: string): Promise<void> {
    await this.card(f, resourceId).locator('button.done-toggle').click();
  }

  lessonNote(f: Frame) {
    return f.locator('#lesson-notes textarea');
  }

  /** Types a lesson note and waits until the host has stored it. */
  async writeLessonNote(f: Frame, text: string): Promise<void> {
    const area = this.lessonNote(f);
    await area.click();
    await area.fill(text);
    await f.locator('#lesson-notes .note-status', { hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  }

  /** Answers the first self-check question: the right choice, or reveals the model answer. */
  async answerFirstQuestion(f: Frame, correct?: number): Promise<void> {
    const q = f.locator('#self-check fieldset.question').first();
    await q.scrollIntoViewIfNeeded();
    if ((await q.getAttribute('class'))?.includes('mc')) {
      await q.locator(`input[type="radio"][value="${correct ?? 0}"]`).check();
      await q.locator('button.check').click();
      await q.locator('.feedback').waitFor({ timeout: 10_000 });
    } else {
      await q.locator('textarea').fill('My own answer, before peeking.');
      await q.locator('button.reveal').click();
      await q.locator('.model-answer').waitFor({ state: 'visible', timeout: 10_000 });
    }
  }

  /** Preferences: Color Theme, then the theme's name (e.g. "Light Modern"). */
  async setTheme(name: string): Promise<void> {
    // Not wb.runCommand: "Browse Color Themes in Marketplace" matches too and may come first.
    await this.page.keyboard.press('F1');
    await this.wb.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
    await this.wb.quickInput.fill('>Preferences: Color Theme');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).filter({ hasNotText: 'Marketplace' }).first();
    await row.click();
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: /Dark|Light/ }).first().waitFor({ timeout: 15_000 });
    await this.wb.quickInput.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.waitForTimeout(700); // webviews receive the new theme variables asynchronously
  }
}
