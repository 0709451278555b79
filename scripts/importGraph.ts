// The import graph of src/ and webview/, and the rules that keep its layers apart (issue 12):
// - webview code runs in a browser: it reaches only webview/ and the shared layer, never `vscode`,
//   Node built-ins or host files;
// - host code never reaches webview/ (DOM code);
// - the shared layer (src/shared/) is what both sides use: no `vscode`, no Node, no feature;
// - a feature folder of src/ reaches only itself, the shared layer, the host's infrastructure
//   (state, webviews, util) and `Study` (src/study.ts), never another feature: features meet
//   through ports on `Study`.
// Usage: node --import tsx scripts/importGraph.ts [--folders] prints the folder graph and any
// rule broken (exit 1 when one is); test/unit/architecture/boundary.test.ts runs the same check.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface ImportEdge {
  from: string; // repository-relative file
  to: string; // repository-relative file, or the package name for a bare import
  typeOnly: boolean;
}

/** Features of the host: each may import only itself, INFRASTRUCTURE, the shared layer and study.ts. */
export const FEATURES = ['curriculum', 'exercises', 'lesson', 'playground', 'review', 'tokenizer', 'training'];
/** Host code every feature may use; it imports no feature itself. */
export const INFRASTRUCTURE = ['state', 'webviews', 'util'];
/** The wiring files: they see every feature, by design. */
const WIRING = ['src/extension.ts', 'src/commands.ts', 'src/study.ts'];
/** Files every feature may import: `Study` (the ports) and the command table's type. */
const PORTS = ['src/study.ts', 'src/commands.ts'];
/** Packages webview code may load (they run in the browser). */
const BROWSER_PACKAGES = ['onnxruntime-web', 'katex', 'highlight.js', 'markdown-it', 'sanitize-html', 'js-tiktoken', 'uplot'];

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SPECIFIER = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sourceFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function resolveRelative(root: string, from: string, spec: string): string {
  const base = path.join(path.dirname(path.join(root, from)), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(root, candidate).split(path.sep).join('/');
  }
  return path.relative(root, base).split(path.sep).join('/');
}

/** Comments are dropped first so an import quoted in a comment is not an edge. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of [...sourceFiles(root, 'src'), ...sourceFiles(root, 'webview')]) {
    const text = stripComments(fs.readFileSync(path.join(root, file), 'utf8'));
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[3] ?? m[4];
      if (!spec) continue;
      const to = spec.startsWith('.') ? resolveRelative(root, file, spec) : spec;
      edges.push({ from: file, to, typeOnly: Boolean(m[2]) });
    }
  }
  return edges;
}

/** The box a file belongs to in the folder picture: `src/lesson`, `webview/playground`, `vscode`, `node`... */
export function folderOf(file: string): string {
  if (NODE_BUILTINS.has(file)) return 'node';
  if (!file.startsWith('src/') && !file.startsWith('webview/')) return file.startsWith('@') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0];
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

const isPackage = (to: string) => !to.startsWith('src/') && !to.startsWith('webview/');
const packageName = (to: string) => (to.startsWith('@') ? to.split('/').slice(0, 2).join('/') : to.split('/')[0]);

/** Why an edge breaks the layering, or undefined when it is allowed. */
export function ruleBroken(e: ImportEdge): string | undefined {
  const from = folderOf(e.from);
  const to = folderOf(e.to);
  if (from.startsWith('webview/')) {
    if (e.to === 'vscode') return 'webview code imports vscode';
    if (NODE_BUILTINS.has(e.to)) return `webview code imports the Node built-in ${e.to}`;
    if (isPackage(e.to)) return BROWSER_PACKAGES.includes(packageName(e.to)) ? undefined : `webview code imports the package ${e.to}, not known to run in a browser`;
    if (e.to.startsWith('src/') && to !== 'src/shared') return `webview code imports the host file ${e.to} (only src/shared/ is shared)`;
    return undefined;
  }
  if (e.to.startsWith('webview/')) return `host code imports webview (DOM) code ${e.to}`;
  if (from === 'src/shared') {
    if (e.to === 'vscode' || NODE_BUILTINS.has(e.to)) return `the shared layer imports ${e.to}, which a webview does not have`;
    if (e.to.startsWith('src/') && to !== 'src/shared') return `the shared layer imports the host file ${e.to}`;
    return undefined;
  }
  if (WIRING.includes(e.from) || isPackage(e.to) || to === from || to === 'src/shared' || PORTS.includes(e.to)) return undefined;
  const fromName = from.slice(4);
  const toName = to.slice(4);
  if (INFRASTRUCTURE.includes(fromName) && FEATURES.includes(toName)) return `infrastructure ${from} imports the feature ${e.to}`;
  if (FEATURES.includes(fromName) && FEATURES.includes(toName)) return `feature ${from} imports another feature's file ${e.to} (meet through a port on Study)`;
  if (INFRASTRUCTURE.includes(fromName) && INFRASTRUCTURE.includes(toName)) return undefined;
  if (FEATURES.includes(fromName) && INFRASTRUCTURE.includes(toName)) return undefined;
  return `${from} is in no layer the rules know (add it to FEATURES or INFRASTRUCTURE in scripts/importGraph.ts)`;
}

export function violations(edges: ImportEdge[]): string[] {
  return edges.flatMap((e) => {
    const why = ruleBroken(e);
    return why ? [`${e.from} -> ${e.to}: ${why}`] : [];
  });
}

/** Folder-level arrows with how many imports each stands for, packages left out unless asked. */
export function folderGraph(edges: ImportEdge[], withPackages = false): string[] {
  const counts = new Map<string, number>();
  for (const e of edges) {
    const from = folderOf(e.from);
    const to = folderOf(e.to);
    if (from === to || (!withPackages && isPackage(e.to) && e.to !== 'vscode' && !NODE_BUILTINS.has(e.to))) continue;
    const key = `${from} -> ${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} (${n})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const edges = importEdges(root);
  console.log(folderGraph(edges, process.argv.includes('--packages')).join('\n'));
  const broken = violations(edges);
  console.log(broken.length ? `\n${broken.length} imports break the layering:\n${broken.join('\n')}` : '\nno import breaks the layering');
  process.exitCode = broken.length ? 1 : 0;
}
