// The playground webview panel: one at a time, revived after a reload by its serializer. The
// host only hands over file URIs and settings; the model runs in the webview.
import * as vscode from 'vscode';
import os from 'node:os';
import fs from 'node:fs/promises';
import type { Study } from '../study';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { WebviewChannel } from '../webviews/channel';
import {
  BACKEND_SETTINGS, PLAYGROUND_CHECKS, type BackendSetting, type ModelFiles, type MyModel, type OrtFiles, type PlaygroundInit, type PlaygroundState, type Preset, type ToHost, type ToWebview,
  decodePlaygroundState,
} from '../shared/protocols/playground';
import { lessonsForViews } from './lessons';
import { OnnxFormatError, playgroundCompatibility, readOnnxInfo } from '../shared/onnx/onnxInfo';

export const VIEW_TYPE = 'llmStudy.playground';
type HostMsg<K extends ToHost['type']> = Extract<ToHost, { type: K }>;

export interface ModelLocation {
  /** Folder holding model.onnx (or the given file), model_kv.onnx and vocab.json. */
  model: vscode.Uri;
  label: string;
  custom: boolean;
}

/**
 * The model checks' file access. Node's fs for file: URIs: through vscode.workspace.fs, one after
 * another, the seven checks took 200-290 ms when the panel opened in code-server (8-50 ms now), and
 * the webview's HTML waits for them. VS Code creates the webview frame meanwhile, so most of that
 * was hidden: palette Enter -> the panel's navigation start went from 282-338 to 237-240 ms (three
 * runs each). Other schemes (a model on a virtual file system) go through workspace.fs.
 */
function exists(u: vscode.Uri): Promise<boolean> {
  const stat = u.scheme === 'file' ? fs.stat(u.fsPath) : vscode.workspace.fs.stat(u);
  return Promise.resolve(stat).then(() => true, () => false);
}

async function readBytes(u: vscode.Uri): Promise<Uint8Array> {
  return u.scheme === 'file' ? new Uint8Array(await fs.readFile(u.fsPath)) : vscode.workspace.fs.readFile(u);
}

const STATE_KEY = 'llmStudy.playground.state';
const STATE_VERSION = 1;

/**
 * The settings the last playground sent for this model, read defensively (any version: only known
 * fields are kept). Used on a revive and on a fresh open alike: code-server saves its editor layout
 * only now and then, so a browser reload can forget a playground tab opened a minute before, and
 * the learner who opens it again should find their heads, prompts and settings as they left them.
 */
function keptState(study: Study, location: ModelLocation): PlaygroundState | undefined {
  const kept = lastKept(study);
  const source = location.custom ? location.model.toString() : undefined;
  return kept && kept.source === source ? kept : undefined;
}

/** The model the last playground ran (undefined: the shipped one), from the settings the host kept. */
export function keptSource(study: Study): string | undefined {
  return lastKept(study)?.source;
}

function lastKept(study: Study): PlaygroundState | undefined {
  const raw = study.storage.getRaw(STATE_KEY) as { data?: unknown } | undefined;
  return raw && typeof raw === 'object' && raw.data !== undefined ? decodePlaygroundState(raw.data) : undefined;
}

export class PlaygroundPanel {
  static current: PlaygroundPanel | undefined;
  /** The last status the webview reported (backend, phase), for tests and the log. */
  lastStatus: Extract<ToHost, { type: 'status' }> | undefined;
  /** Who reruns the learner's code when they ask for another prompt. */
  private rerunMine: ((prompt: string) => void) | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Holds posts until the page says ready (a re-render reloads it), checks what it sends. */
  private readonly channel: WebviewChannel<ToHost, ToWebview>;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly study: Study,
    private preset: Preset,
    private location: ModelLocation,
    private prompt?: string,
    /** The Show My Model comparison on show (sent in the initial state, so no message can miss it). */
    public mine?: MyModel,
    /** What the host kept of the last playground's settings for this model (see keptState). */
    private readonly restored?: PlaygroundState,
  ) {
    this.channel = new WebviewChannel<ToHost, ToWebview>({
      name: 'playground',
      webview: panel.webview,
      checks: PLAYGROUND_CHECKS,
      handlers: {
        status: (m) => this.status(m),
        openLesson: (m) => vscode.commands.executeCommand('llmStudy.openLesson', m.id),
        save: (m) => this.save(m),
        rerunMine: (m) => this.rerunMine?.(m.prompt.slice(0, 256)),
        state: (m) => this.study.storage.set(STATE_KEY, { v: STATE_VERSION, data: decodePlaygroundState(m.state) }),
      },
      log: study.log,
      report: (text) => void vscode.window.showWarningMessage(text),
    });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('llmStudy.playground.backend')) this.refresh();
    }, undefined, this.disposables);
    this.refresh();
  }

  static options(extensionUri: vscode.Uri, extraRoots: vscode.Uri[] = []): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: webviewRoots(extensionUri, ...extraRoots) };
  }

  static show(study: Study, preset: Preset, location: ModelLocation, prompt?: string): PlaygroundPanel {
    const cur = PlaygroundPanel.showing(location);
    if (cur) {
      cur.panel.reveal();
      if (cur.preset !== preset || prompt !== undefined) {
        cur.preset = preset;
        cur.post({ type: 'preset', preset, prompt });
      }
      return cur;
    }
    return PlaygroundPanel.create(study, preset, location, prompt);
  }

  /** The open panel, when it runs this model. */
  private static showing(location: ModelLocation): PlaygroundPanel | undefined {
    const cur = PlaygroundPanel.current;
    return cur && cur.location.model.toString() === location.model.toString() ? cur : undefined;
  }

  private static create(study: Study, preset: Preset, location: ModelLocation, prompt?: string, mine?: MyModel, column = vscode.ViewColumn.Active): PlaygroundPanel {
    PlaygroundPanel.current?.panel.dispose();
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Tiny GPT Playground', column,
      PlaygroundPanel.options(study.extensionUri, location.custom ? [vscode.Uri.joinPath(location.model, '..')] : []));
    panel.iconPath = vscode.Uri.joinPath(study.extensionUri, 'media', 'activity.svg');
    return (PlaygroundPanel.current = new PlaygroundPanel(panel, study, preset, location, prompt, mine, keptState(study, location)));
  }

  /**
   * Shows the learner's Show My Model result in the playground's "Your code" view, beside the
   * model this panel runs. `rerun` is called when they ask for another prompt.
   */
  static showMine(study: Study, location: ModelLocation, mine: MyModel, rerun: (prompt: string) => void): PlaygroundPanel {
    const cur = PlaygroundPanel.showing(location);
    let p: PlaygroundPanel;
    if (cur) {
      p = cur;
      p.mine = mine;
      p.panel.reveal(undefined, true);
      p.post({ type: 'mine', mine });
    } else {
      // Beside the learner's file, so their code and the model stay side by side.
      p = PlaygroundPanel.create(study, 'generate', location, undefined, mine, vscode.ViewColumn.Beside);
    }
    p.rerunMine = rerun;
    return p;
  }

  /** Tells the "Your code" view that a rerun produced nothing, so its button works again. */
  mineFailed(message: string): void {
    this.post({ type: 'mineFailed', message });
  }

  static revive(study: Study, panel: vscode.WebviewPanel, preset: Preset, location: ModelLocation): PlaygroundPanel {
    PlaygroundPanel.current?.panel.dispose();
    panel.webview.options = PlaygroundPanel.options(study.extensionUri, location.custom ? [vscode.Uri.joinPath(location.model, '..')] : []);
    const p = new PlaygroundPanel(panel, study, preset, location, undefined, undefined, keptState(study, location));
    return (PlaygroundPanel.current = p);
  }

  /** Delivered once the page listens; to a panel the learner just closed, nowhere (not an error). */
  private post(m: ToWebview): void {
    this.channel.post(m);
  }

  private async modelFiles(): Promise<ModelFiles | { error: string }> {
    const wv = this.panel.webview;
    const m = this.location.model;
    const dir = vscode.Uri.joinPath(m, '..');
    const vocab = vscode.Uri.joinPath(dir, 'vocab.json');
    const kv = vscode.Uri.joinPath(dir, m.path.endsWith('/model.onnx') ? 'model_kv.onnx' : `${m.path.split('/').pop()!.replace(/\.onnx$/, '')}_kv.onnx`);
    // All at once: the webview's HTML, and so everything the panel does, waits for these checks.
    const [hasModel, hasVocab, hasKv] = await Promise.all([exists(m), exists(vocab), exists(kv)]);
    if (!hasModel) return { error: `The model file ${m.fsPath} is missing. ${this.location.custom ? '' : 'Reinstall LLM Study, or build the model (see media/model/MODEL_CARD.md).'}` };
    if (!hasVocab) return { error: `There is no vocab.json beside ${m.fsPath}: the playground needs it to turn text into token ids.` };
    const [modelBytes, kvBytes] = await Promise.all([readBytes(m), hasKv ? readBytes(kv).catch(() => undefined) : undefined]);
    // Read the graph here so a corrupt or foreign file gets a clear message, not an ort stack trace.
    let externalFiles: string[];
    try {
      const info = readOnnxInfo(modelBytes);
      const c = playgroundCompatibility(info);
      if (!c.ok) return { error: `${m.path.split('/').pop()} cannot run in the playground: ${c.reason}.` };
      externalFiles = info.externalFiles;
    } catch (e) {
      return { error: `${m.path.split('/').pop()} could not be read as an ONNX model: ${e instanceof OnnxFormatError ? e.message : String(e)}.` };
    }
    if (kvBytes) {
      // The KV graph may keep its weights elsewhere; a broken KV graph only costs speed.
      try {
        for (const f of readOnnxInfo(kvBytes).externalFiles) if (!externalFiles.includes(f)) externalFiles.push(f);
      } catch {
        /* the webview reports that generation runs without the KV cache */
      }
    }
    const present = await Promise.all(externalFiles.map((f) => exists(vscode.Uri.joinPath(dir, f))));
    const missing = externalFiles.find((_, i) => !present[i]);
    if (missing) return { error: `The model keeps its weights in ${missing}, which is missing beside ${m.fsPath}.` };
    return {
      label: this.location.label,
      model: wv.asWebviewUri(m).toString(),
      kv: hasKv ? wv.asWebviewUri(kv).toString() : undefined,
      vocab: wv.asWebviewUri(vocab).toString(),
      externalData: externalFiles.map((f) => ({ path: f, uri: wv.asWebviewUri(vscode.Uri.joinPath(dir, f)).toString() })),
      custom: this.location.custom,
    };
  }

  private ortFiles(): OrtFiles {
    const wv = this.panel.webview;
    const ort = (f: string) => wv.asWebviewUri(vscode.Uri.joinPath(this.study.extensionUri, 'dist', 'webview', 'ort', f)).toString();
    return {
      wasm: { mjs: ort('ort-wasm-simd-threaded.mjs'), wasm: ort('ort-wasm-simd-threaded.wasm.gz') },
      webgpu: { module: ort('ort.webgpu.min.mjs'), mjs: ort('ort-wasm-simd-threaded.asyncify.mjs'), wasm: ort('ort-wasm-simd-threaded.asyncify.wasm.gz') },
    };
  }

  /** Renders; a panel closed meanwhile throws "Webview is disposed", which is nobody's problem. */
  private refresh(): void {
    this.render().catch((e) => {
      if (!this.disposed) this.study.log.warn(`playground: could not render: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  private async render(): Promise<void> {
    const setting = vscode.workspace.getConfiguration('llmStudy.playground').get<string>('backend', 'auto');
    const backend: BackendSetting = (BACKEND_SETTINGS as readonly string[]).includes(setting) ? (setting as BackendSetting) : 'auto';
    const lessons = lessonsForViews(this.study.curriculum);
    const init: PlaygroundInit = { preset: this.preset, prompt: this.prompt, backend, source: this.location.custom ? this.location.model.toString() : undefined, ort: this.ortFiles(), model: await this.modelFiles(), lessons, mine: this.mine, state: this.restored };
    if (this.disposed) return; // closed while the model files were checked
    const wv = this.panel.webview;
    this.channel.reloading();
    wv.html = webviewHtml({
      webview: wv,
      extensionUri: this.study.extensionUri,
      bundle: 'playground',
      title: 'Tiny GPT Playground',
      initialState: init,
      // WASM compiles only with 'wasm-unsafe-eval'; ort imports its .mjs loader from our files.
      extraScriptSrc: [`'wasm-unsafe-eval'`, wv.cspSource],
      extraCsp: [`connect-src ${wv.cspSource}`, `worker-src ${wv.cspSource} blob:`],
      // Nothing starts before the script runs (the model's download, onnxruntime's), so its own
      // download through VS Code's resource loader is the first wait of every open (issue 16).
      inline: true,
    });
  }

  private status(m: HostMsg<'status'>): void {
    this.lastStatus = m;
    const line = `playground: ${m.phase === 'loading' ? 'loading the model (backend not chosen yet)' : `${m.phase} (${m.backend.replace(/^Backend: /, '') || 'no backend'})`}${m.message ? `: ${m.message}` : ''}`;
    if (m.phase === 'error') this.study.log.warn(line);
    else this.study.log.info(line);
  }

  private async save(m: HostMsg<'save'>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const safe = m.name.replace(/[^\w.-]+/g, '-');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, safe),
      filters: m.format === 'png' ? { 'PNG image': ['png'] } : { JSON: ['json'] },
      title: m.format === 'png' ? 'Export view as PNG' : 'Export raw numbers as JSON',
    });
    if (!target) return;
    const bytes = m.format === 'png' ? Buffer.from(m.data, 'base64') : Buffer.from(m.data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    this.post({ type: 'saved', path: target.fsPath });
  }

  dispose(): void {
    this.disposed = true;
    this.channel.dispose();
    if (PlaygroundPanel.current === this) PlaygroundPanel.current = undefined;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
