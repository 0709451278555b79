// Product benchmark (issue 16): what a learner pays, measured where the learner is, inside
// code-server with the packaged extension (the e2e harness's code-server and page objects).
//   node --import tsx scripts/bench/product.ts [--no-package | --vsix FILE] [--lesson-windows N]
// - vsix_bytes: `npm run package` (production build + vsce); --no-package packages the current
//   dist/ instead (a development build, as the e2e session does) and says so; --vsix measures a
//   package built elsewhere (with its dist/ beside it, e.g. an older checkout's, for before/after).
// - host_bundle_bytes: the host's .js files in dist/ and dist/features/ (total), and what the
//   sidebar's activation loads: the entry bundle plus each feature bundle the LLM Study log says was
//   loaded by then (`feature <name> loaded in N ms (why)` lines up to 2 s after `activated in`,
//   before the first click on a lesson; listed in features_at_activation).
// - active_at_startup: whether LLM Study activated in a window that has not used it (the
//   `activated in` line is older than the first click, 8 s after the workbench is up; it should not).
// - host_bundle_load_ms: require() of the host bundle in a plain Node with a stand-in `vscode`
//   (parse, compile and module evaluation: what activation pays before activate() runs), median of 5.
// - activation_ms: the extension's own `activated in` log line (activate()'s body); the bundle's
//   load before it is host_bundle_load_ms.
// - lesson_open_ms: sidebar click on a lesson -> the lesson frame's first contentful paint (the
//   first lesson of the window), the median over fresh windows (--lesson-windows N, 5 unless told;
//   each sample in lesson_open_cold_ms), and lesson_open_warm_ms for a second lesson. Both ends are read
//   in the browser (the click's event time, the frame's paint entry), so the number does not
//   carry the 200 ms polling step of the page object (lesson_open_polled_ms still does).
//   lesson_split: the same open cut into steps, each in ms after the click (see OpenSplit).
// - empty_webview_open_ms: the same click -> first paint for a panel with one paragraph and no
//   files (scripts/bench/emptyWebview, opened from the palette in a window of its own): VS Code's
//   own cost, which no change of ours can lower; empty_webview_warm_ms when it is not the window's first.
// Heavy (code-server + Chromium): run it through the lock, as `npm run bench` is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, REPO, startCodeServer } from '../../test/support/codeServer';
import { packageVsix } from '../../test/e2e/session';
import { Sidebar } from '../../test/e2e/pages/sidebar';
import { LessonPage } from '../../test/e2e/pages/lesson';
import { Workbench } from '../../test/e2e/pages/workbench';
import { course } from '../../test/e2e/curriculum';

/** One panel open, in ms after the click (null: the step left no trace). */
export interface OpenSplit {
  /** VS Code's webview element received the HTML (its own mark): the command ran, the panel exists. */
  html_set: number | null;
  /** VS Code's outer frame had its service worker and wrote our HTML into the inner frame. */
  frame_ready: number | null;
  /** The last of our CSS and JS files arrived (through VS Code's resource loader; null when the page inlines them, as a lesson does). */
  assets_loaded: number | null;
  /**
   * Our marks in webview/lesson/main.ts: the script started, `init` arrived, the first screen was
   * in the DOM, the whole page was (a frame after the first screen's paint).
   */
  script_start: number | null;
  init: number | null;
  first_screen: number | null;
  rendered: number | null;
  /** The inner frame's first contentful paint: the text on screen. */
  first_paint: number | null;
  /** The last KaTeX font arrived (null on a page without maths). */
  fonts_loaded: number | null;
}

export interface ProductBench {
  /** The median of lesson_open_cold_ms: the first lesson of a window, one fresh window each. */
  lesson_open_ms: number | null;
  lesson_open_cold_ms: number[];
  lesson_open_warm_ms: number | null;
  lesson_open_polled_ms: number | null;
  lesson_split: OpenSplit | null;
  lesson_warm_split: OpenSplit | null;
  empty_webview_open_ms: number | null;
  empty_webview_warm_ms: number | null;
  empty_split: OpenSplit | null;
  /** The host's own line: open -> the webview said rendered, and the part after the webview's script started. */
  lesson_rendered_host_ms: number | null;
  lesson_webview_script_ms: number | null;
  host_bundle_load_ms: number | null;
  activation_ms: number | null;
  active_at_startup: boolean | null;
  host_bundle_bytes: { total: number; at_activation: number };
  /** Feature bundles loaded by the sidebar's activation (src/util/lazy.ts logs each); null when the log was not found. */
  features_at_activation: { name: string; ms: number; why: string }[] | null;
  lesson_pages_bytes: number;
  vsix_bytes: number | null;
  /** Which build was measured, and why a number is null. */
  notes: string[];
}

function dirBytes(dir: string, filter: (f: string) => boolean): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).filter(filter).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

/** require() time of a host bundle with a stand-in `vscode` module, in a fresh Node each time; median of 5. */
function bundleLoadMs(file: string): number | null {
  const script = `const M = require('node:module');
const make = () => new Proxy(function () {}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : make()), apply: () => make(), construct: () => make() });
const load = M._load;
M._load = function (r, ...a) { return r === 'vscode' ? make() : load.call(this, r, ...a); };
const t0 = performance.now();
require(process.argv[1]);
console.log(performance.now() - t0);`;
  try {
    const runs = [0, 1, 2, 3, 4].map(() => Number(execFileSync(process.execPath, ['-e', script, file], { encoding: 'utf8' }).trim())).sort((a, b) => a - b);
    return Math.round(runs[2] * 10) / 10;
  } catch {
    return null;
  }
}

/** Every *.log under dir. */
function logFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** The first match of `re` in LLM Study's output channel log (a file code-server writes under user data). */
function fromLog(userDataDir: string, re: RegExp): RegExpMatchArray | undefined {
  for (const f of logFiles(path.join(userDataDir, 'logs'))) {
    if (!/LLM Study/i.test(path.basename(f)) && !/llm-study/i.test(f)) continue;
    const m = fs.readFileSync(f, 'utf8').match(re);
    if (m) return m;
  }
  return undefined;
}

type Page = import('playwright-core').Page;
type Frame = import('playwright-core').Frame;

/** Remembers the time of the next pointer press in the workbench (epoch ms, from the event). */
async function armClickClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchClick?: number; __benchArmed?: boolean };
    w.__benchClick = undefined;
    if (w.__benchArmed) return;
    w.__benchArmed = true;
    document.addEventListener('pointerdown', (e) => (w.__benchClick = performance.timeOrigin + e.timeStamp), true);
  });
}

/** Where the time of one open went, read from the browser's own timing entries. */
async function openSplit(page: Page, frame: Frame): Promise<OpenSplit | null> {
  const clickAt = await page.evaluate(() => (window as unknown as { __benchClick?: number }).__benchClick);
  if (clickAt === undefined) return null;
  type Entry = { name: string; at: number; end: number; kind: string };
  const entries = (f: Frame) => f.evaluate(() => [
    ...performance.getEntriesByType('mark'), ...performance.getEntriesByType('paint'), ...performance.getEntriesByType('resource'),
  ].map((e) => ({ name: e.name, at: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.startTime + e.duration, kind: e.entryType })));
  const [main, outer, inner] = await Promise.all([entries(page.mainFrame()), frame.parentFrame() ? entries(frame.parentFrame()!) : [], entries(frame)]);
  const rel = (x: number | undefined) => (x === undefined ? null : Math.round(x - clickAt));
  const first = (es: Entry[], name: string) => es.find((e) => e.name === name && e.at >= clickAt)?.at;
  const lastEnd = (es: Entry[]) => (es.length ? Math.max(...es.map((e) => e.end)) : undefined);
  const resources = inner.filter((e) => e.kind === 'resource');
  return {
    html_set: rel(first(main, 'webview/webviewElement/set-content')),
    frame_ready: rel(first(outer, 'webview/index.html/content/wroteInnerContent')),
    assets_loaded: rel(lastEnd(resources.filter((e) => /\.(css|js)(\?|$)/.test(e.name)))),
    script_start: rel(first(inner, 'llmStudy:script')),
    init: rel(first(inner, 'llmStudy:init')),
    first_screen: rel(first(inner, 'llmStudy:first-screen')),
    rendered: rel(first(inner, 'llmStudy:rendered')),
    first_paint: rel(first(inner, 'first-contentful-paint')),
    fonts_loaded: rel(lastEnd(resources.filter((e) => /\.woff2(\?|$)/.test(e.name)))),
  };
}

/** The empty-webview fixture as a package code-server installs (vsce, ~3 s). */
function emptyWebviewVsix(vsce: string): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-bench-')), 'empty-webview.vsix');
  execFileSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', out], {
    cwd: path.join(REPO, 'scripts', 'bench', 'emptyWebview'), stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

/** A fresh window of its own (its own service worker, as a new VS Code window has) on the workspace. */
async function openWindow(browser: import('playwright-core').Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/** The empty panel from the palette: VS Code's own click -> first paint. */
async function openEmpty(page: Page): Promise<OpenSplit | null> {
  await armClickClock(page);
  await new Workbench(page).runCommand('Bench: Open Empty Webview');
  const frame = await new Workbench(page).webviewFrame('#app[data-page="bench:empty"]', 30_000);
  await frame.waitForFunction(() => performance.getEntriesByType('paint').length > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
  return openSplit(page, frame);
}

async function until<T>(f: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function benchProduct(o: { package?: boolean; vsix?: string; lessonWindows?: number } = {}): Promise<ProductBench> {
  const notes: string[] = [];
  let vsix: string;
  let vsixBytes: number | null = null;
  let built = false;
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (o.vsix) {
    vsix = path.resolve(o.vsix);
    vsixBytes = fs.statSync(vsix).size;
    notes.push(`the package ${vsix}`);
  } else if (o.package !== false && fs.existsSync(vsce)) {
    built = true;
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    vsix = path.join(REPO, 'dist', 'llm-study.vsix');
    vsixBytes = fs.statSync(vsix).size;
    notes.push('production package (npm run package)');
  } else {
    if (!fs.existsSync(vsce)) notes.push('vsix_bytes: null, @vscode/vsce is not installed');
    else notes.push('vsix_bytes: null, --no-package: measured the current dist/ (a development build)');
    vsix = packageVsix();
  }
  const dist = o.vsix ? path.dirname(vsix) : path.join(REPO, 'dist');
  const hostJs = (f: string) => f.endsWith('.js') || f.endsWith('.cjs');
  const features = path.join(dist, 'features');
  const host_bundle_bytes = { total: dirBytes(dist, hostJs) + dirBytes(features, hostJs), at_activation: fs.statSync(path.join(dist, 'extension.js')).size };
  const lesson_pages_bytes = dirBytes(path.join(dist, 'lessons'), (f) => f.endsWith('.json'));
  const host_bundle_load_ms = bundleLoadMs(path.join(dist, 'extension.js'));

  // An empty folder: nothing in it asks for LLM Study, so a window on it should not activate it.
  const server = await startCodeServer({ install: [vsix, emptyWebviewVsix(vsce)], settings: {} });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const r: ProductBench = {
    lesson_open_ms: null, lesson_open_cold_ms: [], lesson_open_warm_ms: null, lesson_open_polled_ms: null, lesson_split: null, lesson_warm_split: null,
    empty_webview_open_ms: null, empty_webview_warm_ms: null, empty_split: null, lesson_rendered_host_ms: null, lesson_webview_script_ms: null, host_bundle_load_ms,
    activation_ms: null, active_at_startup: null, host_bundle_bytes, features_at_activation: null, lesson_pages_bytes, vsix_bytes: vsixBytes, notes,
  };
  let page: Page | undefined;
  const url = `${server.url}/?folder=${encodeURIComponent(server.workspace)}`;
  try {
    page = await openWindow(browser, url);
    // onStartupFinished fires a few seconds after the workbench on a busy machine: give it time.
    await page.waitForTimeout(8_000);

    const sidebar = new Sidebar(page);
    const clickAt = Date.now();
    await sidebar.open();
    const act = await until(() => fromLog(server.userDataDir, /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \[info\] activated in ([\d.]+) ms/m), 10_000);
    r.activation_ms = act ? Number(act[2]) : null;
    // The log's time is the server's local time, on this machine.
    if (act) r.active_at_startup = new Date(act[1].replace(' ', 'T')).getTime() < clickAt;
    else notes.push('activation_ms: null, no "activated in" line found in the LLM Study log');
    if (act) {
      // What the sidebar's activation pulled in: the tree draws, the deferred loads run.
      await page.waitForTimeout(2_000);
      const log = fromLog(server.userDataDir, /^[\s\S]*\] activated in [\s\S]*$/);
      r.features_at_activation = [...(log?.[0] ?? '').matchAll(/\[info\] feature (\w+) loaded in ([\d.]+) ms \((.*)\)$/gm)]
        .map((m) => ({ name: m[1], ms: Number(m[2]), why: m[3] }));
      host_bundle_bytes.at_activation += r.features_at_activation.reduce((n, f) => n + fs.statSync(path.join(features, `${f.name}.js`)).size, 0);
    }

    // The lesson the e2e spec opens (maths, questions), then another one, each from the sidebar.
    const lessons = course.modules.flatMap((m, mi) => m.lessons.map((l) => ({ m, mi, l })));
    const first = lessons.find(({ l }) => l.id === 'self-attention') ?? lessons[0];
    const second = lessons.find(({ m, l }) => m.id === first.m.id && l.id !== first.l.id) ?? lessons[1];
    const open = async (x: typeof first, on: Page = page!) => {
      const bar = new Sidebar(on);
      await bar.expand(`${x.mi + 1}. ${x.m.title}`);
      await armClickClock(on);
      const t0 = Date.now();
      await bar.row(x.l.title).click();
      const frame = await new LessonPage(on).frame(`lesson:${x.l.id}`, 30_000);
      const polled = Date.now() - t0;
      // The paint entry is written a frame or two after the DOM is built.
      await frame.waitForFunction(() => performance.getEntriesByType('paint').length > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
      return { polled, split: await openSplit(on, frame) };
    };
    const cold = await open(first);
    r.lesson_open_polled_ms = cold.polled;
    r.lesson_split = cold.split;
    if (cold.split?.first_paint != null) r.lesson_open_cold_ms.push(cold.split.first_paint);
    else notes.push('lesson_open_ms: no click time or paint entry was found in the first window');
    const host = await until(() => fromLog(server.userDataDir, new RegExp(`lesson lesson:${first.l.id}: rendered (\\d+) ms after open \\(webview: (\\d+) ms\\)`)), 5_000);
    r.lesson_rendered_host_ms = host ? Number(host[1]) : null;
    r.lesson_webview_script_ms = host ? Number(host[2]) : null;
    await new Workbench(page).runCommand('View: Close All Editors');
    const warm = await open(second);
    r.lesson_warm_split = warm.split;
    r.lesson_open_warm_ms = warm.split?.first_paint ?? null;
    await new Workbench(page).runCommand('View: Close All Editors');
    const emptyWarm = await openEmpty(page);
    r.empty_webview_warm_ms = emptyWarm?.first_paint ?? null;
    // VS Code's first webview of a window, in a window that opens nothing else.
    await page.context().close();
    page = await openWindow(browser, url);
    await page.waitForTimeout(3_000);
    r.empty_split = await openEmpty(page);
    r.empty_webview_open_ms = r.empty_split?.first_paint ?? null;
    // One window's first lesson is one sample of a noisy ~300 ms: more windows, and the median.
    for (let i = 1; i < (o.lessonWindows ?? 5); i++) {
      await page.context().close();
      page = await openWindow(browser, url);
      await page.waitForTimeout(4_000);
      await new Sidebar(page).open();
      await page.waitForTimeout(1_500);
      const again = await open(first, page);
      if (again.split?.first_paint != null) r.lesson_open_cold_ms.push(again.split.first_paint);
    }
    const sorted = [...r.lesson_open_cold_ms].sort((a, b) => a - b);
    r.lesson_open_ms = sorted.length ? sorted[sorted.length >> 1] : null;
  } catch (e) {
    await page?.screenshot({ path: path.join(REPO, 'test-output', 'bench-product-failed.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    // `npm run package` left a production dist/: put the development build back (source maps).
    if (built) execFileSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'ignore' });
  }
  return r;
}

export function printProduct(p: ProductBench): void {
  const row = (name: string, value: number | boolean | null, target: string, ok?: boolean) =>
    console.log(`${name.padEnd(28)} ${String(value ?? 'n/a').padStart(10)}   ${target.padEnd(16)} ${ok === undefined ? '' : ok ? 'ok' : 'MISSED'}`);
  console.log('\nProduct, inside code-server (issue 16)');
  console.log(`${'measure'.padEnd(28)} ${'value'.padStart(10)}   target`);
  row('lesson_open_ms', p.lesson_open_ms, '<= 300 ms', p.lesson_open_ms === null ? undefined : p.lesson_open_ms <= 300);
  console.log(`${'lesson_open_cold_ms'.padEnd(28)} ${p.lesson_open_cold_ms.join(', ')}`);
  row('lesson_open_warm_ms', p.lesson_open_warm_ms, '');
  row('lesson_open_polled_ms', p.lesson_open_polled_ms, '');
  row('empty_webview_open_ms', p.empty_webview_open_ms, '');
  row('empty_webview_warm_ms', p.empty_webview_warm_ms, '');
  row('lesson_rendered_host_ms', p.lesson_rendered_host_ms, '');
  row('lesson_webview_script_ms', p.lesson_webview_script_ms, '');
  row('active_at_startup', p.active_at_startup, 'false', p.active_at_startup === null ? undefined : !p.active_at_startup);
  row('activation_ms', p.activation_ms, '<= 20 ms', p.activation_ms === null ? undefined : p.activation_ms <= 20);
  row('host_bundle_load_ms', p.host_bundle_load_ms, '');
  row('host_bundle_bytes', p.host_bundle_bytes.total, '');
  row('host_bundle_at_activation', p.host_bundle_bytes.at_activation, '');
  console.log(`${'features_at_activation'.padEnd(28)} ${p.features_at_activation === null ? 'n/a' : p.features_at_activation.map((f) => `${f.name} (${f.ms} ms: ${f.why})`).join(', ') || 'none'}`);
  row('lesson_pages_bytes', p.lesson_pages_bytes, '');
  row('vsix_bytes', p.vsix_bytes, '');
  const splits: [string, OpenSplit | null][] = [['first lesson', p.lesson_split], ['second lesson', p.lesson_warm_split], ['empty webview', p.empty_split]];
  const steps = Object.keys(p.lesson_split ?? p.empty_split ?? {}) as (keyof OpenSplit)[];
  if (steps.length) {
    console.log(`\nms after the click   ${steps.map((k) => k.padStart(14)).join('')}`);
    for (const [name, sp] of splits) console.log(`${name.padEnd(20)} ${steps.map((k) => String(sp?.[k] ?? '-').padStart(14)).join('')}`);
  }
  for (const n of p.notes) console.log(`  note: ${n}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const arg = (name: string) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const windows = arg('--lesson-windows');
  benchProduct({ package: !process.argv.includes('--no-package'), vsix: arg('--vsix'), lessonWindows: windows ? Number(windows) : undefined }).then((p) => {
    printProduct(p);
    console.log(`PRODUCT ${JSON.stringify(p)}`);
  }, (e) => {
    console.error(e);
    process.exit(1);
  });
}
