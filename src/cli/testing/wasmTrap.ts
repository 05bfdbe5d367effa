// A forced WebAssembly trap in a CLI-like process, for wasmAbort.test.ts: the engine starts as the
// CLI starts it, then a kernel reads memory far out of bounds (a tensor registered at a bogus
// address), either inside the command's promise chain or from a timer (outside it).
import * as tf from '@tensorflow/tfjs';
import { installFatalHandlers, unexpectedFailureLine } from '../cliError';
import { startNodeEngine } from '../nodeEngine';

interface WasmModule {
  tfjs: { registerTensor(id: number, size: number, offset: number): void };
  _malloc(bytes: number): number;
  _Abs(x: number, dtype: number, out: number): void;
}

function trap(): void {
  const wasm = (tf.backend() as unknown as { wasm: WasmModule }).wasm;
  wasm.tfjs.registerTensor(999998, 1 << 20, wasm._malloc(4 << 20));
  wasm.tfjs.registerTensor(999999, 1 << 20, 0x7ff00000);
  wasm._Abs(999999, 0, 999998);
}

installFatalHandlers();
await startNodeEngine('wasm');
if (process.argv[2] === 'timer') {
  setTimeout(trap, 0);
} else {
  try {
    trap();
  } catch (error) {
    console.error(unexpectedFailureLine(error));
    process.exitCode = 3;
  }
}
