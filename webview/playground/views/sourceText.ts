// The text box of the views that read one text (Attention, Logit lens, Attribution). A learner who has just
// generated expects these views to show that text: the box follows the Generate text (its last
// context's worth, newlines kept, hence a textarea) until the learner types their own; emptying
// it follows Generate again. The caption under it says which text the view will use.
import { decode, encode, type ModelMeta } from '../vocab';
import { whenShown, type ViewContext } from '../context';
import { el } from './draw';

export interface SourceText {
  box: HTMLTextAreaElement;
  caption: HTMLElement;
  /** Refills the box from Generate while it follows Generate; true when its text changed. */
  sync(): boolean;
  /** The tokens to run: the box's text (or Generate's when the box is empty), cropped to the context. */
  ids(): number[];
  /** Text chosen elsewhere (the induction view's "open this head"): the box stops following Generate. */
  set(text: string): void;
}

/** Whether the box follows Generate, and what it should hold (pure: the box is a string here). */
export class FollowGenerate {
  private following = true;
  constructor(private readonly meta: ModelMeta) {}

  get isFollowing(): boolean {
    return this.following;
  }

  /** The learner typed: an emptied box follows Generate again, any other text is theirs. */
  typed(box: string): void {
    this.following = box === '';
  }

  /** Text chosen for the learner (Open head): theirs until they empty the box. */
  chose(): void {
    this.following = false;
  }

  /** What the box should hold now, or undefined to leave it: Generate's last context while following. */
  next(box: string, generated: string): string | undefined {
    if (!this.following) return undefined;
    const text = decode(this.meta, encode(this.meta, generated).ids.slice(-this.meta.blockSize));
    return text === box ? undefined : text;
  }
}

export function sourceText(ctx: ViewContext, id: string, label: string): SourceText {
  const { meta } = ctx;
  const box = el('textarea', { id, class: 'source-text', rows: '3', 'aria-label': label, placeholder: 'Empty: the text from Generate (prompt and output) is used.' }) as HTMLTextAreaElement;
  const caption = el('p', { id: `${id}-source`, class: 'muted' });
  const follow = new FollowGenerate(meta);
  const describe = () => {
    caption.textContent = follow.isFollowing
      ? `The text from Generate (its last ${meta.blockSize} characters at most, the model's context). Type your own text to look at that instead.`
      : `Your text (its last ${meta.blockSize} characters at most). Empty the box to follow Generate again.`;
  };
  box.addEventListener('input', () => {
    follow.typed(box.value);
    describe();
  });
  describe();
  return {
    box,
    caption,
    sync: () => {
      const text = follow.next(box.value, ctx.currentText());
      if (text === undefined) return false;
      box.value = text;
      return true;
    },
    ids: () => encode(meta, box.value || ctx.currentText()).ids.slice(-meta.blockSize),
    set: (text) => {
      box.value = text;
      follow.chose();
      describe();
    },
  };
}

/**
 * `run`, counted while in flight, and started when `view` is shown if the Generate text changed
 * since the last draw or nothing is drawn yet (`drawn`), so a learner never meets an empty view;
 * their own text waits for the button. No second run starts on showing while one is under way.
 * `busy` hears whether runs are still in flight after each one ends.
 */
export function drawWhenShown<A extends unknown[]>(view: HTMLElement, source: SourceText, drawn: () => boolean, run: (...args: A) => Promise<void>, busy?: (inFlight: boolean) => void): (...args: A) => Promise<void> {
  let running = 0;
  const counted = async (...args: A) => {
    running++;
    try {
      await run(...args);
    } finally {
      running--;
      busy?.(running > 0);
    }
  };
  whenShown(view, () => {
    if (running === 0 && (source.sync() || !drawn())) void counted(...([] as unknown[] as A));
  });
  return counted;
}
