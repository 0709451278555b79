// Page object for VS Code's Testing view (the Test Explorer) and the editor text, for exercises.
import type { Locator, Page } from 'playwright-core';
import { Workbench } from './workbench';

export class Testing {
  private readonly wb: Workbench;

  constructor(readonly page: Page) {
    this.wb = new Workbench(page);
  }

  async open(): Promise<void> {
    await this.wb.runCommand('Testing: Focus on Test Explorer View');
    await this.rows.first().waitFor({ timeout: 20_000 });
  }

  get view(): Locator {
    return this.page.locator('.test-explorer').first();
  }

  get rows(): Locator {
    return this.view.locator('.monaco-list-row');
  }

  row(label: string | RegExp): Locator {
    return this.view.locator('.monaco-list-row', { hasText: label }).first();
  }

  /** Rows whose state icon says failed or errored. */
  get failedRows(): Locator {
    return this.view.locator('.monaco-list-row', { has: this.page.locator('[class*="testing-failed-icon"], [class*="testing-error-icon"]') });
  }

  get passedRows(): Locator {
    return this.view.locator('.monaco-list-row', { has: this.page.locator('[class*="testing-passed-icon"]') });
  }

  async expand(label: string | RegExp): Promise<void> {
    const row = this.row(label);
    await row.waitFor({ timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  }
}

/** The active text editor (Monaco) of the workbench. */
export class Editor {
  constructor(readonly page: Page) {}

  get active(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  }

  /**
   * Replaces the whole text. `insertText` sends one input event, which Monaco applies as a single
   * edit: no per-keystroke auto-indent or auto-closing brackets to mangle Python.
   */
  async replaceAll(text: string): Promise<void> {
    await this.active.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }
}
