// Wires the tokenizer view: `LLM Study: Show Tokens` opens it on the active editor's selection
// (or on a text passed by a link or a test), and a serializer brings it back after a reload.
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { Study } from '../study';
import { VIEW_TYPE } from '../shared/protocols/tokenizer';
import { selectionUpdate, textUpdate, TokenizerPanel } from './tokenizerPanel';

export function registerTokenizer(study: Study): CommandTable {
  study.context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => TokenizerPanel.revive(study, panel),
    }),
  );
  return {
    'llmStudy.showTokens': (arg?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      const first = typeof arg === 'string' ? textUpdate(arg, { kind: 'typed' }) : editor ? selectionUpdate(editor) : undefined;
      TokenizerPanel.show(study, first);
    },
  };
}
