import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Bundled with the app (Vite emits them as same-origin assets), so no request leaves the origin.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendPlatform } from './backendSelection';

/** Backend hooks for a browser page or worker built by Vite. */
export const browserPlatform: BackendPlatform = {
  prepareWasm: () => {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
    });
  },
  loadWebGpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};
