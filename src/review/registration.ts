// Wires review: the schedule store, the port the lessons feed their self-check answers into,
// `LLM Study: Review`, its serializer, and the status bar's "N due". No telemetry: the schedule
// lives in globalState only (synced by Settings Sync when the learner has it on).
import * as vscode from 'vscode';
import fs from 'node:fs';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { SelfCheckStore } from '../state/notes';
import { VIEW_TYPE } from '../shared/protocols/review';
import { ReviewPanel, type ReviewDeps } from './reviewPanel';
import { cardKey, courseQuestions, dueQuestions, lessonRating, nextDue, reviewDueWait } from './schedule';
import { ScheduleStore } from './store';
import { ReviewDrafts } from './drafts';

/**
 * For the e2e only: this environment variable names a file holding an ISO time that the review
 * clock reads instead of the system's, so a question answered a minute ago can be made due. An
 * environment variable, not a setting, so no learner meets it in any UI.
 */
export const TEST_CLOCK_ENV = 'LLMSTUDY_REVIEW_CLOCK';

function reviewClock(): Date {
  const file = process.env[TEST_CLOCK_ENV];
  if (file) {
    try {
      const t = fs.readFileSync(file, 'utf8').trim();
      if (t && !Number.isNaN(Date.parse(t))) return new Date(t);
    } catch {
      // no file (yet): the system's clock
    }
  }
  return new Date();
}

export function registerReview(study: Study): Feature {
  const questions = courseQuestions(study.curriculum);
  const answers = new SelfCheckStore(study.storage);
  const report = (text: string) => {
    study.log.warn(text);
    void vscode.window.showWarningMessage(text);
  };
  const store = new ScheduleStore(study.storage, { report, answers: () => answers.all(), questions: () => questions });
  const deps: ReviewDeps = { study, store, questions, drafts: new ReviewDrafts(study.storage), now: reviewClock };
  if (process.env[TEST_CLOCK_ENV]) study.log.info(`review: test clock file ${process.env[TEST_CLOCK_ENV]}`);
  const byKey = new Map(questions.map((q) => [q.key, q]));

  study.ports.review = {
    recordAnswer: async (lessonId, questionId, answer) => {
      const key = cardKey(lessonId, questionId);
      const q = byKey.get(key);
      const rating = q && lessonRating(q, answer, key in store.cards());
      if (!rating) return;
      try {
        const r = await store.record(key, rating, reviewClock());
        if (r) study.log.info(`review: ${key} answered in its lesson (${rating}), due ${r.after.due}`);
      } catch (e) {
        // The answer itself is saved already; the schedule catches up on the next rebuild.
        study.log.error(`review: ${key} not scheduled: ${e instanceof Error ? e.message : e}`);
      }
    },
  };

  const status = vscode.window.createStatusBarItem('llmStudy.reviewDue', vscode.StatusBarAlignment.Left, 10);
  status.name = 'LLM Study: Review';
  status.command = 'llmStudy.review';
  const update = () => {
    const n = dueQuestions(store.cards(), questions, reviewClock()).length;
    if (n === 0) return status.hide();
    // Its own icon and word: beside the progress item (a mortar board and "3/142") a bare "2 due" said little.
    status.text = `$(history) ${n} due for review`;
    status.tooltip = `${n} self-check question${n === 1 ? ' is' : 's are'} due for review. Click to review.`;
    status.show();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    update();
    ReviewPanel.scheduleChanged();
    // A question answered wrongly a minute ago is due in a minute: look again then, not in three.
    clearTimeout(timer);
    const now = reviewClock();
    timer = setTimeout(changed, reviewDueWait(nextDue(store.cards(), questions, now), now));
  };
  changed();
  study.context.subscriptions.push(
    status,
    { dispose: () => clearTimeout(timer) },
    store.onDidChange(changed),
    // Another window or Settings Sync may have changed the schedule while this one was away.
    vscode.window.onDidChangeWindowState((s) => s.focused && changed()),
  );
  // Off the activation path: repairs a broken schedule and schedules answers it does not have yet.
  setTimeout(() => void store.rebuild().then(changed, (e: unknown) => study.log.error(`review: schedule not rebuilt: ${e instanceof Error ? e.message : e}`)), 0);

  const commands: CommandTable = {
    'llmStudy.review': () => {
      // The count is looked at afresh whenever the learner asks to review.
      update();
      ReviewPanel.show(deps);
    },
  };
  // Registered by activate() (src/commands.ts lazyViews), which loads this feature to restore the panel.
  const serializer: vscode.WebviewPanelSerializer = { deserializeWebviewPanel: async (panel) => ReviewPanel.revive(deps, panel) };
  return { commands, serializers: { [VIEW_TYPE]: serializer } };
}
