// What a stored test result was about: the Python files of the learner's exercise folder as they
// were when the run started. Every top-level .py file counts, not only the stub: a helper module
// the learner wrote, an edited test file or a new runner change what the tests say. A result is
// stale once any of them changed. The size and mtime answer quickly; only when they differ is the
// content hashed, since saving a file unchanged (or a checkout) moves its mtime but not its result.
// Pure apart from reading the folder (no `vscode`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** File name (in the exercise folder) -> its stamp. */
export type Fingerprint = Record<string, FileStamp>;

const sha256 = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');

function pythonFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.py') && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** The folder's Python files now. A file that cannot be read is left out (and so reads as changed later). */
export function fingerprint(dir: string): Fingerprint {
  const out: Fingerprint = {};
  for (const name of pythonFiles(dir)) {
    try {
      const full = path.join(dir, name);
      const st = fs.statSync(full);
      out[name] = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(fs.readFileSync(full)) };
    } catch {
      // Gone between the listing and the read: not part of what the run saw.
    }
  }
  return out;
}

/**
 * Answers "did these files change since?" for the sidebar, which asks at every redraw. A file
 * whose size or mtime moved is hashed once per (size, mtime) and the answer remembered.
 */
export class ChangeCheck {
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  changedSince(dir: string, then: Fingerprint): boolean {
    const names = pythonFiles(dir);
    if (names.length !== Object.keys(then).length) return true;
    for (const name of names) {
      const was = then[name];
      if (!was) return true;
      const full = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(full);
      } catch {
        return true;
      }
      if (st.size !== was.size) return true;
      if (st.mtimeMs === was.mtimeMs) continue;
      const hash = this.hashOf(full, st);
      if (hash !== was.sha256) return true;
    }
    return false;
  }

  private hashOf(full: string, st: fs.Stats): string | undefined {
    const known = this.hashes.get(full);
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.sha256;
    try {
      const h = { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(fs.readFileSync(full)) };
      this.hashes.set(full, h);
      return h.sha256;
    } catch {
      return undefined;
    }
  }
}
