// End-to-end tests through the UI: code-server + headless Chromium, one shared session, specs in
// test/e2e/specs run in file-name order. Screenshots of each step land in test-output/e2e/.
import { after, before } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { closeSession, openSession } from './session';

before(async () => {
  await openSession();
}, { timeout: 300_000 });

after(async () => {
  await closeSession();
});

const dir = path.join(__dirname, 'specs');
// E2E_SPECS=sidebar,lessons runs only the specs whose file names contain one of the words.
const only = process.env.E2E_SPECS?.split(',').filter(Boolean);
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts') && (!only || only.some((w) => f.includes(w)))).sort()) {
  // require, not import: specs register their tests as they load, in this order.
  require(path.join(dir, f));
}
