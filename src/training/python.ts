// Which Python trains: the same `llmStudy.pythonPath` setting the exercises use, else
// $LLM_STUDY_PYTHON, else python3 on PATH; it must import torch. Found here rather than through the
// exercises' interpreter: features do not import each other, and training needs torch, not numpy.
import { execFile } from 'node:child_process';

export type TorchProbe = { ok: true; python: string; torch: string } | { ok: false; message: string };

export const INSTALL_TORCH = 'Debian/Ubuntu: sudo apt install python3-torch python3-numpy (then set llmStudy.pythonPath to /usr/bin/python3); '
  + 'elsewhere: python3 -m pip install torch numpy (CPU wheels: --index-url https://download.pytorch.org/whl/cpu).';

export function pythonCandidates(setting: string | undefined, env: string | undefined): string[] {
  return [...new Set([setting, env, 'python3', 'python'].filter((p): p is string => !!p && !!p.trim()))];
}

function probe(python: string): Promise<{ torch?: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import torch, numpy; print(torch.__version__)'], { timeout: 30_000, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ torch: stdout.trim() });
      const code = (err as NodeJS.ErrnoException).code;
      resolve({ error: code === 'ENOENT' ? 'not found' : (stderr.trim().split('\n').pop() ?? err.message) });
    });
  });
}

/** The first candidate that imports torch; otherwise what each said, and how to install torch. */
export async function findTorch(candidates: string[]): Promise<TorchProbe> {
  const tried: string[] = [];
  for (const python of candidates) {
    const r = await probe(python);
    if (r.torch) return { ok: true, python, torch: r.torch };
    tried.push(`${python}: ${r.error}`);
  }
  return { ok: false, message: `Training needs PyTorch, and no Python found has it (${tried.join('; ')}). ${INSTALL_TORCH}` };
}
