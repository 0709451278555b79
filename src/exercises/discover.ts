// Finds the tests in a test_*.py file by reading it, not by running Python: the Testing view must
// fill instantly and must work before Python is set up. Ids match unittest's
// (`test_attention.TestAttention.test_mask`) so the runner's results map back to the same items.
// Pure (no `vscode`).

export interface DiscoveredTest {
  /** unittest id: module.Class.method */
  id: string;
  className: string;
  method: string;
  /** The docstring's first line when there is one (what the runner reports as the name), else the method in words. */
  label: string;
  /** 0-based line of the `def`. */
  line: number;
}

const CLASS = /^class\s+([A-Za-z_]\w*)\s*(\(([^)]*)\))?\s*:/;
const DEF = /^(\s+)(?:async\s+)?def\s+(test\w*)\s*\(/;
const DOC = /^\s*(?:[rRuU])?("""|''')\s*(.*?)\s*(?:\1)?\s*$/;

export function moduleName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.py$/, '');
}

export function discoverTests(file: string, text: string): DiscoveredTest[] {
  const mod = moduleName(file);
  const lines = text.split(/\r?\n/);
  const out: DiscoveredTest[] = [];
  let cls: string | undefined;
  let classIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const c = CLASS.exec(line);
    if (c) {
      // Only classes that look like test cases; helper classes in test files are skipped.
      cls = /TestCase|Test/.test(c[3] ?? '') || c[1].startsWith('Test') ? c[1] : undefined;
      classIndent = 0;
      continue;
    }
    if (indent <= classIndent) cls = undefined; // left the class body
    if (!cls) continue;
    const d = DEF.exec(line);
    if (!d) continue;
    const method = d[2];
    let label = method.replace(/^test_?/, '').replace(/_/g, ' ');
    // The docstring sits on the first non-empty line after the (possibly multi-line) signature.
    for (let j = i; j < Math.min(lines.length, i + 8); j++) {
      if (!/:\s*(#.*)?$/.test(lines[j])) continue;
      const next = lines.slice(j + 1).find((l) => l.trim());
      const m = next && DOC.exec(next);
      if (m && m[2]) label = m[2];
      break;
    }
    out.push({ id: `${mod}.${cls}.${method}`, className: cls, method, label, line: i });
  }
  return out;
}

/** The 0-based line of the first top-level `def` in a stub: where the "Run tests" lens goes. */
export function firstFunctionLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^(async\s+)?def\s|^class\s/.test(l));
  return i < 0 ? undefined : i;
}

/**
 * Which known tests a runner result stands for. Usually itself; but an import failure of a test
 * file is reported once for the module (`unittest.loader._FailedTest.test_x`) and a failing
 * `setUpClass` once for its class, and those must land on every test they stopped.
 */
export function resultTargets(resultId: string, known: readonly string[]): string[] {
  if (known.includes(resultId)) return [resultId];
  const failedModule = /_FailedTest\.(\w+)$/.exec(resultId)?.[1];
  if (failedModule) return known.filter((k) => k.startsWith(`${failedModule}.`));
  const fixture = /^(?:setUpClass|tearDownClass|setUpModule|tearDownModule) \(([\w.]+)\)$/.exec(resultId)?.[1];
  if (fixture) return known.filter((k) => k === fixture || k.startsWith(`${fixture}.`));
  return [];
}
