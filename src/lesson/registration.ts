// Wires lesson pages: Open Lesson / Open Module (from the sidebar, the palette with a quick pick,
// or links), the serializer that restores panels after a reload, and Export My Notes.
import * as vscode from 'vscode';
import os from 'node:os';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { NotesStore, NoteWriter, SelfCheckStore } from '../state/notes';
import { EMBED_SETTING, LessonPanel, type LessonDeps } from './lessonPanel';
import { notesMarkdown } from './notesExport';
import { VIEW_TYPE } from '../shared/protocols/lesson';

/** The sidebar passes tree nodes, links and the palette pass ids. */
function idOf(arg: unknown, type: 'lesson' | 'module'): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const n = arg as { type?: unknown; lesson?: { id?: unknown }; module?: { id?: unknown } };
    const id = type === 'lesson' ? n.lesson?.id : n.type === 'module' ? n.module?.id : undefined;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

async function pickLesson(study: Study): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id?: string };
  const items: Item[] = study.curriculum.course.modules.flatMap((m, i) => [
    { label: `${i + 1}. ${m.title}`, kind: vscode.QuickPickItemKind.Separator },
    ...m.lessons.map((l): Item => ({ label: l.title, detail: l.summary, id: l.id })),
  ]);
  const picked = await vscode.window.showQuickPick(items, { title: 'Open Lesson', placeHolder: 'Type to search the lessons', matchOnDetail: true });
  return picked?.id;
}

async function pickModule(study: Study): Promise<string | undefined> {
  const items = study.curriculum.course.modules.map((m, i) => ({ label: `${i + 1}. ${m.title}`, detail: m.summary, id: m.id }));
  return (await vscode.window.showQuickPick(items, { title: 'Open Module', matchOnDetail: true }))?.id;
}

export function registerLessons(study: Study): Feature {
  const notes = new NotesStore(study.storage);
  // Every open page hears about a saved note: the one that wrote it clears its draft, and a page
  // showing the same resource (a resource can sit in two lessons) shows the new text.
  const noteWriter = new NoteWriter(notes, (key, text) => LessonPanel.broadcast({ type: 'noteSaved', key, text }));
  const deps: LessonDeps = { study, notes, answers: new SelfCheckStore(study.storage), noteWriter };
  const { context } = study;
  context.subscriptions.push(
    noteWriter,
    study.progress.onDidChange((ids) => LessonPanel.progressChanged(study, ids)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(EMBED_SETTING)) LessonPanel.settingsChanged();
    }),
  );

  const open = (key: `lesson:${string}` | `module:${string}`) => {
    if (!LessonPanel.show(deps, key)) void vscode.window.showWarningMessage(`LLM Study: there is no ${key.replace(':', ' "')}" in the course.`);
  };

  const commands: CommandTable = {
    'llmStudy.openLesson': async (arg?: unknown) => {
      const id = idOf(arg, 'lesson') ?? (await pickLesson(study));
      if (id) open(`lesson:${id}`);
    },
    'llmStudy.openModule': async (arg?: unknown) => {
      const id = idOf(arg, 'module') ?? (await pickModule(study));
      if (id) open(`module:${id}`);
    },
    /** Optional target URI: tests (and scripts) skip the save dialog. */
    'llmStudy.exportNotes': async (target?: vscode.Uri) => {
      await noteWriter.flush();
      const { text, count } = notesMarkdown(study.curriculum, deps.notes.all());
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
      const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(folder, 'llm-study-notes.md'),
        filters: { Markdown: ['md'] },
        title: 'Export My Notes',
        saveLabel: 'Export',
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
      if (!(target instanceof vscode.Uri)) {
        const choice = await vscode.window.showInformationMessage(`LLM Study: exported ${count} note${count === 1 ? '' : 's'} to ${uri.fsPath}.`, 'Open');
        if (choice === 'Open') await vscode.window.showTextDocument(uri);
      }
      return uri.fsPath;
    },
  };
  // Registered by activate() (src/commands.ts lazyViews), which loads this feature to restore a panel.
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state: unknown) => LessonPanel.revive(deps, panel, state),
  };
  return { commands, serializers: { [VIEW_TYPE]: serializer } };
}
