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
    throw new Error(`the playground did not reach phase ${phase} within ${timeoutMs} ms (${await this.where()})`);
  }

  /** What the window shows, for a failure message: editor tabs (the active one starred) and each webview's phase. */
  async where(): Promise<string> {
    const tabs = await this.page.locator('.tabs-container .tab').evaluateAll((ts) => ts.map((t) => `${t.classList.contains('active') ? '*' : ''}${t.getAttribute('aria-label') ?? t.textContent ?? ''}`)).catch(() => []);
    const phases: string[] = [];
    for (const f of this.page.frames()) {
      const p = await f.locator('body[data-phase]').getAttribute('data-phase', { timeout: 200 }).catch(() => undefined);
      if (p) phases.push(p);
    }
    return `tabs: ${tabs.join(' | ') || 'none'}; playground frames: ${phases.join(', ') || 'none'}`;
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

  async tab(f: Frame, view: 'generate' | 'attention' | 'logit-lens' | 'induction' | 'ablate' | 'patch' | 'dla' | 'steer'): Promise<void> {
    await f.locator(`#tab-${view}`).click();
    await f.locator(`#view-${view}`).waitFor({ state: 'visible' });
  }

  /** The playground's frame, opening the panel first when no playground is open (within `waitMs`). */
  async frameOrOpen(waitMs = 3_000): Promise<Frame> {
    try {
      return await this.frame('ready', waitMs);
    } catch {
      await this.openFromPalette();
      return this.frame('ready', 90_000);
    }
  }

  /** Ablate view: waits until its last recompute has finished. */
  async ablateIdle(f: Frame, timeoutMs = 60_000): Promise<void> {
    await f.locator('#view-ablate[data-ready="true"][data-running="false"]').waitFor({ timeout: timeoutMs });
  }

  /** Clicks head (layer, head) in the Ablate grid (knocks it out, or back in) and waits for the rerun. */
  async toggleHead(f: Frame, layer: number, head: number): Promise<void> {
    await f.locator(`#abl-grid .abl-head[data-layer="${layer}"][data-head="${head}"]`).click();
    await this.ablateIdle(f);
  }

  /** The Ablate view's second-copy loss: with all heads, and with the heads now off. */
  async secondCopyLoss(f: Frame): Promise<{ plain: number; ablated: number }> {
    const line = f.locator('#abl-loss');
    return { plain: Number(await line.getAttribute('data-plain')), ablated: Number(await line.getAttribute('data-ablated')) };
  }

  /** Runs one Patching sweep and returns its hottest cell, as the canvas records it. */
  async patchSweep(f: Frame, kind: 'resid' | 'heads', timeoutMs = 60_000): Promise<{ row: number; col: number; value: number }> {
    const canvas = f.locator(kind === 'heads' ? '#patch-head-map' : '#patch-resid-map');
    await f.locator(kind === 'heads' ? '#patch-heads' : '#patch-resid').click();
    await canvas.and(f.locator('[data-hot-value]')).waitFor({ timeout: timeoutMs });
    await f.locator('#view-patch[data-running="false"]').waitFor({ timeout: timeoutMs });
    return { row: Number(await canvas.getAttribute('data-hot-row')), col: Number(await canvas.getAttribute('data-hot-col')), value: Number(await canvas.getAttribute('data-hot-value')) };
  }

  /** Steer view: types the two prompt sets and the coefficient, generates both texts, returns them once the run is done. */
  async steer(f: Frame, o: { a: string; b: string; coef: number; layer?: number; prompt?: string; tokens?: number }, timeoutMs = 90_000): Promise<{ plain: string; steered: string; differ: boolean }> {
    await f.locator('#steer-source').selectOption('prompts');
    await f.locator('#steer-a').fill(o.a);
    await f.locator('#steer-b').fill(o.b);
    if (o.layer !== undefined) await f.locator('#steer-layer').selectOption(String(o.layer));
    if (o.prompt !== undefined) await f.locator('#steer-prompt').fill(o.prompt);
    if (o.tokens !== undefined) await f.locator('#steer-tokens').fill(String(o.tokens));
    await f.locator('#steer-coef-value').fill(String(o.coef));
    await f.locator('#steer-coef-value').dispatchEvent('input');
    await f.locator('#view-steer').evaluate((e) => e.removeAttribute('data-ready'));
    await f.locator('#steer-run').click();
    await f.locator('#view-steer[data-ready="true"][data-running="false"]').waitFor({ timeout: timeoutMs });
    const text = async (id: string) => (await f.locator(id).textContent()) ?? '';
    return { plain: await text('#steer-plain'), steered: await text('#steer-steered'), differ: (await f.locator('#view-steer').getAttribute('data-differ')) === 'true' };
  }

  /** The scriptless .onnx editor's frame. */
  async onnxEditor(selector = 'main.onnx-model'): Promise<Frame> {
    return this.wb.webviewFrame(selector, 30_000);
  }

  /**
   * Quick Open, tried three times: a file written a moment ago may not be in its results yet (a
   * fresh clone's CI: "typed-into.onnx" never listed in 15 s), and asking again searches again.
   */
  async quickOpen(fileName: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('Control+P');
        await this.wb.quickInput.waitFor({ state: 'visible', timeout: 15_000 });
        await this.wb.quickInput.fill(fileName);
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 10_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(1_000);
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** Opens a file in the .onnx model editor, which is an option ("Open With…"), not the default. */
  async openInModelEditor(fileName: string): Promise<void> {
    await this.quickOpen(fileName);
    await this.wb.tab(fileName).waitFor({ timeout: 15_000 });
    await this.wb.runCommand('View: Reopen Editor With...');
    await this.wb.pickQuickItem('ONNX Model (LLM Study)');
  }
}
