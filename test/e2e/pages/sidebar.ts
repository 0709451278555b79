// Page object for the LLM Study sidebar (the curriculum tree).
import type { Locator, Page } from 'playwright-core';

export class Sidebar {
  constructor(readonly page: Page) {}

  get activityBarEntry(): Locator {
    return this.page.locator('.activitybar [aria-label^="LLM Study"]').first();
  }

  get view(): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: /course/i }) }).first();
  }

  async open(): Promise<void> {
    await this.activityBarEntry.waitFor({ timeout: 60_000 });
    const selected = await this.activityBarEntry.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!selected) await this.activityBarEntry.click();
    await this.rows.first().waitFor({ timeout: 60_000 });
  }

  get rows(): Locator {
    return this.view.locator('.monaco-list-row');
  }

  row(label: string | RegExp): Locator {
    return this.view.locator('.monaco-list-row', { hasText: label }).first();
  }

  async expand(label: string | RegExp): Promise<void> {
    const row = this.row(label);
    await row.waitFor({ timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 10_000 });
  }

  checkbox(label: string | RegExp): Locator {
    return this.row(label).locator('.custom-view-tree-node-item-checkbox, [role="checkbox"]').first();
  }

  async isChecked(label: string | RegExp): Promise<boolean> {
    const box = this.checkbox(label);
    await box.waitFor({ timeout: 15_000 });
    const aria = await box.getAttribute('aria-checked');
    if (aria !== null) return aria === 'true';
    return (await box.getAttribute('class'))?.includes('checked') ?? false;
  }
}
