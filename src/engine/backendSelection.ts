import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendPreference, BackendReport } from './backendNames';
import { BACKEND_NAMES } from './backendNames';
import { registerWasmGradientKernels } from './wasm/registerWasmGradientKernels';
import { startWasmQuietly } from './wasm/wasmFailure';

/** Platform hooks, so that the same selection logic runs in a browser, a worker and Node. */
export interface BackendPlatform {
  /** Makes the wasm binaries findable (browser: bundled URLs; Node: files in node_modules). */
  readonly prepareWasm: () => Promise<void> | void;
  /** Loads the WebGPU backend module; absent where WebGPU cannot exist (Node). */
  readonly loadWebGpu?: () => Promise<unknown>;
}

interface Probe {
  readonly available: boolean;
  readonly software: boolean;
  readonly device: string;
  readonly reason?: string;
}

/**
 * Chooses and initialises a backend. With 'auto' the order is WebGPU → WebGL → WASM → CPU, except
 * that a GPU backend running on a software rasteriser is passed over in favour of WASM: on such a
 * machine WASM is 4–15× faster (docs/platform.md). An explicit preference is honoured or fails
 * with the reason.
 */
export async function selectBackend(preference: BackendPreference, platform: BackendPlatform): Promise<BackendReport> {
  registerWasmGradientKernels();
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  const candidates: readonly BackendName[] = preference === 'auto' ? BACKEND_NAMES : [preference];
  for (const name of candidates) {
    const probe = await probeBackend(name, platform);
    if (!probe.available) {
      skipped.push({ name, reason: probe.reason ?? 'not available' });
      continue;
    }
    if (preference === 'auto' && probe.software && (name === 'webgpu' || name === 'webgl')) {
      skipped.push({ name, reason: `software rasteriser (${probe.device}); WASM is faster here` });
      continue;
    }
    let ok = false;
    try {
      // wasm: emscripten's own error printing and process handlers are tamed (wasm/wasmFailure.ts).
      ok = name === 'wasm' ? await startWasmQuietly(() => tf.setBackend(name)) : await tf.setBackend(name);
      await tf.ready();
    } catch (error) {
      skipped.push({ name, reason: `initialisation failed: ${errorText(error)}` });
      continue;
    }
    if (!ok || tf.getBackend() !== name) {
      skipped.push({ name, reason: 'initialisation failed' });
      continue;
    }
    return { name, software: probe.software, device: probe.device, skipped };
  }
  const detail = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new Error(preference === 'auto' ? `no TensorFlow.js backend could start (${detail})` : `backend ${preference} is not available here (${detail})`);
}

async function probeBackend(name: BackendName, platform: BackendPlatform): Promise<Probe> {
  try {
    switch (name) {
      case 'webgpu':
        return await probeWebGpu(platform);
      case 'webgl':
        return probeWebGl();
      case 'wasm':
        await platform.prepareWasm();
        return { available: true, software: false, device: typeof WebAssembly === 'object' ? 'WebAssembly' : 'none' };
      case 'cpu':
        return { available: true, software: false, device: 'JavaScript' };
    }
  } catch (error) {
    return { available: false, software: false, device: '', reason: errorText(error) };
  }
}

async function probeWebGpu(platform: BackendPlatform): Promise<Probe> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu || !platform.loadWebGpu) return { available: false, software: false, device: '', reason: 'navigator.gpu is absent' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { available: false, software: false, device: '', reason: 'no WebGPU adapter' };
  // `info` replaced requestAdapterInfo() in Chrome 114+; older typings lack it.
  const info = ((adapter as GPUAdapter & { info?: GPUAdapterInfo }).info ?? {}) as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const device = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const software =
    info.isFallbackAdapter === true ||
    (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    /swiftshader|llvmpipe|lavapipe|software/i.test(device);
  await platform.loadWebGpu();
  return { available: true, software, device };
}

function probeWebGl(): Probe {
  const canvas: OffscreenCanvas | HTMLCanvasElement | null =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined'
        ? document.createElement('canvas')
        : null;
  const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
  if (!gl) return { available: false, software: false, device: '', reason: 'WebGL2 is not available' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const device = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, software: /swiftshader|llvmpipe|software/i.test(device), device };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export { BACKEND_NAMES };
