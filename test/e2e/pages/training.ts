// Page object for the training view (the llmStudy.training webview).
import type { Frame, Page } from 'playwright-core';
import { Workbench } from './workbench';

export class TrainingView {
  readonly wb: Workbench;
  constructor(readonly page: Page) {
    this.wb = new Workbench(page);
  }

  async open(): Promise<Frame> {
    await this.wb.runCommand('LLM Study: Train a Tiny GPT');
    return this.wb.webviewFrame('[data-testid="start"]', 60_000);
  }

  async state(f: Frame): Promise<string> {
    return (await f.locator('#app').getAttribute('data-state')) ?? '';
  }

  async waitState(f: Frame, state: string, timeoutMs = 180_000): Promise<void> {
    await f.locator(`#app[data-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  /** Steps drawn on the loss curve. */
  async points(f: Frame): Promise<number> {
    return Number((await f.locator('#app').getAttribute('data-points')) ?? 0);
  }

  async waitPoints(f: Frame, n: number, timeoutMs = 180_000): Promise<void> {
    await f.waitForFunction((min) => Number(document.getElementById('app')?.dataset.points ?? 0) >= min, n, { timeout: timeoutMs });
  }

  /** The strongest induction score drawn, or NaN when no head scores came yet. */
  async bestInduction(f: Frame): Promise<number> {
    const v = await f.locator('#app').getAttribute('data-best-induction');
    return v ? Number(v) : NaN;
  }

  async click(f: Frame, testId: string): Promise<void> {
    await f.locator(`[data-testid="${testId}"]:not([disabled])`).click({ timeout: 60_000 });
  }
}
