// Page object for the Tiny GPT playground webview and the .onnx model editor.
import type { Frame, Page } from 'playwright-core';
import { Workbench } from './workbench';

export class Playground {
  readonly wb: Workbench;
  constructor(readonly page: Page) {
    this.wb = new Workbench(page);
  }

  /** The playground's frame once the model has loaded (or failed: the phase says which). */
  async frame(phase: 'ready' | 'error' | 'any' = 'ready', timeoutMs = 60_000): Promise<Frame> {
    const end = Date.now() + timeoutMs;
    const sel = phase === 'any' ? 'body[data-phase="ready"], body[data-phase="error"]' : `body[data-phase="${phase}"]`;
    while (Date.now() < end) {
      for (const f of this.page.frames()) {
        try {
          if (await f.locator(sel).count()) return f;
          if (phase !== 'any' && (await f.locator('body[data-phase]').count())) {
            const other = await f.locator('body').getAttribute('data-phase');
            if (other === 'error' && phase === 'ready') throw new Error(`playground failed: ${await f.locator('#error').textContent()}`);
          }
        } catch (e) {
          if (e instanceof Error && e.message.startsWith('playground failed')) throw e;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the playground did not reach phase ${phase} within ${timeoutMs} ms`);
  }

  /** F1 > "LLM Study: Open Tiny GPT Playground"; retried once, since the palette may still be filling. */
  async openFromPalette(): Promise<void> {
    try {
      await this.wb.runCommand('LLM Study: Open Tiny GPT Playground');
    } catch {
      await this.page.keyboard.press('Escape');
      await this.wb.runCommand('LLM Study: Open Tiny GPT Playground');
    }
  }

  async backend(f: Frame): Promise<string> {
    return (await f.locator('#backend').textContent()) ?? '';
  }

  async setNumber(f: Frame, id: string, value: number): Promise<void> {
    await f.locator(`#${id}`).fill(String(value));
    await f.locator(`#${id}`).dispatchEvent('input');
  }

  async chart(f: Frame): Promise<{ kept: number; top: number; chosen: number }> {
    const c = f.locator('#dist-chart');
    return { kept: Number(await c.getAttribute('data-kept')), top: Number(await c.getAttribute('data-top')), chosen: Number(await c.getAttribute('data-chosen')) };
  }

  async generated(f: Frame): Promise<number> {
    return f.locator('#output .gen').count();
  }

  /** Waits until a generation run has finished (the Generate button is enabled again). */
  async idle(f: Frame, timeoutMs = 60_000): Promise<void> {
    await f.locator('#view-generate[data-running="false"]').waitFor({ timeout: timeoutMs });
  }

  async tab(f: Frame, view: 'generate' | 'attention' | 'logit-lens' | 'induction'): Promise<void> {
    await f.locator(`#tab-${view}`).click();
    await f.locator(`#view-${view}`).waitFor({ state: 'visible' });
  }

  /** The scriptless .onnx editor's frame. */
  async onnxEditor(selector = 'main.onnx-model'): Promise<Frame> {
    return this.wb.webviewFrame(selector, 30_000);
  }

  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.wb.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
    await this.wb.quickInput.fill(fileName);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
    await this.page.keyboard.press('Enter');
  }
}
