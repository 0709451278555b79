// The host end of every webview panel. A page hears nothing until its script runs and says
// `ready`, and a hidden or reloading page hears nothing at all, so posts wait in a queue until the
// page is listening; messages from the page are checked against the feature's protocol before a
// handler sees them, and a handler that fails is logged and shown, never swallowed.
// No `vscode` import: the unit tests drive it with a fake webview.
import { checkMessage, type HostChecks, type Message } from '../shared/protocols/webview';

/** The part of vscode.Webview the channel uses. */
export interface ChannelWebview {
  postMessage(message: unknown): Thenable<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => unknown): { dispose(): unknown };
}

export interface ChannelLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** One handler per message type the page sends (`ready` is the channel's own). */
export type HostHandlers<ToHost extends Message> = {
  readonly [K in Exclude<ToHost['type'], 'ready'>]: (m: Extract<ToHost, { type: K }>) => unknown;
};

export interface ChannelOptions<ToHost extends Message, ToWebview extends Message> {
  /** Names the panel in the log and in warnings: "playground", "lesson lesson:tokens". */
  name: string;
  webview: ChannelWebview;
  checks: HostChecks<ToHost>;
  handlers: HostHandlers<ToHost>;
  /**
   * Called on every `ready` (a reload says it again): the message the page needs first (the
   * lesson's `init`), sent before anything queued. Undefined sends nothing first.
   */
  onReady?: () => ToWebview | undefined | Promise<ToWebview | undefined>;
  log: ChannelLog;
  /** Tells the learner that something they asked for failed (a warning notification). */
  report(text: string): void;
}

const causeOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class WebviewChannel<ToHost extends Message, ToWebview extends Message> {
  /** True between a page's `ready` (once its first message is out) and the next reload. */
  private live = false;
  /** Waiting for the page, in the order they were posted: `seq` keeps that order when a send bounces. */
  private queue: { seq: number; m: ToWebview }[] = [];
  private seq = 0;
  /** Which `ready` is being answered; a newer one makes an older, slower answer stand down. */
  private readyCount = 0;
  private disposed = false;
  private readonly subscription: { dispose(): unknown };

  constructor(private readonly o: ChannelOptions<ToHost, ToWebview>) {
    this.subscription = o.webview.onDidReceiveMessage((m) => this.receive(m));
  }

  /** Sends now when the page listens, else when it next says ready. */
  post(m: ToWebview): void {
    if (this.disposed) return;
    const item = { seq: this.seq++, m };
    if (this.live) this.send(item);
    else this.queue.push(item);
  }

  /**
   * Sends the page's first message (onReady's) now, with the HTML just set, not after the page's
   * `ready`: VS Code keeps it until the page has loaded and hands it over then, a round trip
   * through the extension host sooner. It does not make the page live, and its `ready` is answered
   * as always, so a page that missed this one (VS Code dropped it, a reload) still gets its first
   * message; a page that primes must therefore take the first copy and ignore a second.
   */
  async prime(): Promise<void> {
    const mine = this.readyCount;
    let first: ToWebview | undefined;
    try {
      first = await this.o.onReady?.();
    } catch (e) {
      return this.fail('ready', e);
    }
    // A `ready` came first, or the panel closed: the ready answer has it, or nobody needs it.
    if (first && mine === this.readyCount && !this.disposed && !this.live) void Promise.resolve(this.o.webview.postMessage(first)).catch(() => undefined);
  }

  /** The host is replacing the page's HTML: hold posts until the new page says ready. */
  reloading(): void {
    this.live = false;
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.subscription.dispose();
  }

  /** `again`: put it back in line if the page did not take it (not the ready answer: the next ready makes a fresh one). */
  private send(item: { seq: number; m: ToWebview }, again = true): void {
    // false: the page was not there to take it (hidden, reloading). It goes back in line for the
    // next ready; a panel closed meanwhile rejects, and then the message has nowhere to go. Later
    // posts still go straight out: one refused post says little about the next.
    const bounce = () => {
      if (this.disposed || !again) return;
      const at = this.queue.findIndex((q) => q.seq > item.seq);
      this.queue.splice(at < 0 ? this.queue.length : at, 0, item);
    };
    void this.o.webview.postMessage(item.m).then((ok) => ok || bounce(), bounce);
  }

  /** Returns when the message is handled, so tests (and nothing else) can wait for it. */
  private async receive(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const checked = checkMessage(raw, this.o.checks);
    if ('reason' in checked) return this.o.log.warn(`${this.o.name}: ignored a message from the page: ${checked.reason}`);
    const m = checked.message;
    if (m.type === 'ready') return this.ready();
    const handler = (this.o.handlers as unknown as Record<string, (m: Message) => unknown>)[m.type];
    try {
      await handler(m);
    } catch (e) {
      this.fail(m.type, e);
    }
  }

  private async ready(): Promise<void> {
    const mine = ++this.readyCount;
    this.live = false;
    let first: ToWebview | undefined;
    try {
      first = await this.o.onReady?.();
    } catch (e) {
      this.fail('ready', e);
    }
    if (mine !== this.readyCount || this.disposed) return;
    const waiting = this.queue;
    this.queue = [];
    this.live = true;
    if (first) this.send({ seq: -1, m: first }, false);
    for (const item of waiting) this.send(item);
  }

  private fail(type: string, e: unknown): void {
    const text = `${this.o.name}: "${type}" failed: ${causeOf(e)}`;
    this.o.log.error(text);
    this.o.report(`LLM Study: ${text}`);
  }
}
