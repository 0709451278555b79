// What a playground panel revived after a window reload starts from. Pure, so the rule is tested.
import { decodePlaygroundState, type Preset } from '../shared/protocols/playground';

/**
 * The preset and model of a revived panel, from the state VS Code saved for it. A preset is a
 * request ("show the Steer view") that the page obeys over any kept settings; a revived panel
 * requests nothing, so its view comes from what the host kept (every change, at once) or, without
 * that, the webview's own saved state. Taking the preset from VS Code's saved state, as before,
 * let a stale one win: VS Code for the Web saves a webview's state only now and then, so a reload
 * could bring the panel back on the view before last (e2e 36-steer under load: Ablate, not Steer).
 */
export function revivedPanel(saved: unknown, keptSource?: string): { preset: Preset; source?: string } {
  // VS Code can restore the tab without any state its page saved (code-server after a reload: the
  // lesson tabs met it in 2 reloads of 4). The model of the last playground, which the host kept,
  // is then the one to run: the learner's own .onnx rather than the shipped model.
  const source = saved === undefined || saved === null ? keptSource : decodePlaygroundState(saved).source;
  return { preset: 'generate', source };
}
