// A plain details view for one resource. No script at all: its two actions are command links
// limited by `enableCommandUris` to exactly the commands it needs.
import * as vscode from 'vscode';
import type { Resource } from '../shared/curriculum/model';
import { escapeHtml, staticHtml, webviewRoots } from '../webviews/html';
import { formatMinutes } from '../shared/curriculum/treeModel';
import { KIND_LABEL } from './tree';

const ALLOWED = ['llmStudy.openResourceLink', 'llmStudy.toggleResourceDone'];

export class DetailsPanel {
  private static current: DetailsPanel | undefined;
  private resourceId = '';

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.onDidDispose(() => (DetailsPanel.current = undefined));
  }

  static show(extensionUri: vscode.Uri, r: Resource, done: boolean): void {
    if (!DetailsPanel.current) {
      const panel = vscode.window.createWebviewPanel('llmStudy.details', r.title, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableCommandUris: ALLOWED,
        localResourceRoots: webviewRoots(extensionUri),
      });
      DetailsPanel.current = new DetailsPanel(panel, extensionUri);
    }
    DetailsPanel.current.render(r, done);
    DetailsPanel.current.panel.reveal();
  }

  /** Re-renders when the tick changes elsewhere (sidebar, lesson page). */
  static refresh(r: Resource | undefined, done: boolean): void {
    if (r && DetailsPanel.current?.resourceId === r.id) DetailsPanel.current.render(r, done);
  }

  private render(r: Resource, done: boolean): void {
    this.resourceId = r.id;
    this.panel.title = r.title;
    const wv = this.panel.webview;
    const cmd = (id: string, arg: string) => `command:${id}?${encodeURIComponent(JSON.stringify([arg]))}`;
    const badges = [KIND_LABEL[r.kind], r.difficulty, formatMinutes(r.minutes), r.long ? 'long' : '', r.poorAudio ? 'poor audio' : '']
      .filter(Boolean)
      .map((b) => `<span class="badge">${escapeHtml(b!)}</span>`)
      .join(' ');
    const extra = (r.links ?? [])
      .map((l) => `<li>${escapeHtml(l.label)}: <a href="${escapeHtml(l.url)}">${escapeHtml(l.url)}</a></li>`)
      .join('');
    wv.html = staticHtml({ webview: wv, extensionUri: this.extensionUri, title: r.title, body: `<main class="details" data-resource="${escapeHtml(r.id)}">
<h1>${escapeHtml(r.title)}</h1>
<p class="authors">${escapeHtml(r.authors.join(', '))}</p>
<p>${badges}</p>
<h2>What it is</h2><p>${escapeHtml(r.summary)}</p>
<h2>What to take from it</h2><p>${escapeHtml(r.takeaway)}</p>
<p class="actions">
  <a class="button" href="${cmd('llmStudy.openResourceLink', r.id)}">Open ${escapeHtml(KIND_LABEL[r.kind].toLowerCase())} in browser</a>
  <a class="button secondary" id="toggle-done" href="${cmd('llmStudy.toggleResourceDone', r.id)}">${done ? '✓ Done — mark as not done' : 'Mark as done'}</a>
</p>
<p class="url">${escapeHtml(r.url)}</p>
${extra ? `<h2>Also</h2><ul>${extra}</ul>` : ''}
</main>` });
  }
}
