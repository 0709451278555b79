// Finding a Python that can run the exercises. Pure Node (no `vscode`): the caller says where
// candidates come from (Python extension, setting, PATH) and this probes them in order. The probe
// runs once per interpreter and is cached, since spawning Python costs ~30-100 ms.
import { execFile } from 'node:child_process';

export type CandidateSource = 'python-extension' | 'setting' | 'environment' | 'path';

export interface Candidate {
  path: string;
  source: CandidateSource;
}

export type Probe =
  | { ok: true; path: string; source: CandidateSource; version: string }
  | { ok: false; path: string; source: CandidateSource; problem: 'not-found' | 'no-module' | 'failed'; detail: string; module?: string };

const PROBE_TIMEOUT_MS = 20_000;

/** Runs `python -c "import numpy, sys; print(sys.version)"` (with the exercise's modules). */
export function probe(c: Candidate, modules: readonly string[] = ['numpy']): Promise<Probe> {
  const imports = ['sys', ...modules].join(', ');
  const code = `import ${imports}; print(sys.version.split()[0])`;
  return new Promise((resolve) => {
    execFile(c.path, ['-c', code], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, path: c.path, source: c.source, version: stdout.trim() });
      const code_ = (err as NodeJS.ErrnoException).code;
      if (code_ === 'ENOENT' || code_ === 'EACCES') {
        return resolve({ ok: false, path: c.path, source: c.source, problem: 'not-found', detail: `${c.path} was not found or cannot run` });
      }
      const missing = /No module named '([^']+)'/.exec(stderr);
      if (missing) {
        return resolve({ ok: false, path: c.path, source: c.source, problem: 'no-module', module: missing[1], detail: `${c.path} has no ${missing[1]}` });
      }
      resolve({ ok: false, path: c.path, source: c.source, problem: 'failed', detail: (stderr || err.message).trim().split('\n').pop() ?? 'failed' });
    });
  });
}

/**
 * The candidates in the order the issue asks: the Python extension's active environment, the
 * `llmStudy.pythonPath` setting, then `python3`/`python` on PATH. A path the learner set
 * explicitly is the only candidate: silently using another Python would hide their choice.
 */
export function candidates(o: { fromExtension?: string; setting?: string; environment?: string; platform?: NodeJS.Platform }): Candidate[] {
  if (o.setting) return [{ path: o.setting, source: 'setting' }];
  const list: Candidate[] = [];
  if (o.fromExtension) list.push({ path: o.fromExtension, source: 'python-extension' });
  // LLM_STUDY_PYTHON lets CI and tests pin an interpreter without touching settings.
  if (o.environment) list.push({ path: o.environment, source: 'environment' });
  const names = (o.platform ?? process.platform) === 'win32' ? ['python', 'py', 'python3'] : ['python3', 'python'];
  for (const n of names) list.push({ path: n, source: 'path' });
  return list.filter((c, i) => list.findIndex((d) => d.path === c.path) === i);
}

/** Probes candidates in order (with a cache) and returns the first that works, else the most telling failure. */
export class PythonFinder {
  private readonly cache = new Map<string, Promise<Probe>>();

  constructor(private readonly probeFn: typeof probe = probe) {}

  clear(): void {
    this.cache.clear();
  }

  async find(list: readonly Candidate[], modules: readonly string[] = ['numpy']): Promise<Probe> {
    let worst: Probe | undefined;
    for (const c of list) {
      const key = `${c.path}\0${modules.join(',')}`;
      let p = this.cache.get(key);
      if (!p) {
        p = this.probeFn(c, modules);
        this.cache.set(key, p);
      }
      const r = { ...(await p), source: c.source };
      if (r.ok) return r;
      // "Python is there but lacks numpy" helps the learner more than "python not found".
      if (!worst || (worst.ok === false && worst.problem === 'not-found' && r.problem !== 'not-found')) worst = r;
    }
    return worst ?? { ok: false, path: '', source: 'path', problem: 'not-found', detail: 'no Python candidates' };
  }
}

/** The words and commands a learner needs to fix a Python problem, as markdown. */
export function fixText(p: Exclude<Probe, { ok: true }>, platform: NodeJS.Platform = process.platform): string {
  const mod = p.module ?? 'numpy';
  const pipName = mod === 'numpy' ? 'numpy' : mod;
  const lines = ['# Python for LLM Study exercises', ''];
  if (p.problem === 'not-found') {
    lines.push(`LLM Study could not run Python (${p.detail}). The exercises need Python 3.9 or newer with numpy.`, '');
    lines.push('## Install Python', '');
    if (platform === 'win32') lines.push('- Install Python from python.org or the Microsoft Store, then reopen VS Code.');
    else if (platform === 'darwin') lines.push('- `brew install python` (or the installer from python.org).');
    else lines.push('- Debian/Ubuntu: `sudo apt-get install python3 python3-numpy`', '- Fedora: `sudo dnf install python3 python3-numpy`');
  } else if (p.problem === 'no-module') {
    lines.push(`The Python at \`${p.path}\` runs, but it has no **${mod}**, which the exercise tests import.`, '');
    lines.push(`## Install ${mod} into that Python`, '');
    lines.push('```sh', `"${p.path}" -m pip install ${pipName}`, '```', '');
    if (platform === 'linux') lines.push(`On Debian/Ubuntu with the system Python: \`sudo apt-get install python3-${pipName}\`.`, '');
    lines.push('In a virtual environment: `python3 -m venv .venv && .venv/bin/pip install numpy`, then pick `.venv` with the Python extension or in the setting below.');
  } else {
    lines.push(`Running \`${p.path}\` failed: ${p.detail}`);
  }
  lines.push('', '## Or point LLM Study at another Python', '');
  lines.push('Set **LLM Study › Python Path** (`llmStudy.pythonPath`) to the full path of a Python that has numpy, for example `/usr/bin/python3`.');
  lines.push('With the Python extension installed, its selected interpreter is used when the setting is empty.');
  lines.push('', `_Found via: ${p.source}._`);
  return lines.join('\n');
}
