// A read-only custom editor for .onnx files: what the model takes and gives, what it is made of,
// and, when it has the playground's interface and a vocab.json beside it, a way to run it.
import * as vscode from 'vscode';
import { escapeHtml, staticHtml, webviewRoots } from '../webviews/html';
import { OnnxFormatError, playgroundCompatibility, readOnnxInfo, type OnnxInfo, type TensorInfo } from '../shared/onnx/onnxInfo';
import { readOnnxSkeleton } from './onnxHeader';

export const ONNX_VIEW_TYPE = 'llmStudy.onnxModel';

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(2)} MB`;
}

const shape = (t: TensorInfo) => (t.shape ? `[${t.shape.join(', ')}]` : 'unknown shape');

export function onnxSummaryHtml(name: string, size: number, info: OnnxInfo | { error: string }, run: { ok: boolean; reason?: string; link?: string }): string {
  const rows = (ts: TensorInfo[]) =>
    ts.map((t) => `<tr><td><code>${escapeHtml(t.name)}</code></td><td>${escapeHtml(t.elemType)}</td><td><code>${escapeHtml(shape(t))}</code></td></tr>`).join('');
  if ('error' in info) {
    return `<h1>${escapeHtml(name)}</h1><p class="badge">${formatBytes(size)}</p>
<div class="error" role="alert" id="onnx-error"><strong>This file could not be read as an ONNX model.</strong> ${escapeHtml(info.error)}</div>`;
  }
  const ops = Object.entries(info.ops).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const opset = info.opsets.map((o) => `${o.domain} ${o.version}`).join(', ') || 'none';
  const runBlock = run.ok && run.link
    ? `<p class="actions"><a class="button" id="open-in-playground" href="${run.link}">Open in playground</a></p>`
    : `<p class="notice" id="not-runnable">Inspected, not run: ${escapeHtml(run.reason ?? '')}</p>`;
  return `<h1>${escapeHtml(name)}</h1>
<p><span class="badge">${formatBytes(size)}</span> <span class="badge" id="param-count">${info.parameterCount.toLocaleString('en-US')} parameters</span>
<span class="badge">opset ${escapeHtml(opset)}</span> <span class="badge">IR ${info.irVersion}</span>
${info.producer ? `<span class="badge">${escapeHtml(info.producer)}</span>` : ''}</p>
${runBlock}
${info.externalFiles.length ? `<p>Weights stored as external data in ${info.externalFiles.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}.</p>` : ''}
<h2>Inputs</h2><table id="inputs"><tr><th>name</th><th>type</th><th>shape</th></tr>${rows(info.inputs)}</table>
<h2>Outputs</h2><table id="outputs"><tr><th>name</th><th>type</th><th>shape</th></tr>${rows(info.outputs)}</table>
<h2>Operators (${info.nodeCount} nodes)</h2><table id="ops"><tr><th>operator</th><th>count</th></tr>${ops.map(([o, n]) => `<tr><td>${escapeHtml(o)}</td><td>${n}</td></tr>`).join('')}</table>
<h2>Weights (${info.initializers.length} tensors)</h2><details><summary>Show all</summary><table><tr><th>name</th><th>type</th><th>shape</th></tr>
${info.initializers.map((i) => `<tr><td><code>${escapeHtml(i.name)}</code></td><td>${i.elemType}</td><td><code>[${i.dims.join(', ')}]</code></td></tr>`).join('')}</table></details>`;
}

class OnnxDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class OnnxEditorProvider implements vscode.CustomReadonlyEditorProvider<OnnxDocument> {
  constructor(private readonly extensionUri: vscode.Uri) {}

  openCustomDocument(uri: vscode.Uri): OnnxDocument {
    return new OnnxDocument(uri);
  }

  async resolveCustomEditor(doc: OnnxDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, enableCommandUris: ['llmStudy.openPlayground'], localResourceRoots: webviewRoots(this.extensionUri) };
    const name = doc.uri.path.split('/').pop() ?? 'model.onnx';
    let size = 0;
    let info: OnnxInfo | { error: string };
    try {
      // A file on disk: only its structure is read, never the weights (a model can be GBs). Other
      // file systems have no positional reads through the API: the whole file, as before.
      let bytes: Uint8Array;
      if (doc.uri.scheme === 'file') ({ bytes, size } = await readOnnxSkeleton(doc.uri.fsPath));
      else size = (bytes = await vscode.workspace.fs.readFile(doc.uri)).length;
      info = readOnnxInfo(bytes);
    } catch (e) {
      info = { error: e instanceof OnnxFormatError ? e.message : `it could not be opened (${e instanceof Error ? e.message : String(e)})` };
      size = await vscode.workspace.fs.stat(doc.uri).then((st) => st.size, () => 0);
    }
    let run: { ok: boolean; reason?: string; link?: string } = { ok: false };
    if (!('error' in info)) {
      const c = playgroundCompatibility(info);
      const vocab = vscode.Uri.joinPath(doc.uri, '..', 'vocab.json');
      const hasVocab = await vscode.workspace.fs.stat(vocab).then(() => true, () => false);
      const missing: string[] = [];
      for (const f of info.externalFiles) {
        if (!(await vscode.workspace.fs.stat(vscode.Uri.joinPath(doc.uri, '..', f)).then(() => true, () => false))) missing.push(f);
      }
      if (missing.length) run = { ok: false, reason: `its weights live in ${missing.join(', ')}, which is not beside it.` };
      else if (!c.ok) run = { ok: false, reason: `the playground runs models with an "idx" int64 [1, T] input and a "logits" output, and ${c.reason}.` };
      else if (!hasVocab) run = { ok: false, reason: 'it has the playground\'s interface, but there is no vocab.json beside it to map characters to token ids.' };
      else {
        const args = encodeURIComponent(JSON.stringify([{ preset: c.attention ? 'attention' : 'generate', model: doc.uri.toString() }]));
        run = { ok: true, link: `command:llmStudy.openPlayground?${args}` };
        if (!c.attention) run.reason = 'no attention output: the attention views stay empty';
      }
    }
    panel.webview.html = staticHtml({
      webview: panel.webview,
      extensionUri: this.extensionUri,
      title: name,
      body: `<main class="onnx-model">${onnxSummaryHtml(name, size, info, run)}</main>`,
    });
  }
}
