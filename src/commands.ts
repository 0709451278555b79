// Commands as a table: each feature returns a map from command id to handler, activate() merges
// them and registers each once. The exthost suite checks this table against package.json.
import * as vscode from 'vscode';

// `any`: command arguments come from VS Code (palettes, links, menus) untyped; handlers check them.
export type CommandHandler = (...args: any[]) => unknown;
export type CommandTable = Record<string, CommandHandler>;

export function registerCommandTable(context: vscode.ExtensionContext, ...tables: CommandTable[]): string[] {
  const ids: string[] = [];
  for (const table of tables) {
    for (const [id, handler] of Object.entries(table)) {
      if (ids.includes(id)) throw new Error(`command ${id} registered twice`);
      ids.push(id);
      context.subscriptions.push(vscode.commands.registerCommand(id, handler));
    }
  }
  return ids;
}
