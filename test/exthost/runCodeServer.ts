// Runs the extension-host suite inside code-server, the way @vscode/test-electron runs it inside
// Electron: the workbench is opened with an extensionDevelopmentPath + extensionTestsPath payload
// and reports back through the smoke-test driver hooks (codeAutomationLog / codeAutomationExit).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, REPO, startCodeServer } from '../support/codeServer';

/** Runs one bundled suite (dist-test/exthost/<name>.js) in a fresh code-server; returns its exit code. */
async function runSuite(name: string, restricted: boolean): Promise<number> {
  const suite = path.join(REPO, 'dist-test', 'exthost', `${name}.js`);
  if (!fs.existsSync(suite) || !fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    console.error('build first: npm run build');
    return 1;
  }
  const t0 = Date.now();
  const server = await startCodeServer({ restricted, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    let finish!: (code: number) => void;
    const exited = new Promise<number>((r) => (finish = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      // The workbench asks the extension gallery for updates; offline, that noise hides the results.
      if (/open-vsx|ENOTFOUND|queryGallery/.test(text)) return;
      if (type === 'error') console.error(text);
      else console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(suite)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(124), 180_000))]);
    if (code === 124) console.error(`extension-host tests (${name}) timed out after 180 s`);
    console.log(`extension-host tests (${name}${restricted ? ', Restricted Mode' : ''}) in code-server: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<number> {
  const main = await runSuite('suite', false);
  // The same extension in an untrusted folder: nothing may run the learner's code there.
  const restricted = await runSuite('restricted', true);
  return main || restricted;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(1); });
