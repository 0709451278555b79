import * as vscode from 'vscode';
import { isHttpUrl } from '../shared/urls';

/** Opens a link in the learner's browser; only http(s), so data can never launch other schemes. */
export async function openExternalLink(url: string): Promise<boolean> {
  if (!isHttpUrl(url)) {
    void vscode.window.showWarningMessage(`LLM Study only opens http(s) links; refused: ${url}`);
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}
