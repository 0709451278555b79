import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { OrtFiles } from '../../../src/shared/protocols/playground';

const files: OrtFiles = { wasm: { mjs: 'w.mjs', wasm: 'w.wasm.gz' }, webgpu: { module: 'g.mjs', mjs: 'ga.mjs', wasm: 'ga.wasm.gz' } };

function withGpu(adapter: unknown): void {
  Object.defineProperty(globalThis, 'navigator', {
    value: adapter === 'none' ? {} : { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
  });
}

test('backend plan: auto prefers WebGPU only with an adapter; a forced backend that cannot run says so', async () => {
  const { planBackends } = await import('../../../webview/playground/runtime');
  withGpu(null);
  let p = await planBackends('auto', files);
  assert.deepEqual(p.order, ['wasm']);
  assert.equal(p.why.wasm, 'no WebGPU adapter');
  assert.deepEqual(p.notices, []);

  p = await planBackends('webgpu', files);
  assert.deepEqual(p.order, ['wasm']);
  assert.match(p.notices[0], /WebGPU is forced.*not available here \(no WebGPU adapter\).*WASM instead/);

  withGpu('none');
  p = await planBackends('auto', files);
  assert.equal(p.why.wasm, 'this browser has no WebGPU');

  withGpu({});
  p = await planBackends('auto', files);
  assert.deepEqual(p.order, ['webgpu', 'wasm'], 'WASM stays as the fallback');
  p = await planBackends('wasm', files);
  assert.deepEqual(p.order, ['wasm']);
  p = await planBackends('webgpu', { wasm: files.wasm });
  assert.deepEqual(p.order, ['wasm'], 'a build without the WebGPU runtime never tries it');
});

test('backend plan: auto skips a software adapter and WebGPU for a model too small to gain; forcing still works', async () => {
  const { planBackends, gptParams, AUTO_WEBGPU_MIN_PARAMS } = await import('../../../webview/playground/runtime');
  const tiny = gptParams({ nLayer: 4, C: 128, V: 65, blockSize: 128 });
  assert.ok(tiny > 800_000 && tiny < 820_000, `the tiny GPT is about 0.8M parameters (${tiny})`);
  let asked = 0;
  const params = (n: number) => async () => (asked++, n);

  withGpu({ info: { vendor: 'google', architecture: 'swiftshader' } });
  let p = await planBackends('auto', files, params(AUTO_WEBGPU_MIN_PARAMS * 10));
  assert.deepEqual(p.order, ['wasm']);
  assert.match(p.why.wasm, /CPU emulation/);
  p = await planBackends('webgpu', files);
  assert.deepEqual(p.order, ['webgpu', 'wasm'], 'the setting forces it anyway');
  withGpu({ isFallbackAdapter: true });
  assert.deepEqual((await planBackends('auto', files)).order, ['wasm']);

  withGpu({ info: { vendor: 'nvidia', architecture: 'ada' } });
  asked = 0;
  p = await planBackends('auto', files, params(tiny));
  assert.deepEqual(p.order, ['wasm']);
  assert.equal(p.why.wasm, 'WebGPU adapter found, but a 0.8M-parameter model runs faster on WASM');
  p = await planBackends('auto', files, params(AUTO_WEBGPU_MIN_PARAMS));
  assert.deepEqual(p.order, ['webgpu', 'wasm'], 'a big enough model gets the GPU');
  assert.equal(asked, 2);
  withGpu(null);
  await planBackends('auto', files, params(tiny));
  assert.equal(asked, 2, 'without an adapter the model is not waited for');
});

/** Serves `files` (name -> bytes) to fetch(); anything else is a 404. */
function serveFiles(files: Record<string, Uint8Array>): void {
  globalThis.fetch = (async (url: string | URL) => {
    const body = files[String(url)];
    return body ? new Response(new Blob([new Uint8Array(body)])) : new Response(null, { status: 404 });
  }) as typeof fetch;
}

test('the runtime .wasm ships gzipped: fetch() of its URL streams it inflated, as application/wasm; other URLs are untouched', async () => {
  const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
  serveFiles({ 'w.wasm.gz': gzipSync(wasm), 'ga.wasm.gz': gzipSync(wasm), 'other.gz': gzipSync(wasm) });
  const { serveInflated } = await import('../../../webview/playground/runtime');
  serveInflated('w.wasm.gz');
  serveInflated('ga.wasm.gz');
  serveInflated('w.wasm.gz'); // configured again when the backend falls back: still inflated once
  for (const url of ['w.wasm.gz', 'ga.wasm.gz']) {
    const r = await fetch(url);
    assert.equal(r.headers.get('content-type'), 'application/wasm');
    assert.deepEqual(new Uint8Array(await r.arrayBuffer()), wasm, url);
  }
  assert.deepEqual(new Uint8Array(await (await fetch('other.gz')).arrayBuffer()), new Uint8Array(gzipSync(wasm)), 'not ours: left alone');
  assert.equal((await fetch('gone.wasm.gz')).status, 404, 'a missing file stays a 404, for the error message');
});

test('fallback: a failing backend hands over to the next with a notice; none working is one clear error', async () => {
  const { openWithFallback } = await import('../../../webview/playground/runtime');
  withGpu({});
  // The WebGPU module cannot be imported here, so WebGPU fails and WASM (bundled) runs.
  const ok = await openWithFallback('auto', files, async (_ort, name) => name);
  assert.equal(ok.value, 'wasm');
  assert.match(ok.backend.label, /^WASM \(WebGPU failed\)/);
  assert.match(ok.backend.notices.join(), /WebGPU failed .* Falling back to WASM/);
  withGpu(null);
  await assert.rejects(openWithFallback('wasm', files, async () => {
    throw new Error('boom');
  }), /could not run on any backend\. WASM: /);
});
