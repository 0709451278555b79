// The playground's WebGPU path, end to end, without a GPU: Chromium's SwiftShader is a CPU
// implementation of Vulkan that gives WebGPU a real adapter. The panel's own loading code
// (webview/playground/load.ts, via the bench page) must pick WebGPU when forced, generate, and
// write what WASM writes. Speed here means nothing (SwiftShader is ~200x slower than WASM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchWebview } from '../../scripts/bench/webview';

const TOKENS = 24;

test('WebGPU (SwiftShader) generates the same greedy text as WASM, with and without the KV cache', { timeout: 240_000 }, async (t) => {
  const gpu = await benchWebview({ webgpu: 'swiftshader', tokens: TOKENS, repeat: 1, node: false });
  if (!gpu.backend.startsWith('WebGPU')) {
    // Some Chromium builds come without SwiftShader's Vulkan: then there is no adapter to test on.
    t.skip(`no WebGPU adapter in this Chromium (${gpu.backend})`);
    return;
  }
  assert.match(gpu.backend, /^WebGPU \(set in llmStudy\.playground\.backend\)/);
  assert.ok(gpu.greedy_text_matches, 'the KV-cache graph and the full-context graph agree on WebGPU');
  const wasm = await benchWebview({ tokens: TOKENS, repeat: 1, node: false });
  assert.match(wasm.backend, /^WASM/);
  assert.equal(gpu.text?.length, TOKENS);
  assert.equal(gpu.text, wasm.text, 'both backends write the same characters');
  console.log(`WebGPU via SwiftShader: ${gpu.tokens_per_s.web_webgpu_kv} tokens/s (KV), first token ${gpu.first_token_ms} ms; WASM ${wasm.tokens_per_s.web_wasm_kv} tokens/s`);
});
