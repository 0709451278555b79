// Page object for the tokenizer view (the llmStudy.tokenizer webview): counts per tokenizer.
import type { Frame, Page } from 'playwright-core';
import { Workbench } from './workbench';

export class TokenizerView {
  readonly wb: Workbench;
  constructor(readonly page: Page) {
    this.wb = new Workbench(page);
  }

  /** The view's frame once o200k_base (the last and largest rank file) has been counted. */
  async frame(timeoutMs = 60_000): Promise<Frame> {
    return this.wb.webviewFrame('[data-tokenizer="o200k_base"] [data-count]', timeoutMs);
  }

  /** The count shown for one tokenizer ('gpt2', 'cl100k_base', 'o200k_base' or 'chars'). */
  async count(f: Frame, tokenizer: string): Promise<number> {
    return Number(await f.locator(`[data-tokenizer="${tokenizer}"] [data-count]`).getAttribute('data-count'));
  }

  /** Waits until the view shows `text` from an editor's selection. */
  async waitForSelection(f: Frame, chars: number, timeoutMs = 10_000): Promise<void> {
    await f.locator('[data-testid="source"][data-kind="selection"]', { hasText: `${chars} characters` }).waitFor({ timeout: timeoutMs });
  }
}
