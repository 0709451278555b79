// Shared HTML shell for every LLM Study webview: strict CSP with a per-load nonce, scripts and
// styles only from the extension's own files (linked, or inlined from them under the nonce), and
// the VS Code theme variables for colour.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}

export interface ShellOptions {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** Bundle name: dist/webview/<name>.js (and .css when the bundle imports CSS). */
  bundle: string;
  title: string;
  /** Extra CSP sources, e.g. `frame-src https://www.youtube-nocookie.com` or `'wasm-unsafe-eval'`. */
  extraScriptSrc?: string[];
  extraCsp?: string[];
  /** Serialised initial state the webview reads from #initial-state (JSON, escaped). */
  initialState?: unknown;
  body?: string;
  /**
   * Put the bundle's script and stylesheets in the page itself (with the nonce) instead of linking
   * them. VS Code shows a webview's frame at its `load` event and holds every message to it until
   * then; each linked file is a round trip through VS Code's resource loader, so the page whose
   * first screen decides how fast it feels (a lesson) loads at once. Falls back to links if the
   * files cannot be read or could not sit in a <script>/<style> element safely.
   */
  inline?: boolean;
}

/** Folders a webview may load from; keep panels to these. */
export function webviewRoots(extensionUri: vscode.Uri, ...extra: vscode.Uri[]): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media'), ...extra];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to embed in a <script type="application/json"> block. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Content-Security-Policy of every page: nothing by default, the extension's files for the rest. */
function csp(webview: vscode.Webview, scriptSrc: string | undefined, extra: string[] = [], styleNonce?: string): string {
  return [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    ...(scriptSrc ? [`script-src ${scriptSrc}`] : []),
    ...extra,
  ].join('; ');
}

/**
 * A page without any script (details, the .onnx summary): the same CSP minus `script-src`, so
 * nothing in it can run even if escaping failed somewhere; its actions are command links.
 */
export function staticHtml(o: { webview: vscode.Webview; extensionUri: vscode.Uri; title: string; body: string }): string {
  const shared = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'media', 'webview.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp(o.webview, undefined)}">
<link rel="stylesheet" href="${shared}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body}
</body>
</html>`;
}

/** What a page inlines: the shared stylesheet, then the bundle's; `url(./x)` is relative to dist/webview. */
interface InlineFiles {
  js: string;
  css: string[];
}

/** Text that ends neither the element it sits in nor starts a comment the parser would honour. */
const safeInElement = (text: string) => !/<\/(script|style)|<!--/i.test(text);

/**
 * Read on every render, not cached: a few hundred microseconds for ~50 KB (a lesson) to ~160 KB
 * (the playground), and a module-level cache would be copied into every feature bundle.
 */
function readInline(extensionUri: vscode.Uri, bundle: string): InlineFiles | undefined {
  try {
    const dir = path.join(extensionUri.fsPath, 'dist', 'webview');
    const js = fs.readFileSync(path.join(dir, `${bundle}.js`), 'utf8');
    const own = path.join(dir, `${bundle}.css`);
    const css = [fs.readFileSync(path.join(extensionUri.fsPath, 'media', 'webview.css'), 'utf8'), fs.existsSync(own) ? fs.readFileSync(own, 'utf8') : ''];
    return [js, ...css].every(safeInElement) ? { js, css } : undefined;
  } catch {
    return undefined; // linked instead: the page still loads, only a little later
  }
}

/** The bundle's own `url("./font.woff2")` made absolute: inlined, it would resolve against the page. */
function absoluteUrls(css: string, webview: vscode.Webview, base: vscode.Uri): string {
  return css.replace(/url\((["']?)\.\/([^"')]+)\1\)/g, (_m, _q: string, file: string) => `url("${webview.asWebviewUri(vscode.Uri.joinPath(base, file))}")`);
}

export function webviewHtml(o: ShellOptions): string {
  const nonce = makeNonce();
  const base = vscode.Uri.joinPath(o.extensionUri, 'dist', 'webview');
  const inline = o.inline ? readInline(o.extensionUri, o.bundle) : undefined;
  const script = o.webview.asWebviewUri(vscode.Uri.joinPath(base, `${o.bundle}.js`));
  const style = o.webview.asWebviewUri(vscode.Uri.joinPath(base, `${o.bundle}.css`));
  const shared = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'media', 'webview.css'));
  const policy = csp(o.webview, `'nonce-${nonce}' ${(o.extraScriptSrc ?? []).join(' ')}`.trim(), o.extraCsp, inline ? nonce : undefined);
  const styles = inline
    ? inline.css.map((css) => `<style nonce="${nonce}">${absoluteUrls(css, o.webview, base)}</style>`).join('\n')
    : `<link rel="stylesheet" href="${shared}">\n<link rel="stylesheet" href="${style}">`;
  const code = inline ? `<script type="module" nonce="${nonce}">${inline.js}</script>` : `<script type="module" nonce="${nonce}" src="${script}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body ?? '<main id="app" aria-live="polite"></main>'}
<script type="application/json" id="initial-state" nonce="${nonce}">${jsonForHtml(o.initialState)}</script>
${code}
</body>
</html>`;
}
