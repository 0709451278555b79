// Commands as a table: each feature returns a map from command id to handler, activate() merges
// them and registers each once. The exthost suite checks this table against package.json.
// Features other than the course tree load on first use (issue 16): their commands are
// registered at activation from LAZY_FEATURES (src/features.ts), and the first call loads the feature's bundle.
import * as vscode from 'vscode';
import type { LazySpec } from './features';

// `any`: command arguments come from VS Code (palettes, links, menus) untyped; handlers check them.
export type CommandHandler = (...args: any[]) => unknown;
export type CommandTable = Record<string, CommandHandler>;

/** What a feature's registration returns: its commands, and what VS Code opens or restores through it. */
export interface Feature {
  commands: CommandTable;
  /** By view type: brings the feature's panels back after a reload. */
  serializers?: Record<string, vscode.WebviewPanelSerializer>;
  /** By view type: the feature's custom editors. */
  editors?: Record<string, vscode.CustomReadonlyEditorProvider>;
}


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

/** Commands whose first call loads their feature; later calls go straight to its handler. */
export function lazyCommands(ids: readonly string[], feature: (why: string) => Feature): CommandTable {
  return Object.fromEntries(ids.map((id) => [id, (...args: unknown[]) => {
    const handler = feature(`command ${id}`).commands[id];
    if (!handler) throw new Error(`command ${id}: its feature has no handler for it`);
    return handler(...args);
  }]));
}

/** Panel serializers and custom editors that load their feature when VS Code first needs them. */
export function lazyViews(context: vscode.ExtensionContext, spec: LazySpec, feature: (why: string) => Feature): void {
  for (const viewType of spec.panels) {
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const s = feature(`restoring a ${viewType} panel`).serializers?.[viewType];
        if (!s) throw new Error(`${viewType}: its feature has no serializer for it`);
        await s.deserializeWebviewPanel(panel, state);
      },
    }));
  }
  for (const viewType of spec.editors) {
    const provider = (why: string) => {
      const p = feature(why).editors?.[viewType];
      if (!p) throw new Error(`${viewType}: its feature has no editor for it`);
      return p;
    };
    context.subscriptions.push(vscode.window.registerCustomEditorProvider(viewType, {
      openCustomDocument: (uri, ctx, token) => provider(`opening ${uri.path.split('/').pop()} in ${viewType}`).openCustomDocument(uri, ctx, token),
      resolveCustomEditor: (doc, panel, token) => provider(`the ${viewType} editor`).resolveCustomEditor(doc, panel, token),
    }, { supportsMultipleEditorsPerDocument: true }));
  }
}
