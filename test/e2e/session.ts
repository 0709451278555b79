// One code-server + Chromium session shared by every e2e spec: starting VS Code costs ~10 s on
// two cores, so specs run in order inside it. The extension is installed from the packaged .vsix,
// which also proves the .vscodeignore allowlist ships what the extension needs.
import { chromium, type Browser, type Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extensionStateSettled } from './storage';
import { CHROMIUM_ARGS, chromiumPath, pythonWrapper, REPO, startCodeServer, type RunningServer } from '../support/codeServer';

export const OUT = path.join(REPO, 'test-output', 'e2e');

export interface Session {
  server: RunningServer;
  browser: Browser;
  page: Page;
  t0: number;
  shot(name: string): Promise<void>;
  /** Reloads the whole workbench (the e2e equivalent of "Developer: Reload Window"), once what the extension stored has reached the browser's storage (see storage.ts). */
  reload(): Promise<void>;
  timings: Record<string, number>;
  /** One line per run of the Python set as llmStudy.pythonPath (in User settings, as a learner sets it). */
  pythonUsedLog: string;
}

let current: Session | undefined;

/** 55-review: the review's test clock (src/review/registration.ts) reads an ISO time from this file while it exists. */
export const REVIEW_CLOCK = path.join(OUT, 'review-clock');

/** Settings specs need from the first moment (a settings file changed later is picked up only eventually). */
const SPEC_SETTINGS: Record<string, unknown> = {
  // 40-exercises: where Start Exercise writes. llmStudy.pythonPath is added by openSession: a
  // wrapper around the Python with numpy that logs each use, so the spec proves the setting ran.
  'llmStudy.exercises.root': '${workspaceFolder}/exercises',
  // 40-exercises types Python into an editor: text must stay as typed (no auto-indent, closing
  // brackets or accepted suggestions).
  'editor.autoIndent': 'none',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  // 60-training: a short run on a text the repository ships.
  'llmStudy.training.testSteps': 60,
  'llmStudy.training.threads': 1,
  'llmStudy.training.data': path.join(REPO, 'curriculum', 'lessons', 'attention-heads.md'),
};

/**
 * The package a learner installs (issue 16): the production build (minified, no source maps) of
 * what is checked out, then vsce. dist/ holds that production build afterwards; `npm run build`
 * makes the development one again.
 */
export function packageVsix(): string {
  const vsix = path.join(REPO, 'dist', 'llm-study.vsix');
  execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), '--production'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return vsix;
}

export async function openSession(settings: Record<string, unknown> = {}): Promise<Session> {
  if (current) return current;
  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(REVIEW_CLOCK, { force: true });
  process.env.LLMSTUDY_REVIEW_CLOCK = REVIEW_CLOCK; // inherited by code-server's extension host
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const vsix = packageVsix();
  timings.vsixBytes = fs.statSync(vsix).size;
  const python = pythonWrapper(path.join(OUT, 'python'), process.env.LLM_STUDY_PYTHON || '/usr/bin/python3');
  const server = await startCodeServer({ install: [vsix], settings: { ...SPEC_SETTINGS, 'llmStudy.pythonPath': python.path, ...settings } });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const console_: string[] = [];
  page.on('console', (m) => console_.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console_.push(`[pageerror] ${e.message}`));
  const open = async () => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  };
  await open();
  timings.workbenchMs = Date.now() - t0;
  let n = 0;
  current = {
    server, browser, page, t0, timings, pythonUsedLog: python.usedLog,
    shot: async (name) => {
      n++;
      await page.screenshot({ path: path.join(OUT, `${String(n).padStart(2, '0')}-${name}.png`) });
    },
    reload: async () => {
      await extensionStateSettled(page);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    },
  };
  process.on('exit', () => fs.writeFileSync(path.join(OUT, 'console.log'), console_.join('\n')));
  return current;
}

export async function closeSession(): Promise<void> {
  if (!current) return;
  const s = current;
  current = undefined;
  fs.writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify({ ...s.timings, totalMs: Date.now() - s.t0 }, null, 2));
  await s.browser.close().catch(() => undefined);
  await s.server.stop();
}
