// Page object for the LLM Study sidebar (the curriculum tree).
import type { Locator, Page } from 'playwright-core';
import { course } from '../curriculum';

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
    // After a reload the workbench can restore our container as "checked" with the side bar
    // itself hidden; clicking then would toggle it shut, so only click when the tree isn't shown.
    const shown = async () => this.rows.first().isVisible().catch(() => false);
    const selected = await this.activityBarEntry.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!selected || !(await this.page.locator('.part.sidebar').isVisible())) {
      await this.activityBarEntry.click();
      await this.page.waitForTimeout(300);
      if (!(await shown()) && !(await this.page.locator('.part.sidebar').isVisible())) await this.activityBarEntry.click();
    }
    try {
      await this.rows.first().waitFor({ timeout: 60_000 });
    } catch (e) {
      await this.page.screenshot({ path: 'test-output/e2e/99-sidebar-open-failed.png' });
      throw e;
    }
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
    // Poll through the locator, not an element handle: a tree refresh re-creates rows, and a
    // handle to the old row would never change.
    const end = Date.now() + 15_000;
    while ((await row.getAttribute('aria-expanded')) !== 'true') {
      if (Date.now() > end) throw new Error(`row ${label} did not expand`);
      await row.locator('.monaco-tl-twistie').click().catch(() => undefined);
      await this.page.waitForTimeout(400);
    }
  }

  /** Opens the tree down to an exercise (its module and lesson expanded) and returns its row, in view. */
  async revealExercise(id: string, title: string): Promise<Locator> {
    const moduleIndex = course.modules.findIndex((m) => m.lessons.some((l) => l.exercises.includes(id)));
    if (moduleIndex < 0) throw new Error(`the course lists no exercise ${id}`);
    const mod = course.modules[moduleIndex];
    const lesson = mod.lessons.find((l) => l.exercises.includes(id))!;
    await this.open();
    await this.expand(`${moduleIndex + 1}. ${mod.title}`);
    await this.expand(lesson.title);
    const row = this.row(title);
    await row.scrollIntoViewIfNeeded();
    return row;
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
