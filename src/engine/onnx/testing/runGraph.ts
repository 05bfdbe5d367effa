import * as tf from '@tensorflow/tfjs';
import { readOnnxModel } from '../loadOnnxModel';
import { compileOnnxProgram } from '../onnxProgram';
import type { OnnxProgram } from '../onnxProgram';
import type { ModelSpec } from './onnxBuilder';
import { buildOnnxModel } from './onnxBuilder';
import type { NchwArray } from './referenceOps';

/** Compiles a graph written with the builder; its input "x" is one NCHW image of `shape`. */
export async function compileSpec(spec: ModelSpec, shape: readonly [number, number, number, number], options: { dynamicBatch?: boolean } = {}): Promise<OnnxProgram> {
  const { model, externalData } = buildOnnxModel(spec);
  const graph = readOnnxModel({ name: 'op.onnx', bytes: model, externalData: (location) => (location === (spec.externalFile ?? 'weights.bin') ? externalData : null) });
  const [, c, h, w] = shape;
  return compileOnnxProgram(graph, { input: spec.inputs[0].name, output: spec.outputs[0].name, image: [h, w, c], dynamicBatch: options.dynamicBatch ?? false }, 'op.onnx');
}

export function nhwcInput(x: NchwArray): tf.Tensor4D {
  const [n, c, h, w] = x.shape;
  return tf.tidy(() => tf.transpose(tf.tensor4d(Float32Array.from(x.data), [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D);
}

/** Runs the graph once on x; the output in ONNX order. */
export async function runSpec(spec: ModelSpec, x: NchwArray): Promise<{ data: Float32Array; shape: number[] }> {
  const program = await compileSpec(spec, x.shape);
  const input = nhwcInput(x);
  try {
    const out = tf.tidy(() => program.run(input));
    const data = (await out.data()) as Float32Array;
    const shape = [...out.shape];
    out.dispose();
    return { data, shape };
  } finally {
    input.dispose();
    program.dispose();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
