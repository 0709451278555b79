// Commands the sidebar links to whose full features are still being built. Each feature that lands
// removes its entry here and returns the real handler from its own registration. All have landed
// (lessons: src/lesson/registration.ts); the hook stays for the next feature the sidebar links to.
import type { CommandTable } from './commands';
import type { Study } from './study';

export function placeholderCommands(_study: Study, taken: Set<string>): CommandTable {
  const table: CommandTable = {};
  return Object.fromEntries(Object.entries(table).filter(([id]) => !taken.has(id)));
}
