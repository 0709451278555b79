// An in-memory globalState that several windows share, the way VS Code's extension hosts see one
// store: a value written in one is what `get` returns in the others. Writes finish after a short,
// random delay, so tests also meet writes completing out of order.
export function sharedMemento() {
  const values = new Map<string, unknown>();
  const memento = {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => {
      // Stored as JSON, like the real thing: nothing a caller keeps a reference to can change it.
      if (value === undefined) values.delete(key);
      else values.set(key, JSON.parse(JSON.stringify(value)));
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    },
    setKeysForSync: () => undefined,
  };
  return { values, memento };
}
