import type { AnalysisProgram, StepPlan } from './stepPlan';

/**
 * Memory of the analysis-mode Jacobian, from the program's shapes alone (nothing runs):
 * - fixedBytes: what the forward pass at the image keeps for the whole backward — every step's
 *   output and activation derivative at batch 1, and the folded and flipped weights;
 * - bytesPerRow: the peak, over the reverse walk, of the cotangents alive at once plus the step's
 *   own temporaries, for one row (one class); a chunk of R rows needs R times that;
 * - largestTensorBytesPerRow: the largest single tensor one row creates (the backend's per-buffer
 *   limit must hold R times that).
 */
export interface AnalysisMemory {
  readonly fixedBytes: number;
  readonly bytesPerRow: number;
  readonly largestTensorBytesPerRow: number;
}

const F32 = 4;
const sizeOf = (shape: readonly number[]): number => shape.slice(1).reduce((a, d) => a * d, 1);

interface Config {
  readonly strides?: number | number[];
  readonly kernelSize?: number | number[];
  readonly filters?: number;
  readonly units?: number;
}
const pair = (v: number | number[] | undefined): [number, number] => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v ?? 1, v ?? 1]);

/** Temporaries of one step's backward for one row, as tensor sizes (floats). */
function temporaries(step: StepPlan): number[] {
  const inputs = step.inputShapes.map(sizeOf);
  const out = sizeOf(step.outputShape);
  const c = step.layers[0].getConfig() as Config;
  switch (step.kind) {
    case 'conv':
    case 'depthwise': {
      const [, h, w] = step.inputShapes[0];
      const [, oh, ow, cout] = step.outputShape;
      const [sh, sw] = pair(c.strides);
      const [fh, fw] = pair(c.kernelSize);
      const spread = oh * sh * ow * sw * cout;
      const padded = (h + fh - 1) * (w + fw - 1) * cout;
      return [out, spread, padded, inputs[0], inputs[0]];
    }
    case 'dense':
    case 'diagonal':
      return [out, inputs[0]];
    case 'generic':
      // Tiled inputs, the layer's output and its internals (about one more output), the gradients.
      return [...inputs, out, out, ...inputs];
    default:
      return [...inputs];
  }
}

function weightFloats(step: StepPlan): number {
  let total = 0;
  for (const layer of step.layers) for (const w of layer.weights) total += w.shape.reduce((a: number, d) => a * (d ?? 1), 1);
  return total;
}

export function analysisMemory(program: AnalysisProgram): AnalysisMemory {
  let fixed = sizeOf(program.inputShape);
  for (const step of program.steps) {
    const hasDerivative = step.kind === 'conv' || step.kind === 'depthwise' || step.kind === 'dense' || step.kind === 'diagonal';
    fixed += sizeOf(step.outputShape) * (hasDerivative ? 2 : 1) + 2 * weightFloats(step);
  }
  // The reverse walk: cotangents are born when a reader's backward runs and die at their producer's.
  const live = new Map<number, number>([[program.outputId, sizeOf(program.steps.at(-1)?.outputShape ?? [1])]]);
  let liveTotal = [...live.values()].reduce((a, b) => a + b, 0);
  let peak = liveTotal;
  let largest = 0;
  for (let i = program.steps.length - 1; i >= 0; i--) {
    const step = program.steps[i];
    const dy = live.get(step.outputId);
    if (dy === undefined) continue;
    const temps = temporaries(step);
    largest = Math.max(largest, ...temps);
    peak = Math.max(peak, liveTotal + temps.reduce((a, b) => a + b, 0));
    live.delete(step.outputId);
    liveTotal -= dy;
    step.inputIds.forEach((id, k) => {
      if (live.has(id)) return;
      const size = sizeOf(step.inputShapes[k]);
      live.set(id, size);
      liveTotal += size;
    });
    peak = Math.max(peak, liveTotal);
  }
  return { fixedBytes: F32 * fixed, bytesPerRow: F32 * peak, largestTensorBytesPerRow: F32 * largest };
}
