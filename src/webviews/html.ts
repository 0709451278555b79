// Shared HTML shell for every LLM Study webview: strict CSP with a per-load nonce, scripts and
// styles only from the extension's own files, and the VS Code theme variables for colour.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

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
function csp(webview: vscode.Webview, scriptSrc: string | undefined, extra: string[] = []): string {
  return [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
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

export function webviewHtml(o: ShellOptions): string {
  const nonce = makeNonce();
  const base = vscode.Uri.joinPath(o.extensionUri, 'dist', 'webview');
  const script = o.webview.asWebviewUri(vscode.Uri.joinPath(base, `${o.bundle}.js`));
  const style = o.webview.asWebviewUri(vscode.Uri.joinPath(base, `${o.bundle}.css`));
  const shared = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'media', 'webview.css'));
  const policy = csp(o.webview, `'nonce-${nonce}' ${(o.extraScriptSrc ?? []).join(' ')}`.trim(), o.extraCsp);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${shared}">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body ?? '<main id="app" aria-live="polite"></main>'}
<script type="application/json" id="initial-state" nonce="${nonce}">${jsonForHtml(o.initialState)}</script>
<script type="module" nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
