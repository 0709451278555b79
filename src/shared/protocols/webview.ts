// Shapes every webview protocol shares. Each feature's protocol.ts defines its own message unions
// on top of these; this file is imported by both the host and the webviews, so no `vscode` here.

/** Every webview sends this first; the host posts nothing before it (no lost messages). */
export interface ReadyMessage {
  type: 'ready';
}

export type Message = { type: string };

/**
 * Why a message from the webview cannot be used, or undefined when it can. A page is our own code,
 * but a stale page after an update, or a bug in one, sends shapes the host must not trust; each
 * protocol file holds one check per message type, next to the type it checks. Pure: both sides
 * import the protocol files.
 */
export type Check = (m: Readonly<Record<string, unknown>>) => string | undefined;

/** One check per message the host accepts; `ready` belongs to the channel and needs none. */
export type HostChecks<ToHost extends Message> = { readonly [K in Exclude<ToHost['type'], 'ready'>]: Check };

/** A field's kind: a JS type, or the strings it may be. A trailing `?` on the name makes it optional. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'object' | readonly string[];

/** A check that each named field is of its kind (numbers must be finite); extra fields are fine. */
export function fields(spec: Readonly<Record<string, FieldKind>>): Check {
  return (m) => {
    for (const [name, kind] of Object.entries(spec)) {
      const optional = name.endsWith('?');
      const key = optional ? name.slice(0, -1) : name;
      const v = m[key];
      if (v === undefined && optional) continue;
      const why = fieldProblem(v, kind);
      if (why) return `${key} ${why}`;
    }
    return undefined;
  };
}

function fieldProblem(v: unknown, kind: FieldKind): string | undefined {
  if (typeof kind !== 'string') return typeof v === 'string' && kind.includes(v) ? undefined : `is ${shown(v)}, not one of ${kind.join(', ')}`;
  if (kind === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : `is ${shown(v)}, not an object`;
  if (kind === 'number') return typeof v === 'number' && Number.isFinite(v) ? undefined : `is ${shown(v)}, not a finite number`;
  return typeof v === kind ? undefined : `is ${shown(v)}, not a ${kind}`;
}

/** A value for a log line: short, and never the whole of a 250,000-character note. */
function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? 'an array' : `a${typeof v === 'object' ? 'n object' : ` ${typeof v}`}`;
}

/** The message, typed, when its type is known and its check passes; otherwise why not. */
export function checkMessage<ToHost extends Message>(raw: unknown, checks: HostChecks<ToHost>): { message: ToHost } | { reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { reason: `not a message: ${shown(raw)}` };
  const type = (raw as Message).type;
  if (typeof type !== 'string') return { reason: `a message without a type` };
  if (type === 'ready') return { message: raw as ToHost };
  // Own properties only: a page sending `{ type: 'toString' }` must not reach Object.prototype.
  const check = Object.prototype.hasOwnProperty.call(checks, type) ? (checks as Record<string, Check>)[type] : undefined;
  if (!check) return { reason: `unknown message type ${JSON.stringify(type.slice(0, 40))}` };
  const why = check(raw as Record<string, unknown>);
  return why ? { reason: `${type}: ${why}` } : { message: raw as ToHost };
}
