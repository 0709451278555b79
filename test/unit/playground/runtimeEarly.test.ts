// The runtime's .wasm compiled from the panel's first script (compileEarly), handed to ort's loader.
// A file of its own: runtime.ts installs its fetch() and instantiateStreaming() wrappers once per page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';

// (module (func (export "f") (result i32) i32.const 42))
const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 6, 1, 4, 0, 65, 42, 11]);

/** Serves the gzipped module; `fail` URLs answer 503 the first time they are asked for. */
function serve(fail: string[] = []): string[] {
  const asked: string[] = [];
  globalThis.fetch = (async (url: string | URL) => {
    const u = String(url);
    asked.push(u);
    if (fail.includes(u) && asked.filter((a) => a === u).length === 1) return new Response(null, { status: 503 });
    return new Response(new Blob([new Uint8Array(gzipSync(WASM))]));
  }) as typeof fetch;
  return asked;
}

/** What ort's loader does with the URL it is given (ort-wasm-simd-threaded.mjs). */
async function ortLoads(url: string): Promise<number> {
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), {});
  return (instance.exports.f as () => number)();
}

test('compileEarly: ort gets the module compiled before it asked, without fetching the file again; later fetches are real', async () => {
  const asked = serve(['flaky.wasm.gz']);
  const { compileEarly } = await import('../../../webview/playground/runtime');
  compileEarly('w.wasm.gz');
  compileEarly('w.wasm.gz'); // once per URL
  assert.deepEqual(asked, ['w.wasm.gz'], 'the download starts at once');
  assert.equal(await ortLoads('w.wasm.gz'), 42);
  assert.deepEqual(asked, ['w.wasm.gz'], "ort's fetch was answered by the early compile");
  // ort's own fallback (it fetches the bytes when streaming fails) reaches the network, inflated.
  const r = await fetch('w.wasm.gz');
  assert.deepEqual(new Uint8Array(await r.arrayBuffer()), WASM);
  assert.deepEqual(asked, ['w.wasm.gz', 'w.wasm.gz']);
  // An early compile that failed (the file not served the first time) leaves ort to load it itself.
  compileEarly('flaky.wasm.gz');
  assert.equal(await ortLoads('flaky.wasm.gz'), 42);
  assert.deepEqual(asked.filter((u) => u === 'flaky.wasm.gz').length, 2);
  // Responses that are not stand-ins go to WebAssembly as they are.
  assert.equal(await ortLoads('plain.wasm.gz').catch(() => 'refused'), 'refused', 'a gzipped file it was not told about is not inflated');
});
