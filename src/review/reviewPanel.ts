// One review panel: the self-check questions due now, one at a time, most overdue first. The host
// picks the question and records each grade; the page renders the question (the course's
// markdown, maths with KaTeX) and asks for the next. The shell is fixed and the question arrives
// as `show` after the page's `ready`, so a reloaded or revived panel shows what is due then.
import * as vscode from 'vscode';
import type { Study } from '../study';
import { webviewHtml, webviewRoots } from '../webviews/html';
import { WebviewChannel } from '../webviews/channel';
import { MAX_NOTE_CHARS } from '../shared/protocols/lesson';
import { REVIEW_CHECKS, VIEW_TYPE, type GradeName, type ReviewQuestion, type ToHost, type ToWebview } from '../shared/protocols/review';
import { dueQuestions, nextDue } from './schedule';
import type { Recorded, ScheduleStore } from './store';
import type { ReviewDrafts } from './drafts';

type HostMsg<K extends ToHost['type']> = Extract<ToHost, { type: K }>;

export interface ReviewDeps {
  study: Study;
  store: ScheduleStore;
  questions: ReviewQuestion[];
  /** Short answers typed and not graded yet. */
  drafts: ReviewDrafts;
  /** The review clock (the system's, or the e2e's test clock). */
  now(): Date;
}

export class ReviewPanel {
  static current: ReviewPanel | undefined;
  private readonly channel: WebviewChannel<ToHost, ToWebview>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The question the page shows, until it is graded. */
  private shown: string | undefined;
  /** The last `good` grade, which "Easy" may replace. */
  private lastGood: { key: string; recorded: Recorded } | undefined;
  private reviewed = 0;
  /** Questions whose draft was refused as too long (warned once until it is short again). */
  private readonly tooLong = new Set<string>();

  private constructor(readonly panel: vscode.WebviewPanel, private readonly deps: ReviewDeps) {
    ReviewPanel.current = this;
    panel.iconPath = vscode.Uri.joinPath(deps.study.extensionUri, 'media', 'activity.svg');
    this.channel = new WebviewChannel<ToHost, ToWebview>({
      name: 'review',
      webview: panel.webview,
      checks: REVIEW_CHECKS,
      onReady: () => this.showMessage(),
      handlers: {
        grade: (m) => this.grade(m),
        easier: (m) => this.easier(m),
        next: () => this.channel.post(this.showMessage()),
        openLesson: (m) => vscode.commands.executeCommand('llmStudy.openLesson', m.lessonId),
        draft: (m) => this.draft(m),
      },
      log: deps.study.log,
      report: (text) => void vscode.window.showWarningMessage(text),
    });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.html = webviewHtml({ webview: panel.webview, extensionUri: deps.study.extensionUri, bundle: 'review', title: 'Review' });
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
  }

  static show(deps: ReviewDeps): ReviewPanel {
    const existing = ReviewPanel.current;
    if (existing) {
      existing.panel.reveal();
      // What is due may have changed while it sat in the background.
      if (!existing.shown) existing.channel.post(existing.showMessage());
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Review', vscode.ViewColumn.Active, ReviewPanel.options(deps.study.extensionUri));
    return new ReviewPanel(panel, deps);
  }

  static revive(deps: ReviewDeps, panel: vscode.WebviewPanel): void {
    if (ReviewPanel.current) return panel.dispose();
    panel.webview.options = ReviewPanel.options(deps.study.extensionUri);
    new ReviewPanel(panel, deps);
  }

  /** The schedule changed (an answer in a lesson, the timer): a page waiting with nothing due looks again. */
  static scheduleChanged(): void {
    const p = ReviewPanel.current;
    if (p && !p.shown) p.channel.post(p.showMessage());
  }

  /** The question shown stays until graded (another window may have made others more overdue). */
  private showMessage(): ToWebview {
    const { store, questions, now } = this.deps;
    const cards = store.cards();
    const at = now();
    const due = dueQuestions(cards, questions, at);
    const question = due.find((q) => q.key === this.shown) ?? due[0];
    this.shown = question?.key;
    const draft = question && !question.choices?.length ? this.deps.drafts.text(question.key) : '';
    return {
      type: 'show', question, due: due.length, nextDue: question ? undefined : nextDue(cards, questions, at)?.toISOString(), reviewed: this.reviewed,
      ...(draft ? { draft } : {}),
    };
  }

  private draft(m: HostMsg<'draft'>): void {
    // Only the question shown has a text box: anything else is kept nowhere (no stray keys in storage).
    if (m.key !== this.shown) return this.deps.study.log.warn(`review: a draft for ${m.key}, which is not the question shown, was not kept`);
    if (this.deps.drafts.write(m.key, m.text)) return void this.tooLong.delete(m.key);
    // Said once, not on every key press past the limit.
    if (this.tooLong.has(m.key)) return;
    this.tooLong.add(m.key);
    void vscode.window.showWarningMessage(`Your answer is over ${MAX_NOTE_CHARS.toLocaleString()} characters, too long to keep: what is kept is your text as it was before it grew past that.`);
  }

  private async grade(m: HostMsg<'grade'>): Promise<void> {
    if (m.key !== this.shown) return this.channel.post({ type: 'gradeFailed', key: m.key, message: 'This question is no longer the one being reviewed; it was not graded.' });
    const recorded = await this.deps.store.record(m.key, m.grade, this.deps.now());
    if (!recorded) return this.channel.post({ type: 'gradeFailed', key: m.key, message: 'Your answer could not be saved (see the notification).' });
    this.reviewed++;
    this.shown = undefined;
    // Graded: the draft did its job. Failing to drop it costs nothing but a stale text next time.
    this.deps.drafts.clear(m.key).catch((e: unknown) => this.deps.study.log.warn(`review: draft of ${m.key} not cleared: ${e instanceof Error ? e.message : e}`));
    this.lastGood = m.grade === 'good' ? { key: m.key, recorded } : undefined;
    this.deps.study.log.info(`review: ${m.key} graded ${m.grade}, due again ${recorded.after.due}`);
    this.graded(m.key, m.grade, recorded.after.due);
  }

  private async easier(m: HostMsg<'easier'>): Promise<void> {
    const last = this.lastGood;
    if (last?.key !== m.key) return;
    this.lastGood = undefined;
    const after = await this.deps.store.regrade(m.key, last.recorded, 'easy', this.deps.now());
    if (!after) return this.channel.post({ type: 'gradeFailed', key: m.key, message: 'Reviewed again meanwhile (in another window): that review stands.' });
    this.deps.study.log.info(`review: ${m.key} regraded easy, due again ${after.due}`);
    this.graded(m.key, 'easy', after.due);
  }

  private graded(key: string, grade: GradeName, due: string): void {
    const left = dueQuestions(this.deps.store.cards(), this.deps.questions, this.deps.now()).length;
    this.channel.post({ type: 'graded', key, grade, due, left, reviewed: this.reviewed });
  }

  private dispose(): void {
    if (ReviewPanel.current === this) ReviewPanel.current = undefined;
    void this.deps.drafts.flush();
    this.channel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
