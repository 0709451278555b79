// Wires the tokenizer view: `LLM Study: Show Tokens` opens it on the active editor's selection
// (or on a text passed by a link or a test), and a serializer brings it back after a reload.
import * as vscode from 'vscode';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { VIEW_TYPE } from '../shared/protocols/tokenizer';
import { selectionUpdate, textUpdate, TokenizerPanel } from './tokenizerPanel';

export function registerTokenizer(study: Study): Feature {
  // Registered by activate() (src/commands.ts lazyViews), which loads this feature to restore the panel.
  const serializer: vscode.WebviewPanelSerializer = { deserializeWebviewPanel: async (panel) => TokenizerPanel.revive(study, panel) };
  const commands: CommandTable = {
    'llmStudy.showTokens': (arg?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      const first = typeof arg === 'string' ? textUpdate(arg, { kind: 'typed' }) : editor ? selectionUpdate(editor) : undefined;
      TokenizerPanel.show(study, first);
    },
  };
  return { commands, serializers: { [VIEW_TYPE]: serializer } };
}
