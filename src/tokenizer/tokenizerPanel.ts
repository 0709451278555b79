// One tokenizer panel, beside the editor: it shows how GPT-2, cl100k_base, o200k_base and the tiny
// GPT's characters split a text, and the learner's own bpe.py (run in Python by the exercises port). The host only picks the text (the active editor's selection,
// debounced and capped) and says where the rank files are; the webview loads them and tokenises,
// so the 4 MB of ranks never load into the extension host.
import * as vscode from 'vscode';
import type { Study } from '../study';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { WebviewChannel } from '../webviews/channel';
import { capText } from '../shared/tokenizer/spans';
import {
  decodeTextUpdate, ENCODINGS, rankFile, SAMPLE_TEXT, TOKENIZER_CHECKS, VIEW_TYPE,
  type Counts, type EncodingName, type OwnBpe, type TextSource, type TextUpdate, type ToHost, type ToWebview,
} from '../shared/protocols/tokenizer';

/** Waits this long after the last selection change: dragging a selection sends dozens of events. */
const SELECTION_DEBOUNCE_MS = 250;

export function textUpdate(text: string, source: TextSource): TextUpdate {
  const c = capText(text);
  return { text: c.text, originalLength: c.originalLength, source };
}

/** The selection of an editor as a text update; undefined when nothing is selected. */
export function selectionUpdate(editor: vscode.TextEditor): TextUpdate | undefined {
  const sel = editor.selection;
  if (sel.isEmpty || editor.document.uri.scheme === 'output') return undefined;
  const file = vscode.workspace.asRelativePath(editor.document.uri, false);
  return textUpdate(editor.document.getText(sel), { kind: 'selection', file, line: sel.start.line + 1 });
}

const TEXT_KEY = 'llmStudy.tokenizer.text';
const TEXT_VERSION = 1;

/**
 * The text the last Tokens view showed, as the host kept it. A window reload starts a new
 * extension host, and the revived view asked it for the text: without this, what the learner
 * typed there gave way to the sample text at every reload.
 */
export function keptText(study: Study): TextUpdate | undefined {
  const raw = study.storage.getRaw(TEXT_KEY) as { data?: unknown } | undefined;
  const kept = raw && typeof raw === 'object' ? decodeTextUpdate(raw.data) : undefined;
  return kept && textUpdate(kept.text, kept.source); // capped again: a limit may have changed
}

export class TokenizerPanel {
  static current: TokenizerPanel | undefined;
  /** The last counts the webview reported (for the log and the extension-host tests). */
  lastCounts: { chars: number; counts: Counts } | undefined;
  private shown: TextUpdate;
  /**
   * Set on the page's first ready. Before it, `init` will carry the shown text, so a `text` sent
   * as well would only draw it twice; after it, the channel holds posts while the page reloads.
   */
  private ready = false;
  private readonly channel: WebviewChannel<ToHost, ToWebview>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(readonly panel: vscode.WebviewPanel, private readonly study: Study, first: TextUpdate) {
    TokenizerPanel.current = this;
    this.shown = first;
    this.keep(first);
    panel.iconPath = vscode.Uri.joinPath(study.extensionUri, 'media', 'activity.svg');
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.channel = new WebviewChannel<ToHost, ToWebview>({
      name: 'tokenizer',
      webview: panel.webview,
      checks: TOKENIZER_CHECKS,
      handlers: {
        typed: (m) => {
          this.shown = textUpdate(m.text, { kind: 'typed' });
          this.keep(this.shown);
          void this.askOwnBpe(this.shown.text);
        },
        counted: (m) => {
          this.lastCounts = { chars: m.chars, counts: m.counts };
          study.log.info(`tokenizer: ${m.chars} characters -> ${Object.entries(m.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
        },
        loadFailed: (m) => study.log.warn(`tokenizer: could not load ${m.what}: ${m.message}`),
      },
      // Every ready (a hidden panel reloads: retainContextWhenHidden is off) gets the text and the
      // rank URLs again, and the learner's BPE again, since the page kept no copy of its answer.
      onReady: () => {
        this.ready = true;
        void this.askOwnBpe(this.shown.text);
        return this.init();
      },
      log: study.log,
      report: (text) => void vscode.window.showWarningMessage(text),
    });
    this.disposables.push({ dispose: () => this.channel.dispose() });
    // Only selections the learner makes (keyboard, mouse, a command): a window reload restores
    // editors with their old selections, which took the view's text from what was typed there.
    vscode.window.onDidChangeTextEditorSelection((e) => e.kind !== undefined && this.selectionChanged(e.textEditor), undefined, this.disposables);
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: study.extensionUri,
      bundle: 'tokenizer',
      title: 'Tokens',
      // The rank files and vocab.json are fetched from the extension's own files.
      extraCsp: [`connect-src ${panel.webview.cspSource}`],
    });
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: webviewRoots(extensionUri) };
  }

  /** Opens (or reveals) the panel beside the editor, keeping the editor focused so its selection stays live. */
  static show(study: Study, first: TextUpdate | undefined): TokenizerPanel {
    const existing = TokenizerPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (first) existing.setText(first);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Tokens', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, TokenizerPanel.options(study.extensionUri));
    return new TokenizerPanel(panel, study, first ?? keptText(study) ?? textUpdate(SAMPLE_TEXT, { kind: 'sample' }));
  }

  static revive(study: Study, panel: vscode.WebviewPanel): void {
    if (TokenizerPanel.current) return panel.dispose();
    panel.webview.options = TokenizerPanel.options(study.extensionUri);
    new TokenizerPanel(panel, study, keptText(study) ?? textUpdate(SAMPLE_TEXT, { kind: 'sample' }));
  }

  setText(update: TextUpdate): void {
    this.shown = update;
    this.keep(update);
    if (this.ready) this.channel.post({ type: 'text', ...update });
    void this.askOwnBpe(update.text);
  }

  /**
   * The learner's bpe.py runs in Python on the host (through the exercises port); its answer is
   * sent only while the text it was asked for is still the one shown, so a slow run never
   * paints an old selection's tokens over a new one.
   */
  private async askOwnBpe(text: string): Promise<void> {
    const port = this.study.ports.exercises;
    let result: OwnBpe;
    try {
      result = port ? await port.learnerBpe(text) : { why: 'the exercises feature is not available in this window' };
    } catch (e) {
      result = { why: `your BPE could not run: ${e instanceof Error ? e.message : e}` };
    }
    if (this.shown.text !== text) return;
    if ('why' in result) this.study.log.info(`tokenizer: your BPE: ${result.why}`);
    this.channel.post({ type: 'ownBpe', text, result });
  }

  private selectionChanged(editor: vscode.TextEditor): void {
    const update = selectionUpdate(editor);
    if (!update) return; // a click that empties the selection keeps what is shown
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setText(update), SELECTION_DEBOUNCE_MS);
  }

  /**
   * Keeps the shown text for the next window (see keptText); a failed write is logged, the view
   * goes on. The same text again (a revived view, a selection made twice) writes nothing.
   */
  private keep(update: TextUpdate): void {
    const kept = this.study.storage.getRaw(TEXT_KEY) as { data?: unknown } | undefined;
    if (kept && JSON.stringify(kept.data) === JSON.stringify(update)) return;
    this.study.storage.set(TEXT_KEY, { v: TEXT_VERSION, data: update }).catch((e: unknown) =>
      this.study.log.warn(`tokenizer: the shown text could not be kept: ${e instanceof Error ? e.message : String(e)}`));
  }

  private asset(rel: string): string {
    return this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.study.extensionUri, 'dist', 'webview', rel)).toString();
  }

  private init(): ToWebview {
    const rankUrls = Object.fromEntries(ENCODINGS.map((e) => [e, this.asset(rankFile(e))])) as Record<EncodingName, string>;
    const vocabUrl = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.study.extensionUri, 'media', 'model', 'vocab.json')).toString();
    return { type: 'init', rankUrls, vocabUrl, ...this.shown };
  }

  private dispose(): void {
    clearTimeout(this.timer);
    if (TokenizerPanel.current === this) TokenizerPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
