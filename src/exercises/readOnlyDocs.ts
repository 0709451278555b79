// Text we show the learner to read (the hints seen so far, how to fix a missing Python), as
// read-only documents of our own scheme. An untitled document would count as unsaved work: the
// Explorer badge counts it and closing it asks to save text the learner never wrote.
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'llm-study-text';

export class ReadOnlyDocs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** The document `name` (a file name, e.g. "attention/Hints.md") holding `text`; shown again with new text if open. */
  uri(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${name}` });
    const had = this.texts.get(uri.path);
    this.texts.set(uri.path, text);
    if (had !== undefined && had !== text) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The one provider of the scheme, registered by the exercises feature (registration.ts). */
export const readOnlyDocs = new ReadOnlyDocs();

/** Opens markdown `text` as a preview (`toSide`: beside the active editor), else as a read-only editor. */
export async function showReadOnlyMarkdown(name: string, text: string, toSide = false): Promise<vscode.Uri> {
  const uri = readOnlyDocs.uri(name, text);
  await vscode.commands.executeCommand(toSide ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri)
    .then(undefined, async () => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri)));
  return uri;
}
