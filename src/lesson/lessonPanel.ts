// One webview panel per lesson (or module overview): revealed, never duplicated, and revived by
// the serializer after a reload. The HTML is a fixed shell (its script and styles inlined); the
// page arrives as an `init` message, sent with the HTML and again after the webview's `ready`,
// so a panel re-created after being hidden is always fresh. The page takes the first copy.
import * as vscode from 'vscode';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Study } from '../study';
import type { NotesStore, NoteWriter, SelfCheckStore } from '../state/notes';
import { decodeAnswer, isAnswered } from '../state/notes';
import { openExternalLink } from '../util/links';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { WebviewChannel } from '../webviews/channel';
import { keyForTitle, locate } from './locate';
import { decodePageAsset, navExistsIn, pageAssetName, PAGES_DIR } from './pageAsset';
import {
  LESSON_CHECKS, MAX_NOTE_CHARS, VIEW_TYPE, isPageKey, lessonExtraCsp, lessonNoteKey, parseNavHref, resourceNoteKey, selfCheckItemId,
  type LessonPage, type LessonUiState, type NavTarget, type PageData, type PageKey, type ToHost, type ToWebview,
} from '../shared/protocols/lesson';

type HostMsg<K extends ToHost['type']> = Extract<ToHost, { type: K }>;

export interface LessonDeps {
  study: Study;
  notes: NotesStore;
  answers: SelfCheckStore;
  noteWriter: NoteWriter;
}

export const EMBED_SETTING = 'llmStudy.lessons.embedVideos';
const embedVideos = () => vscode.workspace.getConfiguration().get<boolean>(EMBED_SETTING, false) === true;

/** Pages read from dist/lessons by key: a page file does not change while the extension runs. */
const pageCache = new Map<string, LessonPage>();

/** What a page shows when its rendered file is missing or damaged: the build went wrong, so say so. */
function missingPage(key: PageKey, title: string, why: string): LessonPage {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    key, title, eyebrow: 'LLM Study', hasText: false, resources: [], exercises: [], questions: [],
    html: `<p>This page could not be shown: its rendered file (${esc(PAGES_DIR)}) ${esc(why)}. Reinstalling LLM Study, or <code>npm run build</code> in a development checkout, renders it again.</p>`,
  };
}

export class LessonPanel {
  static readonly panels = new Map<PageKey, LessonPanel>();
  private page: LessonPage | undefined;
  /** Started with the panel so the page file is read while the webview loads its scripts. */
  private early: Promise<PageData | undefined> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Answers each `ready` with `init` (a reload asks again and gets unsaved drafts back), then what waited. */
  private readonly channel: WebviewChannel<ToHost, ToWebview>;
  private shownAt = Date.now();
  /** Last open-to-rendered time reported by the webview, in ms (for the log and tests). */
  renderedMs: number | undefined;

  private constructor(readonly panel: vscode.WebviewPanel, readonly key: PageKey, private readonly deps: LessonDeps) {
    LessonPanel.panels.set(key, this);
    panel.iconPath = vscode.Uri.joinPath(deps.study.extensionUri, 'media', 'activity.svg');
    this.channel = new WebviewChannel<ToHost, ToWebview>({
      name: `lesson ${key}`,
      webview: panel.webview,
      checks: LESSON_CHECKS,
      onReady: () => this.init(),
      handlers: {
        rendered: (m) => this.rendered(m),
        navigate: (m) => this.navigate(m.target),
        openExternal: (m) => openExternalLink(m.url),
        setDone: (m) => this.setDone(m),
        saveNote: (m) => this.saveNote(m.key, m.text),
        answer: (m) => this.saveAnswer(m.questionId, m.answer),
      },
      log: deps.study.log,
      report: (text) => void vscode.window.showWarningMessage(text),
    });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.early = this.data();
    this.renderShell();
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: webviewRoots(extensionUri) };
  }

  static titleOf(deps: LessonDeps, key: PageKey): string | undefined {
    const at = locate(deps.study.curriculum, key);
    return at ? (at.lesson?.title ?? at.module.title) : undefined;
  }

  static show(deps: LessonDeps, key: PageKey): LessonPanel | undefined {
    const title = LessonPanel.titleOf(deps, key);
    if (!title) return undefined;
    // "Continue Where I Left Off" goes on from the page read last (progress keeps one place).
    void deps.study.progress.setLastOpened(key);
    const existing = LessonPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, vscode.ViewColumn.Active, LessonPanel.options(deps.study.extensionUri));
    return new LessonPanel(panel, key, deps);
  }

  static revive(deps: LessonDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const saved = (state as Partial<LessonUiState> | undefined)?.key;
    // code-server sometimes restores the tab without the state its page saved (seen in 3 reloads
    // of 3): the tab's title, which VS Code keeps, then names the page.
    const key = saved && isPageKey(saved) ? saved : keyForTitle(deps.study.curriculum, panel.title, (k) => LessonPanel.panels.has(k));
    const title = key ? LessonPanel.titleOf(deps, key) : undefined;
    if (!key || !title || LessonPanel.panels.has(key)) {
      // A lesson that left the course (or a twin of an open panel) cannot be restored.
      const why = !key ? `no page in the course is titled "${panel.title}" and its saved state names none` : !title ? `${key} is not in the course` : `${key} is open already`;
      deps.study.log.warn(`lesson panel not restored: ${why}`);
      panel.dispose();
      return;
    }
    if (!saved) deps.study.log.info(`lesson panel restored as ${key} from its title (VS Code kept no state for it)`);
    panel.title = title;
    panel.webview.options = LessonPanel.options(deps.study.extensionUri);
    new LessonPanel(panel, key, deps);
  }

  static broadcast(m: ToWebview, except?: LessonPanel): void {
    for (const p of LessonPanel.panels.values()) if (p !== except) p.post(m);
  }

  /** Called when progress changes anywhere (sidebar, details view, another panel). */
  static progressChanged(study: Study, ids: string[]): void {
    for (const p of LessonPanel.panels.values()) {
      const items = p.itemIds();
      const hit = ids.length === 0 ? items : items.filter((id) => ids.includes(id));
      if (hit.length) p.post({ type: 'progress', done: Object.fromEntries(hit.map((id) => [id, study.progress.isDone(id)])) });
    }
  }

  static settingsChanged(): void {
    for (const p of LessonPanel.panels.values()) p.renderShell();
  }

  private itemIds(): string[] {
    return this.page ? [...this.page.resources.map((r) => r.id), ...this.page.exercises.map((e) => e.id)] : [];
  }

  private renderShell(): void {
    const wv = this.panel.webview;
    const embed = embedVideos();
    this.channel.reloading();
    wv.html = webviewHtml({
      webview: wv,
      extensionUri: this.deps.study.extensionUri,
      bundle: 'lesson',
      title: this.panel.title,
      initialState: { key: this.key } satisfies LessonUiState,
      // The only remote content a lesson may show: YouTube's privacy-enhanced player, when allowed.
      extraCsp: lessonExtraCsp(embed),
      // The first lesson of a window waits on these files otherwise (issue 16).
      inline: true,
    });
    void this.channel.prime();
  }

  private post(m: ToWebview): void {
    this.channel.post(m);
  }

  /**
   * The page as the build rendered it (scripts/renderLessons.ts): sanitised HTML, nothing to
   * render here. A key that is not in the course has no page (the panel closes).
   */
  private async readPage(): Promise<LessonPage | undefined> {
    const title = LessonPanel.titleOf(this.deps, this.key);
    const name = pageAssetName(this.key);
    if (!title || !name) return undefined;
    const file = path.join(this.deps.study.extensionUri.fsPath, PAGES_DIR, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `has no ${name}` : `could not be read (${(e as Error).message})`;
      this.deps.study.log.error(`lesson ${this.key}: ${file}: ${why}`);
      return missingPage(this.key, title, why);
    }
    const decoded = decodePageAsset(raw, this.key);
    if ('error' in decoded) {
      this.deps.study.log.error(`lesson ${this.key}: ${file}: ${decoded.error}`);
      return missingPage(this.key, title, `is damaged: ${decoded.error}`);
    }
    pageCache.set(this.key, decoded.page);
    return decoded.page;
  }

  /** Every command is registered at activation, so a link works when its target is in the course. */
  private navExists(): (t: NavTarget) => boolean {
    return navExistsIn(this.deps.study.curriculum);
  }

  async data(): Promise<PageData | undefined> {
    const { study, notes, answers } = this.deps;
    const page = pageCache.get(this.key) ?? (await this.readPage());
    if (!page) return undefined;
    this.page = page;
    const ids = this.itemIds();
    const all = { ...notes.all(), ...this.deps.noteWriter.unsaved() };
    const keys = [this.key.startsWith('lesson:') ? lessonNoteKey(this.key.slice(7)) : '', ...page.resources.map((r) => resourceNoteKey(r.id))];
    return {
      page,
      done: Object.fromEntries(ids.map((id) => [id, study.progress.isDone(id)])),
      notes: Object.fromEntries(keys.filter((k) => all[k]).map((k) => [k, all[k]])),
      answers: this.key.startsWith('lesson:') ? answers.forLesson(this.key.slice(7)) : {},
      embedVideos: embedVideos(),
    };
  }

  /** The page's first message after every ready; a page that left the course closes instead. */
  private async init(): Promise<ToWebview | undefined> {
    const data = await (this.early ?? this.data());
    this.early = undefined;
    if (!data) {
      this.deps.study.log.warn(`lesson ${this.key}: closed, it has no page in the course`);
      return void this.panel.dispose();
    }
    return { type: 'init', ...data };
  }

  private rendered(m: HostMsg<'rendered'>): void {
    this.renderedMs = Date.now() - this.shownAt;
    this.deps.study.log.info(`lesson ${this.key}: rendered ${this.renderedMs} ms after open (webview: ${Math.round(m.ms)} ms)`);
  }

  private async setDone(m: HostMsg<'setDone'>): Promise<void> {
    if (!this.itemIds().includes(m.id)) return;
    await this.deps.study.progress.setDone([m.id], m.done);
    if (m.done) await this.deps.study.progress.setLastOpened(m.id);
  }

  /** The key's shape and the text's type are checked by LESSON_CHECKS before this runs. */
  private saveNote(key: string, text: string): void {
    // The page refuses over-long text before sending it; a page that did not is told so, and
    // nothing is cut and stored in its place.
    if (text.length > MAX_NOTE_CHARS) return this.refuse('note', key, text.length);
    this.deps.noteWriter.write(key, text);
  }

  private refuse(target: 'note' | 'answer', key: string, length: number): void {
    this.deps.study.log.warn(`lesson ${this.key}: ${target} ${key} not saved: ${length} characters, over ${MAX_NOTE_CHARS}`);
    this.post({ type: 'tooLong', target, key, length });
  }

  private async saveAnswer(questionId: unknown, raw: unknown): Promise<void> {
    const lessonId = this.key.startsWith('lesson:') ? this.key.slice(7) : undefined;
    const questions = this.page?.questions ?? [];
    const answer = decodeAnswer(raw);
    if (!lessonId || typeof questionId !== 'string' || !answer || !questions.some((q) => q.id === questionId)) return;
    if (!(await this.deps.answers.set(lessonId, questionId, answer))) return this.refuse('answer', questionId, answer.text?.length ?? 0);
    // Lets the page drop its draft of the text (kept until now so a reload cannot lose it).
    this.post({ type: 'answerSaved', questionId, text: answer.text ?? '' });
    await this.deps.study.ports.review?.recordAnswer(lessonId, questionId, answer);
    const given = this.deps.answers.forLesson(lessonId);
    if (questions.every((q) => isAnswered(given[q.id]))) await this.deps.study.progress.setDone([selfCheckItemId(lessonId)], true);
  }

  private async navigate(target: unknown): Promise<void> {
    const t = typeof target === 'object' && target !== null ? parseNavHref(`${(target as NavTarget).kind}:${(target as NavTarget).id}`) : undefined;
    if (!t || !this.navExists()(t)) return;
    if (t.kind === 'lesson' || t.kind === 'module') LessonPanel.show(this.deps, `${t.kind}:${t.id}`);
    else if (t.kind === 'exercise') await vscode.commands.executeCommand('llmStudy.startExercise', t.id);
    else if (t.kind === 'training') await vscode.commands.executeCommand('llmStudy.trainTinyGpt', t.id);
    else await vscode.commands.executeCommand('llmStudy.openPlayground', t.id);
  }

  private dispose(): void {
    if (LessonPanel.panels.get(this.key) === this) LessonPanel.panels.delete(this.key);
    this.channel.dispose();
    // What this page handed over goes to storage now, not after the batching delay.
    void this.deps.noteWriter.flush();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
