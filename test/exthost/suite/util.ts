import * as vscode from 'vscode';
import type { LlmStudyApi } from '../../../src/extension';

export const EXTENSION_ID = 'llm-study.llm-study';

export async function api(): Promise<LlmStudyApi> {
  const ext = vscode.extensions.getExtension<LlmStudyApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
  return ext.activate();
}

export async function until<T>(fn: () => T | undefined | Promise<T | undefined>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
