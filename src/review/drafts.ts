// Short answers typed in Review, kept until the learner grades them. The page sends its text on
// every input and the host writes it at once through a NoteWriter (one write at a time, always the
// latest text), so a window reloaded mid-answer shows the text again: the webview's own state is
// saved too late in code-server to count on, and the answer used to be lost (labelled "not saved").
// Graded, the draft has done its job and goes; the lesson's own answer is never touched here.
// In llmStudy.review.drafts, this machine only, in the notes' format.
import { MAX_NOTE_CHARS, NoteWriter, NotesStore } from '../state/notes';
import type { Storage } from '../state/storage';

export class ReviewDrafts {
  private readonly store: NotesStore;
  private readonly writer: NoteWriter;

  constructor(storage: Storage) {
    this.store = new NotesStore(storage, 'llmStudy.review.drafts', 'review drafts');
    this.writer = new NoteWriter(this.store, () => undefined);
  }

  /** The draft for a question key: what waits to be written, else what is stored ('' for none). */
  text(key: string): string {
    return this.writer.unsaved()[key] ?? this.store.get(key);
  }

  /** False, with nothing kept, when the text is over MAX_NOTE_CHARS. */
  write(key: string, text: string): boolean {
    if (text.length > MAX_NOTE_CHARS) return false;
    this.writer.write(key, text);
    return true;
  }

  /** Drops a graded question's draft, after any write of it still under way. */
  async clear(key: string): Promise<void> {
    await this.writer.flush();
    await this.store.set(key, '');
  }

  /** Resolves once every text handed over is written. */
  flush(): Promise<void> {
    return this.writer.flush();
  }
}
