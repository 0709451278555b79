// What VS Code for the Web has written to the browser's storage for LLM Study.
//
// The workbench keeps extension state (globalState, workspaceState) in IndexedDB and writes a
// change there about 0.1 s after it is made, longer when the browser is busy; a page reload in
// that window loses the change (seen: a tick made 60 ms before a reload was gone after it, in 4
// runs of 4). A learner cannot reload that fast; a test can, so reload() waits for the stored
// state to settle first, and a reload test then tests the extension, not that race.
import type { Page } from 'playwright-core';

/** The extension's stored state as one string (every VS Code state database, its key in each). */
export function storedExtensionState(page: Page, extensionId = 'llm-study.llm-study'): Promise<string> {
  return page.evaluate(async (key) => {
    const out: string[] = [];
    const dbs = await indexedDB.databases();
    for (const { name } of dbs) {
      if (!name?.startsWith('vscode-web-state-db')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        const value = await new Promise<unknown>((resolve) => {
          const r = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get(key);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => resolve(undefined);
        });
        out.push(`${name}=${String(value)}`);
      } catch {
        // A database without the table (not a state database after all): nothing of ours in it.
      } finally {
        db.close();
      }
    }
    return out.sort().join('\n');
  }, extensionId);
}

/** Resolves once the stored state has not changed for `quietMs` (or after `timeoutMs` regardless). */
export async function extensionStateSettled(page: Page, quietMs = 600, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = await storedExtensionState(page);
  let since = Date.now();
  while (Date.now() < end && Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await storedExtensionState(page);
    if (now !== last) [last, since] = [now, Date.now()];
  }
}
