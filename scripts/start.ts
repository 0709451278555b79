// `npm start`: build, then open LLM Study in a real VS Code in the browser (code-server, installed
// on first use and cached). The extension folder is linked in, so `npm run watch` + reload picks
// up changes; user data lives in .vscode-test/start so progress survives restarts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, startCodeServer } from '../test/support/codeServer';

async function main() {
  const build = spawnSync(process.execPath, [path.join(REPO, 'esbuild.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const runDir = path.join(REPO, '.vscode-test', 'start');
  fs.mkdirSync(runDir, { recursive: true });
  const port = Number(process.env.PORT ?? 8080);
  console.log('Starting code-server (the first run installs it, a few minutes)…');
  const server = await startCodeServer({
    runDir,
    port,
    workspace: process.env.LLM_STUDY_WORKSPACE ?? path.join(runDir, 'workspace'),
    linkExtension: REPO,
  });
  console.log(`\nLLM Study is running in VS Code at ${server.url}/  (bound to 127.0.0.1 only; Ctrl+C stops it)`);
  console.log(`Open it in a browser and click the LLM Study icon in the activity bar.\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (c) => process.exit(c ?? 0));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
