// Node-only (CLI, training scripts, tests): the browser passes bundled `?url` binaries to
// setWasmPaths instead. Keep this file out of browser imports; it pulls in node:module.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerWasmGradientKernels } from './registerWasmGradientKernels';
import { startWasmQuietly } from './wasmFailure';

/** Directory of the installed tfjs-backend-wasm binaries, with a trailing separator as setWasmPaths expects. */
export function nodeWasmBinaryDir(): string {
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(entry) + path.sep;
}

/** Makes wasm (with the patched gradient kernels) the active backend. Safe to call repeatedly. */
export async function useWasmBackendInNode(): Promise<void> {
  registerWasmGradientKernels();
  // Emscripten in Node reads the binary with fs, so a plain directory path works (no file:// URL).
  setWasmPaths(nodeWasmBinaryDir());
  if (!(await startWasmQuietly(() => tf.setBackend('wasm')))) throw new Error('tfjs wasm backend failed to initialise');
  await tf.ready();
}
