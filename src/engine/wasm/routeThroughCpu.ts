// Runs a cpu-backend kernel on behalf of the wasm backend, for kernels wasm lacks and that
// are too rare in our models to deserve a native rewrite. The inputs are copied into a
// private MathBackendCPU (not the engine's cpu backend, which may not even be initialised
// and whose tensors the engine would track), the registered cpu kernelFunc runs there, and
// its outputs are copied back into fresh wasm buffers.
import { getKernel } from '@tensorflow/tfjs';
import type { DataType, KernelConfig, KernelFunc, NamedTensorInfoMap } from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type NumericValues = Float32Array | Int32Array | Uint8Array;

/**
 * A fresh backend per call, dropped afterwards: nothing can outlive the call, not even the
 * intermediates of a cpu kernel that throws halfway and skips its own cleanup. Construction
 * is cheap (an empty WeakMap-backed store).
 */
function scratchCpuBackend(): MathBackendCPU {
  const cpu = new MathBackendCPU();
  // MathBackendCPU prints an "install tfjs-node" hint on its first write in Node; for scratch
  // space behind the wasm backend that hint would be misleading noise.
  (cpu as unknown as { firstUse: boolean }).firstUse = false;
  return cpu;
}

function numeric(values: unknown, kernelName: string): NumericValues {
  if (values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array) return values;
  throw new Error(`${kernelName} routed through cpu: only numeric tensors are supported`);
}

/** wasm copies raw bytes into its heap, so the array type must match the dtype exactly. */
function ofDtype(values: NumericValues, dtype: DataType): NumericValues {
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values);
  if (dtype === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values);
  if (dtype === 'bool') return values instanceof Uint8Array ? values : Uint8Array.from(values);
  throw new Error(`wasm cannot hold ${dtype} tensors`);
}

export function routeThroughCpu(kernelName: string): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const cpuKernel = getKernel(kernelName, 'cpu') as KernelConfig | undefined;
    if (cpuKernel === undefined) throw new Error(`cpu backend has no kernel ${kernelName} to route ${kernelName} through`);
    const wasm = backend as BackendWasm;
    const cpu = scratchCpuBackend();
    const cpuInputs: NamedTensorInfoMap = {};
    for (const [name, info] of Object.entries(inputs)) {
      if (info == null) continue; // optional inputs (e.g. a missing bias) stay absent
      // wasm readSync returns a copy, so the cpu side never holds a view of the wasm heap
      // (which a later allocation could grow and detach).
      cpuInputs[name] = cpu.makeTensorInfo(info.shape, info.dtype, numeric(wasm.readSync(info.dataId), kernelName));
    }
    const out = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs });
    const results = (Array.isArray(out) ? out : [out]).map((o) =>
      wasm.makeOutput(o.shape, o.dtype, undefined, ofDtype(numeric(cpu.readSync(o.dataId), kernelName), o.dtype)),
    );
    return Array.isArray(out) ? results : results[0];
  };
  return { kernelName, backendName: 'wasm', kernelFunc };
}

