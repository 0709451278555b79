// Page object for the VS Code workbench chrome: palette, notifications, editors, webviews.
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { REPO } from '../../support/codeServer';

export class Workbench {
  constructor(readonly page: Page) {}

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
  }

  /**
   * Runs a command from the F1 palette by its title, e.g. "LLM Study: Continue Where I Left Off".
   * The row with that title is clicked, not Enter: a recently used command that also matches may be
   * listed first. Tried twice: right after a reload, or under load, the palette can open before it
   * has its commands, or go inert as it opens (seen in CI).
   */
  async runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('F1');
        await this.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
        await this.quickInput.fill(`>${title}`);
        const rows = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title });
        await rows.first().waitFor({ timeout: 15_000 });
        // The row named exactly so ("View: Close All Editors", not "... in Group"), else the first.
        const exact = await rows.evaluateAll((rs, t) => rs.findIndex((r) => r.querySelector('.label-name')?.textContent?.trim() === t), title);
        await rows.nth(Math.max(0, exact)).click();
        return;
      } catch (e) {
        if (attempt >= 2) {
          // What the window showed instead: the failure alone says only which row never came.
          await this.page.screenshot({ path: path.join(REPO, 'test-output', 'e2e', `palette-failed-${Date.now()}.png`) }).catch(() => undefined);
          throw e;
        }
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1000);
      }
    }
  }

  /** Clicks the row with `text`; one scrolled out of the list's rendered rows is typed into view, as a learner would. */
  async pickQuickItem(text: string): Promise<void> {
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const row = rows.filter({ hasText: text }).first();
    await rows.first().waitFor({ timeout: 15_000 });
    if (!(await row.isVisible())) await this.quickInput.fill(text);
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast, .notifications-center', { hasText: text }).first();
  }

  tab(label: string | RegExp): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: label }).first();
  }

  /** Closes an editor tab with its own close button, as a learner does, and waits until it is gone. */
  async closeTab(label: string | RegExp): Promise<void> {
    const tab = this.tab(label);
    await tab.locator('.tab-actions .action-label').first().click();
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
  }

  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  /** The inner frame of a webview that contains `selector` (webviews nest two iframes deep). */
  async webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      for (const f of this.page.frames()) {
        try {
          if (await f.locator(selector).count()) return f;
        } catch {
          /* frame navigated away */
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no webview frame contains ${selector}`);
  }
}
