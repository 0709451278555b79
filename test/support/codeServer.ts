// Starts a real VS Code (code-server, from the npm registry) for tests and `npm start`, and
// drives it with Debian's Chromium through playwright-core. See ../shared/guides/vscode-e2e.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

export interface CodeServerEnv {
  node24: string;
  entry: string;
}

/** Installs code-server on first use (cached under ~/.cache/llm-study) and returns its paths. */
export function ensureCodeServer(): CodeServerEnv {
  const envFile = execFileSync('bash', [path.join(REPO, 'scripts', 'ensure-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop()!;
  const text = fs.readFileSync(envFile, 'utf8');
  const get = (k: string) => text.match(new RegExp(`export ${k}="([^"]+)"`))?.[1];
  const node24 = get('LLM_STUDY_NODE24');
  const entry = get('LLM_STUDY_CS_ENTRY');
  if (!node24 || !entry) throw new Error(`bad env file ${envFile}`);
  return { node24, entry };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Folder for user data, extensions and workspace; a fresh temp dir when absent. */
  runDir?: string;
  workspace?: string;
  settings?: Record<string, unknown>;
  /** .vsix files to install before starting. */
  install?: string[];
  /** Link this folder into the extensions dir as the extension (used by `npm start`). */
  linkExtension?: string;
  extraArgs?: string[];
  /** Open the workspace untrusted, in Restricted Mode (workspace trust on, no start-up prompt). */
  restricted?: boolean;
  port?: number;
  log?: (s: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export async function startCodeServer(o: StartOptions = {}): Promise<RunningServer> {
  const cs = ensureCodeServer();
  const runDir = o.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'llm-study-cs-'));
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = o.workspace ?? path.join(runDir, 'workspace');
  const home = path.join(runDir, 'home');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspace, home]) fs.mkdirSync(d, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile) || o.settings) {
    const trust = o.restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...o.settings }, null, 2));
  }
  // code-server writes config and logs under HOME/XDG dirs; keep them inside the run folder.
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // Extension-host tests edit User settings as a learner does (the file, not the API, which
    // routes machine-scoped keys elsewhere in a remote window).
    LLM_STUDY_USER_SETTINGS: settingsFile,
  };
  const base = [cs.entry, '--config', path.join(runDir, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of o.install ?? []) {
    execFileSync(cs.node24, [...base, '--install-extension', vsix, '--force'], { env, stdio: 'pipe' });
  }
  if (o.linkExtension) {
    const pkg = JSON.parse(fs.readFileSync(path.join(o.linkExtension, 'package.json'), 'utf8'));
    const link = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
    if (!fs.existsSync(link)) fs.symlinkSync(o.linkExtension, link, 'dir');
  }
  const port = o.port ?? (await freePort());
  // --auth none is only ever combined with a loopback bind.
  const args = [...base, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    ...(o.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--disable-proxy', ...(o.extraArgs ?? []), workspace];
  const logFile = fs.openSync(path.join(runDir, 'code-server.log'), 'a');
  const child = spawn(cs.node24, args, { env, stdio: ['ignore', logFile, logFile], detached: false });
  let exited: string | undefined;
  child.on('exit', (c, s) => (exited = `code-server exited (${c ?? s}); see ${runDir}/code-server.log`));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`code-server did not answer on ${url} within 90 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, port, runDir, userDataDir, extensionsDir, workspace, process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && fs.existsSync(p)) return p;
  throw new Error('Chromium not found: install it with `apt-get install chromium` (or set CHROMIUM=/path/to/chrome)');
}

/**
 * A Python that notes each use in `<dir>/python-used.log` and then runs `python`: set as
 * llmStudy.pythonPath, it proves the setting is the Python that ran, not one found on PATH.
 */
export function pythonWrapper(dir: string, python: string): { path: string; usedLog: string } {
  fs.mkdirSync(dir, { recursive: true });
  const usedLog = path.join(dir, 'python-used.log');
  const file = path.join(dir, 'python-wrapper');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(file, `#!/bin/sh\necho "$*" >> ${q(usedLog)}\nexec ${q(python)} "$@"\n`, { mode: 0o755 });
  fs.rmSync(usedLog, { force: true });
  return { path: file, usedLog };
}
