// The training view: one panel that shows the session's run (curves, head scores, samples) and
// sends Start/Stop/Resume/Export/Open in playground to registration.ts's handlers. It holds no run
// state of its own: closing it leaves the run going, and reopening it replays the events so far.
import * as vscode from 'vscode';
import type { Study } from '../study';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { WebviewChannel, type HostHandlers } from '../webviews/channel';
import { PRESETS, TRAINING_CHECKS, VIEW_TYPE, type DataChoice, type Preset, type ToHost, type ToWebview } from '../shared/protocols/training';
import type { TrainingSession } from './session';

export class TrainingPanel {
  static current: TrainingPanel | undefined;
  private readonly channel: WebviewChannel<ToHost, ToWebview>;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(readonly panel: vscode.WebviewPanel, study: Study, private readonly session: TrainingSession,
    private readonly data: () => DataChoice[], handlers: HostHandlers<ToHost>, onClose: () => void) {
    TrainingPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(study.extensionUri, 'media', 'activity.svg');
    this.channel = new WebviewChannel<ToHost, ToWebview>({
      name: 'training',
      webview: panel.webview,
      checks: TRAINING_CHECKS,
      handlers,
      onReady: () => {
        this.ready = true;
        return { type: 'init', presets: [...PRESETS], data: this.data(), status: session.current, events: [...session.history] };
      },
      log: study.log,
      report: (text) => void vscode.window.showWarningMessage(text),
    });
    const sub = session.listen({
      onStatus: (status) => this.post({ type: 'status', status }),
      onEvent: (event) => this.post({ type: 'event', event }),
      onReset: () => this.post({ type: 'reset' }),
    });
    this.disposables.push({ dispose: () => sub.dispose() }, { dispose: () => this.channel.dispose() });
    panel.onDidDispose(() => {
      this.dispose();
      onClose();
    }, undefined, this.disposables);
    panel.webview.html = webviewHtml({ webview: panel.webview, extensionUri: study.extensionUri, bundle: 'training', title: 'Train a Tiny GPT' });
  }

  /** Set on the page's first ready. */
  private ready = false;

  private post(m: ToWebview): void {
    // Before the first ready, `init` will carry the whole history and status: a queued copy of an
    // event would follow it and draw the point twice.
    if (this.ready) this.channel.post(m);
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Kept alive when hidden: a curve of thousands of points is cheaper to keep than to replay.
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: webviewRoots(extensionUri) };
  }

  static show(study: Study, session: TrainingSession, data: () => DataChoice[], handlers: HostHandlers<ToHost>, onClose: () => void): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal();
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Train a Tiny GPT', vscode.ViewColumn.Active, TrainingPanel.options(study.extensionUri));
    return new TrainingPanel(panel, study, session, data, handlers, onClose);
  }

  static revive(study: Study, panel: vscode.WebviewPanel, session: TrainingSession, data: () => DataChoice[], handlers: HostHandlers<ToHost>, onClose: () => void): void {
    if (TrainingPanel.current) return panel.dispose();
    panel.webview.options = TrainingPanel.options(study.extensionUri);
    new TrainingPanel(panel, study, session, data, handlers, onClose);
  }

  /** A lesson linked to a preset: the page selects it (after its init, which the channel sends first). */
  choosePreset(preset: Preset): void {
    this.channel.post({ type: 'preset', preset });
  }

  /** The data list changed (a picked file): the page selects the new one. */
  dataChanged(selected?: string): void {
    this.channel.post({ type: 'data', data: this.data(), selected });
  }

  private dispose(): void {
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
