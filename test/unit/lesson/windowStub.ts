// Imported before webview code that touches `window`/`document` at construction (earlier builds of
// webview/lesson/notes.ts did), so it loads in Node. Not a DOM: just enough to construct.
const g = globalThis as Record<string, unknown>;
g.window ??= { addEventListener: () => undefined, setTimeout, clearTimeout };
g.document ??= { addEventListener: () => undefined, visibilityState: 'visible' };
export {};
