// Wires the playground: the open command (with an optional preset and model), the panel's
// serializer so it survives a reload, and the .onnx custom editor.
import * as vscode from 'vscode';
import type { CommandTable, Feature } from '../commands';
import type { Study } from '../study';
import { keptSource, PlaygroundPanel, VIEW_TYPE, type ModelLocation } from './playgroundPanel';
import { isPreset, PROMPT_MAX_CHARS, type Preset } from '../shared/protocols/playground';
import { revivedPanel } from './revive';
import { ONNX_VIEW_TYPE, OnnxEditorProvider } from './onnxEditor';

export type OpenPlaygroundArg = Preset | { preset?: Preset; model?: string; prompt?: string } | undefined;

export function defaultModel(study: Study): ModelLocation {
  return { model: vscode.Uri.joinPath(study.extensionUri, 'media', 'model', 'model.onnx'), label: 'tiny Shakespeare GPT', custom: false };
}

function customModel(uri: vscode.Uri): ModelLocation {
  return { model: uri, label: uri.path.split('/').pop() ?? 'model.onnx', custom: true };
}

/** Accepts what palettes, lesson links (`command:` URIs) and the .onnx editor pass. */
export function parseOpenArg(arg: unknown): { preset: Preset; model?: string; prompt?: string } {
  if (isPreset(arg)) return { preset: arg };
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { preset?: unknown; model?: unknown; prompt?: unknown };
    return {
      preset: isPreset(o.preset) ? o.preset : 'generate',
      model: typeof o.model === 'string' ? o.model : undefined,
      prompt: typeof o.prompt === 'string' ? o.prompt.slice(0, PROMPT_MAX_CHARS) : undefined,
    };
  }
  return { preset: 'generate' };
}

export function registerPlayground(study: Study): Feature {
  // Registered by activate() (src/commands.ts lazyViews), which loads this feature to restore a panel or open a .onnx file.
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
      const { preset, source } = revivedPanel(state, keptSource(study));
      const location = source !== undefined ? customModel(vscode.Uri.parse(source)) : defaultModel(study);
      PlaygroundPanel.revive(study, panel, preset, location);
    },
  };
  study.ports.playground = {
    defaultModelDir: () => vscode.Uri.joinPath(defaultModel(study).model, '..').fsPath,
    showMine: (mine, rerun) => void PlaygroundPanel.showMine(study, defaultModel(study), mine, rerun),
    mineFailed: (message) => PlaygroundPanel.current?.mineFailed(message),
  };
  const commands: CommandTable = {
    'llmStudy.openPlayground': (arg?: OpenPlaygroundArg) => {
      const { preset, model, prompt } = parseOpenArg(arg);
      let location = defaultModel(study);
      if (model) {
        try {
          location = customModel(vscode.Uri.parse(model, true));
        } catch {
          void vscode.window.showWarningMessage(`LLM Study: "${model}" is not a model file URI; opening the built-in model.`);
        }
      }
      PlaygroundPanel.show(study, preset, location, prompt);
    },
  };
  return { commands, serializers: { [VIEW_TYPE]: serializer }, editors: { [ONNX_VIEW_TYPE]: new OnnxEditorProvider(study.extensionUri) } };
}
