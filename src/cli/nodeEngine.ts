import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../engine/backendNames';
import { selectBackend } from '../engine/backendSelection';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { nodeWasmBinaryDir } from '../engine/wasm/nodeWasmSetup';
import { CliError } from './cliError';

export type NodeBackendName = 'cpu' | 'wasm';

/**
 * Starts TF.js in Node on the CPU or WASM backend (pure @tensorflow/tfjs; tfjs-node is not used).
 * WASM, with the project's gradient kernels, is the default: it is 4–10× faster than cpu here.
 */
export async function startNodeEngine(name: string | undefined): Promise<BackendReport> {
  const backend = name ?? 'wasm';
  if (backend !== 'cpu' && backend !== 'wasm') throw new CliError(`--backend must be cpu or wasm in the command line, not "${backend}"`);
  // Silences TF.js's banner recommending tfjs-node, which cannot be installed here.
  tf.env().set('PROD', true);
  return selectBackend(backend, { prepareWasm: () => setWasmPaths(nodeWasmBinaryDir()) });
}
