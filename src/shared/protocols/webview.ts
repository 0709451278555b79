// Shapes every webview protocol shares. Each feature's protocol.ts defines its own message unions
// on top of these; this file is imported by both the host and the webviews, so no `vscode` here.

/** Every webview sends this first; the host posts nothing before it (no lost messages). */
export interface ReadyMessage {
  type: 'ready';
}

export type Message = { type: string };

/** Narrowing guard for messages arriving from the other side, which are untyped at runtime. */
export function isMessage<T extends Message>(value: unknown, ...types: T['type'][]): value is T {
  return typeof value === 'object' && value !== null && types.includes((value as Message).type);
}
