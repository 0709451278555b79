// Bench fixture (scripts/bench/product.ts): a webview panel opened the way the lesson panel is
// (scripts on, the active column), with one paragraph of text and no files to load, so what it
// costs from the click to its first paint is VS Code's own share of opening a lesson.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('benchEmptyWebview.open', () => {
    const panel = vscode.window.createWebviewPanel('benchEmptyWebview', 'Empty webview', vscode.ViewColumn.Active, { enableScripts: true });
    panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
<body><main id="app" data-page="bench:empty"><p>An empty webview.</p></main></body></html>`;
  }));
};
exports.deactivate = () => {};
