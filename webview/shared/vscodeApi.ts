// Typed access to the webview host API. `acquireVsCodeApi` may be called only once per page.
import type { Message } from '../../src/shared/protocols/webview';

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface Channel<ToHost extends Message, ToWebview extends Message, State> {
  post(message: ToHost): void;
  onMessage(handler: (message: ToWebview) => void): void;
  getState(): State | undefined;
  setState(state: State): void;
}

let api: VsCodeApi<unknown> | undefined;

export function channel<ToHost extends Message, ToWebview extends Message, State>(): Channel<ToHost, ToWebview, State> {
  api ??= acquireVsCodeApi<unknown>();
  const vscode = api as VsCodeApi<State>;
  return {
    post: (m) => vscode.postMessage(m),
    onMessage: (handler) =>
      window.addEventListener('message', (e: MessageEvent) => {
        const data = e.data as unknown;
        if (typeof data === 'object' && data !== null && typeof (data as Message).type === 'string') handler(data as ToWebview);
      }),
    getState: () => vscode.getState(),
    setState: (s) => vscode.setState(s),
  };
}

/** Reads the JSON the host embedded with webviewHtml({ initialState }). */
export function initialState<T>(): T | undefined {
  const el = document.getElementById('initial-state');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
  } catch {
    return undefined;
  }
}
