// The review schedule in globalState (llmStudy.review, synced), read through like progress and
// notes: every read decodes what is stored now, and every write changes just its own card in the
// value as stored at that moment, so two windows answering different questions keep each other's
// cards. A value that does not decode cleanly is copied to llmStudy.review.backup by Versioned
// before it is written over, and rebuilt: the cards still readable, plus a card for every
// answered self-check question that has none. A value from a newer LLM Study is changed in place.
// No `vscode` import at runtime: unit tests run it on an in-memory Memento.
import type { Answer } from '../shared/protocols/lesson';
import type { ReviewQuestion } from '../shared/protocols/review';
import { backupKey, UNCHANGED, Versioned, type GlobalKeys, type Storage } from '../state/storage';
import { encodeEntries, sameJson } from '../state/versionedValue';
import { cardsFromAnswers, decodeSchedule, mergeCards, reviewCard, SCHEDULE_VERSION, type RatingName, type Schedule, type StoredCard } from './schedule';

const KEY = 'llmStudy.review';
export const REVIEW_BACKUP_KEY = backupKey(KEY);

export interface ScheduleStoreOptions {
  /** Told about problems (a value pulled by sync that could not be read, a newer build's value). */
  report(text: string): void;
  /** The stored self-check answers, keyed `<lessonId>/<questionId>`: what a lost schedule is rebuilt from. */
  answers(): Record<string, Answer>;
  questions(): ReviewQuestion[];
}

/** A recorded review: the card before (undefined for a new one) and after. */
export interface Recorded {
  before?: StoredCard;
  after: StoredCard;
}

export class ScheduleStore {
  private readonly value: Versioned<typeof KEY, Schedule>;
  private readonly listeners = new Set<() => unknown>();

  constructor(storage: Storage, private readonly o: ScheduleStoreOptions) {
    this.value = new Versioned(storage, KEY, decodeSchedule);
  }

  cards(): Record<string, StoredCard> {
    return this.value.read().value.entries;
  }

  /** Called after every change this window makes (the status bar listens). */
  onDidChange(listener: () => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Repairs and completes the schedule: an unreadable value is reported and rebuilt, and every
   * answered question without a card gets one from its answer (answers given before this feature
   * existed, or while the schedule was lost). Writes nothing when nothing is missing.
   */
  async rebuild(): Promise<void> {
    const first = this.value.read();
    // A newer build's value this one cannot add to: nothing to repair here, and recording says so.
    if (first.value.unwritable) return;
    const broken = !first.lossless && !first.value.newer && first.problems.length > 0;
    let written = false;
    await this.change((d) => {
      const fromAnswers = cardsFromAnswers(this.o.answers(), this.o.questions());
      const missing = Object.fromEntries(Object.entries(fromAnswers).filter(([k]) => !(k in d.entries)));
      const merged = mergeCards(missing, d.entries);
      const changes = Object.fromEntries(Object.keys(missing).map((k) => [k, merged[k]]));
      written = Object.keys(changes).length > 0 || !first.lossless;
      return changes;
    }, true);
    if (broken && written) {
      this.o.report(`LLM Study rebuilt your review schedule (${first.problems.join('; ')}) from what it could read and your self-check answers; the value as it was is kept in ${REVIEW_BACKUP_KEY}.`);
    }
  }

  /** Records one review of `key` at `now`, on the card as stored at the moment of writing. */
  async record(key: string, rating: RatingName, now: Date): Promise<Recorded | undefined> {
    let out: Recorded | undefined;
    const ok = await this.change((d) => {
      const before = d.entries[key];
      out = { before, after: reviewCard(before, rating, now) };
      return { [key]: out.after };
    });
    return ok ? out : undefined;
  }

  /**
   * Replaces a review just recorded (`good`, then the learner says it was easy) by one with
   * `rating` on the card as it was before. Nothing changes when the card moved on meanwhile
   * (another window reviewed it): that later review wins.
   */
  async regrade(key: string, recorded: Recorded, rating: RatingName, now: Date): Promise<StoredCard | undefined> {
    let after: StoredCard | undefined;
    await this.change((d) => {
      if (!sameJson(d.entries[key], recorded.after)) return {};
      after = reviewCard(recorded.before, rating, now);
      return { [key]: after };
    });
    return after;
  }

  /**
   * False when nothing could be written (a newer build's value in a shape this one cannot add to).
   * `quiet`: the caller reports a repair itself.
   */
  private async change(changes: (d: Schedule) => Record<string, StoredCard>, quiet = false): Promise<boolean> {
    let refused: number | undefined;
    let repaired: string[] | undefined;
    await this.value.update((current, raw) => {
      const c = changes(current.value);
      if (!Object.keys(c).length && current.lossless) return UNCHANGED;
      const next = encodeEntries(raw, current.value, c, SCHEDULE_VERSION);
      if (!next) {
        refused = current.value.newer;
        return UNCHANGED;
      }
      if (!current.lossless && current.problems.length) repaired = current.problems;
      return next as GlobalKeys[typeof KEY];
    });
    if (refused !== undefined) {
      this.o.report(`LLM Study could not save your review: the schedule was stored by a newer version (v${refused}) in a shape this one cannot update. Update LLM Study to keep reviewing.`);
      return false;
    }
    if (repaired && !quiet) this.o.report(`LLM Study repaired your review schedule (${repaired.join('; ')}); the value as it was is kept in ${REVIEW_BACKUP_KEY}.`);
    for (const l of [...this.listeners]) l();
    return true;
  }
}
