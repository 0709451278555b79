// A minimal test harness for the extension host (the suite runs inside VS Code, where pulling in
// mocha would add a bundle for little gain). Same contract as @vscode/test-electron suites:
// `run()` resolves on success and rejects with the failures.
type Fn = () => unknown | Promise<unknown>;
const tests: { name: string; fn: Fn }[] = [];

export function test(name: string, fn: Fn): void {
  tests.push({ name, fn });
}

export async function runAll(timeoutMs = 30_000): Promise<void> {
  let passed = 0;
  const failed: string[] = [];
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)),
      ]);
      passed++;
      console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed.push(`${t.name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      console.log(`  ✗ ${t.name}\n    ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(`exthost: ${passed} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(failed.join('\n'));
}
