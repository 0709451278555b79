// One build script: the extension host bundle (Node, `vscode` external), one browser bundle per
// webview (every webview/<name>/main.ts), and the extension-host test suite.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = path.dirname(new URL(import.meta.url).pathname);

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const webviews = fs.readdirSync(path.join(root, 'webview'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'webview', d.name, 'main.ts')))
  .map((d) => d.name);

// KaTeX's CSS lists each font as woff2, woff and ttf; every webview engine VS Code runs reads
// woff2, so ship only those (300 KB instead of 1.2 MB).
/** @type {esbuild.Plugin} */
const katexWoff2Only = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex(\.min)?\.css$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, 'utf8')).replace(/,\s*url\([^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)/g, ''),
      loader: 'css',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** Host features bundled apart from the entry (src/commands.ts LAZY_FEATURES lists their commands). */
const LAZY_FEATURES = ['exercises', 'lesson', 'playground', 'review', 'tokenizer', 'training'];

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // The entry (activate(), Study, the course tree) and one bundle per lazily loaded feature,
    // required the first time it is used (src/util/lazy.ts; issue 16): esbuild cannot split a
    // CommonJS bundle, so each feature is an entry point of its own.
    entryPoints: { extension: 'src/extension.ts', ...Object.fromEntries(LAZY_FEATURES.map((f) => [`features/${f}`, `src/${f}/registration.ts`])) },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: Object.fromEntries(webviews.map((n) => [n, `webview/${n}/main.ts`])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    loader: { '.css': 'css', '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    // onnxruntime-web: the small build that loads its .mjs/.wasm from wasmPaths (copied below),
    // not the "bundle" build that inlines the loader and looks next to the script.
    conditions: ['onnxruntime-web-use-extern-wasm'],
    plugins: [katexWoff2Only],
  },
];

// The playground's onnxruntime-web files, served from the extension (never a CDN). WASM: the plain
// SIMD build. WebGPU: its own ESM build + the asyncify wasm, imported only when used. The .wasm
// files ship gzipped (14.2 -> 3.7 MB, 26.8 -> 6.7 MB): a webview reads extension files through
// VS Code's resource loader, uncompressed, and there the bytes, not the compile, set the time to
// the first token. webview/playground/runtime.ts inflates them with DecompressionStream.
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort.webgpu.min.mjs',
  'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
const ortSrc = path.join(root, 'node_modules', 'onnxruntime-web', 'dist');
if (fs.existsSync(ortSrc)) {
  const ortOut = path.join(root, 'dist', 'webview', 'ort');
  fs.mkdirSync(ortOut, { recursive: true });
  for (const f of ORT_FILES) {
    const from = path.join(ortSrc, f);
    const gz = f.endsWith('.wasm');
    const to = path.join(ortOut, gz ? `${f}.gz` : f);
    if (gz) fs.rmSync(path.join(ortOut, f), { force: true }); // an uncompressed copy from older builds
    // Rebuilt when onnxruntime-web changes (a newer file); gzip -9 of both takes ~3 s.
    if (fs.existsSync(to) && fs.statSync(to).mtimeMs >= fs.statSync(from).mtimeMs && (gz || fs.statSync(to).size === fs.statSync(from).size)) continue;
    if (gz) fs.writeFileSync(to, zlib.gzipSync(fs.readFileSync(from), { level: 9 }));
    else fs.copyFileSync(from, to);
  }
}
// The tokenizer view's ranks (js-tiktoken's GPT-2, cl100k_base and o200k_base: 0.5, 1.1 and 2.3 MB),
// as JSON the webview fetches when the view opens; bundling them would put 4 MB into the view's
// script, and importing them on the host would load them at activation (issue 16).
const TIKTOKEN_RANKS = ['gpt2', 'cl100k_base', 'o200k_base'];
const ranksSrc = path.join(root, 'node_modules', 'js-tiktoken', 'dist', 'ranks');
if (fs.existsSync(ranksSrc)) {
  const ranksOut = path.join(root, 'dist', 'webview', 'tiktoken');
  fs.mkdirSync(ranksOut, { recursive: true });
  for (const name of TIKTOKEN_RANKS) {
    const from = path.join(ranksSrc, `${name}.js`);
    const to = path.join(ranksOut, `${name}.json`);
    if (fs.existsSync(to) && fs.statSync(to).mtimeMs >= fs.statSync(from).mtimeMs) continue;
    // Each file is one `export default {...};`: the object is plain JSON (checked by the parse).
    const js = fs.readFileSync(from, 'utf8').trim();
    const body = js.replace(/^export default /, '').replace(/;$/, '');
    fs.writeFileSync(to, JSON.stringify(JSON.parse(body)));
  }
}
// The extension-host test suite is a dev artifact; it never ships (see .vscodeignore).
if (!production && fs.existsSync(path.join(root, 'test/exthost/suite/index.ts'))) {
  builds.push({
    ...common,
    entryPoints: { suite: 'test/exthost/suite/index.ts', restricted: 'test/exthost/restricted/index.ts' },
    outdir: 'dist-test/exthost',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  });
}

// Lesson pages rendered and sanitised now, not in the extension host (issue 16): lessons never
// change after we ship them, so the host reads dist/lessons/*.json and carries no markdown, KaTeX
// or highlight.js code. scripts/renderLessons.ts is bundled for Node and run here; it is skipped
// when nothing it reads (curriculum/, src/, the renderer, the rendering packages) changed since
// the last render (rendering all pages takes ~2 s, most of it KaTeX).
const lessonsOut = path.join(root, 'dist', 'lessons');
const lessonsStamp = path.join(lessonsOut, '.inputs');
function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}
const lessonInputs = () => String(Math.max(...['curriculum', 'src/lesson', 'src/shared', 'src/curriculum', 'scripts/renderLessons.ts', 'package-lock.json']
  .map((p) => newestMtime(path.join(root, p)))));
async function renderLessonPages(force = false) {
  const inputs = lessonInputs();
  if (!force && fs.existsSync(lessonsStamp) && fs.readFileSync(lessonsStamp, 'utf8') === inputs) return;
  const cache = path.join(root, 'node_modules', '.cache', 'llm-study');
  const script = path.join(cache, 'renderLessons.cjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts', 'renderLessons.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', logLevel: 'warning', sourcemap: 'inline',
  });
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  delete require.cache[script];
  const r = require(script).renderLessons(path.join(root, 'curriculum'), lessonsOut);
  fs.writeFileSync(lessonsStamp, inputs);
  console.log(`[lessons] ${r.pages} pages rendered to dist/lessons (${(r.bytes / 1024).toFixed(0)} KB) in ${r.ms.toFixed(0)} ms`);
}

if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
  await renderLessonPages();
  // A lesson edited while watching is rendered again (debounced; errors are shown, not fatal).
  let timer;
  for (const dir of ['curriculum', 'src/lesson']) {
    fs.watch(path.join(root, dir), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => renderLessonPages(true).catch((e) => console.error('[lessons]', e.message)), 200);
    });
  }
  console.log('[esbuild] watching', webviews.length, 'webviews + extension + lesson pages');
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), renderLessonPages()]);
}
