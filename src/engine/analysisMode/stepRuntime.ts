import * as tf from '@tensorflow/tfjs';
import type { ConvPadding } from './convolutionInputGradient';
import { convGeometry, convInputGradient, prepareConvInputGradient } from './convolutionInputGradient';
import type { StepPlan } from './stepPlan';

/**
 * One step run forward on the image alone (batch 1), returning its output and a backward function
 * that maps R output cotangents (R, …) to R cotangents of each input. Everything the backward needs
 * (folded weights, flipped filters, activation derivatives at the image) is computed once here, so
 * the backward pass over R rows costs about one forward pass over R copies, with no weight
 * gradients, no batch-norm gradient and no per-row activation masks.
 */
export interface RanStep {
  readonly output: tf.Tensor;
  backward(dy: tf.Tensor): tf.Tensor[];
}

type AnyLayer = tf.layers.Layer & Record<string, unknown>;
interface LayerVariableLike {
  read(): tf.Tensor;
}
interface ActivationLike {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

const weight = (layer: tf.layers.Layer, name: string): tf.Tensor | null => ((layer as AnyLayer)[name] as LayerVariableLike | null | undefined)?.read() ?? null;
const config = (layer: tf.layers.Layer): Record<string, unknown> => layer.getConfig() as Record<string, unknown>;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

/** The elementwise function a step applies after its linear part, or null for none. */
function activationFunction(layer: tf.layers.Layer): ((t: tf.Tensor) => tf.Tensor) | null {
  const cls = layer.getClassName();
  if (cls === 'Conv2D' || cls === 'DepthwiseConv2D' || cls === 'Dense') {
    const activation = (layer as AnyLayer).activation as ActivationLike | null;
    return activation && activation.getClassName() !== 'linear' ? (t) => activation.apply(t) : null;
  }
  return (t) => layer.apply(t, { training: false }) as tf.Tensor;
}

/** d f(t)/dt elementwise at t: the diagonal Jacobian of an elementwise function (or chain). */
function elementwiseDerivative(f: (t: tf.Tensor) => tf.Tensor, at: tf.Tensor): tf.Tensor {
  return tf.grad((t: tf.Tensor) => tf.sum(f(t)))(at);
}

/**
 * The activation's derivative at the image. ReLU and ReLU6 get their masks from the output in
 * one or three elementwise ops (tf.grad through clipByValue takes eight); others go through tf.grad.
 */
function activationDerivative(layer: tf.layers.Layer, f: (t: tf.Tensor) => tf.Tensor, pre: tf.Tensor, output: tf.Tensor): tf.Tensor {
  const cls = layer.getClassName();
  const c = config(layer);
  const name = cls === 'Activation' || cls === 'Conv2D' || cls === 'DepthwiseConv2D' || cls === 'Dense' ? c.activation : null;
  const plainRelu = cls === 'ReLU' && (c.maxValue === null || c.maxValue === undefined);
  const relu6 = name === 'relu6' || (cls === 'ReLU' && Number(c.maxValue) === 6);
  if (name === 'relu' || plainRelu) return tf.step(pre);
  // 0 < y < 6 exactly where y(6 − y) > 0.
  if (relu6) return tf.step(tf.mul(output, tf.sub(6, output)));
  return elementwiseDerivative(f, pre);
}

/** γ/√(σ² + ε) and β − μ·scale of an inference-mode BatchNormalization. */
function batchNormAffine(bn: tf.layers.Layer): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
  const eps = Number(config(bn).epsilon ?? 1e-3);
  const mean = weight(bn, 'movingMean') as tf.Tensor1D;
  const variance = weight(bn, 'movingVariance') as tf.Tensor1D;
  const gamma = weight(bn, 'gamma');
  const beta = weight(bn, 'beta');
  const inv = tf.rsqrt(tf.add(variance, eps));
  const scale = (gamma ? tf.mul(gamma, inv) : inv) as tf.Tensor1D;
  const shifted = tf.neg(tf.mul(mean, scale));
  return { scale, shift: (beta ? tf.add(beta, shifted) : shifted) as tf.Tensor1D };
}

function repeatRows(t: tf.Tensor, rows: number): tf.Tensor {
  return rows === 1 ? tf.clone(t) : tf.tile(t, [rows, ...t.shape.slice(1).map(() => 1)]);
}

/** Multiplies R cotangents by a per-element factor held at batch 1. */
function scaleRows(dy: tf.Tensor, factor: tf.Tensor | null): tf.Tensor {
  return factor ? tf.mul(dy, factor) : dy;
}

function runLinear(step: StepPlan, x: tf.Tensor): RanStep {
  const layer = step.layers[0];
  const c = config(layer);
  const kernelName = step.kind === 'depthwise' ? 'depthwiseKernel' : 'kernel';
  let kernel = weight(layer, kernelName) as tf.Tensor;
  let bias = weight(layer, 'bias');
  if (step.foldedBatchNorm) {
    const { scale, shift } = batchNormAffine(step.foldedBatchNorm);
    kernel = tf.mul(kernel, step.kind === 'depthwise' ? tf.reshape(scale, [-1, 1]) : scale);
    bias = bias ? tf.add(tf.mul(bias, scale), shift) : shift;
  }
  let pre: tf.Tensor;
  let inputGradient: (g: tf.Tensor) => tf.Tensor;
  if (step.kind === 'dense') {
    pre = tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
    const kernelT = tf.transpose(kernel);
    inputGradient = (g) => tf.matMul(g as tf.Tensor2D, kernelT as tf.Tensor2D);
  } else {
    const strides = pair(c.strides ?? 1);
    const pad: ConvPadding = step.explicitPadding ?? (c.padding as 'same' | 'valid');
    const opPad = Array.isArray(pad) ? ([[0, 0], pad[0], pad[1], [0, 0]] as tf.backend_util.ExplicitPadding) : pad;
    const depthwise = step.kind === 'depthwise';
    pre = depthwise ? tf.depthwiseConv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides, opPad) : tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides, opPad);
    const prepared = prepareConvInputGradient(kernel as tf.Tensor4D, convGeometry(step.inputShapes[0], kernel.shape, strides, pad, depthwise));
    inputGradient = (g) => convInputGradient(g as tf.Tensor4D, prepared);
  }
  if (bias) pre = tf.add(pre, bias);
  const activation = activationFunction(step.activationLayer ?? layer);
  const output = activation ? activation(pre) : pre;
  const mask = activation ? activationDerivative(step.activationLayer ?? layer, activation, pre, output) : null;
  return { output, backward: (dy) => [inputGradient(scaleRows(dy, mask))] };
}

const isIdentityInInference = (layer: tf.layers.Layer): boolean => /Dropout|Noise/.test(layer.getClassName());

/**
 * A chain of elementwise layers: its output, and its derivative at the image as one factor. An
 * inference-mode BatchNormalization is the affine x·scale + shift, applied directly (tf.grad
 * through tfjs-layers' BN fails when it has no gamma).
 */
function runDiagonal(step: StepPlan, x: tf.Tensor): RanStep {
  let value = x;
  let factor: tf.Tensor | null = null;
  const times = (a: tf.Tensor | null, b: tf.Tensor): tf.Tensor => (a ? tf.mul(a, b) : b);
  for (const layer of step.layers) {
    if (isIdentityInInference(layer)) continue;
    if (layer.getClassName() === 'BatchNormalization') {
      const { scale, shift } = batchNormAffine(layer);
      value = tf.add(tf.mul(value, scale), shift);
      factor = times(factor, scale);
      continue;
    }
    const f = (t: tf.Tensor): tf.Tensor => layer.apply(t, { training: false }) as tf.Tensor;
    factor = times(factor, elementwiseDerivative(f, value));
    value = f(value);
  }
  const diagonal = factor;
  return { output: value === x ? tf.clone(x) : value, backward: (dy) => [diagonal ? tf.mul(dy, diagonal) : dy] };
}

function runGeneric(step: StepPlan, inputs: tf.Tensor[]): RanStep {
  const layer = step.layers[0];
  const kwargs = { ...step.callArgs, training: false };
  const call = (xs: tf.Tensor[]): tf.Tensor => layer.apply(xs.length === 1 ? xs[0] : xs, kwargs) as tf.Tensor;
  return {
    output: call(inputs),
    backward: (dy) => {
      const rows = dy.shape[0];
      const tiled = inputs.map((t) => repeatRows(t, rows));
      return tf.grads((...xs: tf.Tensor[]) => call(xs))(tiled, dy);
    },
  };
}

/**
 * Whether max pooling's gradient may be scattered into the winners on this backend. WebGL keeps
 * integer tensors in float textures (exact only below 2²⁴, and its MaxPoolWithArgmax returns float
 * indexes that scatterND refuses), so it takes tf.grad's path instead.
 */
function winnersScatterable(backend: string): boolean {
  return backend !== 'webgl' && tf.getKernel('MaxPoolWithArgmax', backend) !== undefined;
}

/**
 * Max pooling: the winner of every window is found once at the image (MaxPoolWithArgmax, flat
 * indices into the image), and each row's cotangents are summed into the winners (scatterND sums
 * repeated indices, as overlapping windows need).
 */
function runMaxPool(step: StepPlan, x: tf.Tensor): RanStep {
  const c = config(step.layers[0]);
  const pool = pair(c.poolSize);
  const strides = pair(c.strides ?? c.poolSize);
  const { result, indexes } = tf.maxPoolWithArgmax(x as tf.Tensor4D, pool, strides, c.padding as 'same' | 'valid');
  const inputSize = x.size;
  const winners = tf.reshape(indexes, [1, -1]);
  return {
    output: result,
    backward: (dy) => {
      const rows = dy.shape[0];
      const offsets = tf.reshape(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(inputSize, 'int32')), [rows, 1]);
      const indices = tf.reshape(tf.add(winners, offsets), [-1, 1]);
      const dx = tf.scatterND(indices, tf.reshape(dy, [-1]), [rows * inputSize]);
      return [tf.reshape(dx, [rows, ...x.shape.slice(1)])];
    },
  };
}

/** Runs one step on batch-1 inputs. */
export function runStep(step: StepPlan, inputs: tf.Tensor[]): RanStep {
  const rowsShape = (shape: readonly number[], rows: number): number[] => [rows, ...shape.slice(1)];
  const layer = step.layers[0];
  const c = config(layer);
  switch (step.kind) {
    case 'conv':
    case 'depthwise':
    case 'dense':
      return runLinear(step, inputs[0]);
    case 'diagonal':
      return runDiagonal(step, inputs[0]);
    case 'add':
      // The same cotangent goes to every input; the caller shares it rather than copying it.
      return { output: tf.addN(inputs), backward: (dy) => inputs.map(() => dy) };
    case 'concatenate': {
      const rank = step.outputShape.length;
      const axis = (((Number(c.axis ?? -1)) % rank) + rank) % rank;
      const sizes = step.inputShapes.map((s) => s[axis]);
      return { output: tf.concat(inputs, axis), backward: (dy) => tf.split(dy, sizes, axis) };
    }
    case 'zeroPadding': {
      const p = c.padding as [[number, number], [number, number]];
      const [, h, w, ch] = step.inputShapes[0];
      return {
        output: tf.pad(inputs[0], [[0, 0], p[0], p[1], [0, 0]]),
        backward: (dy) => [tf.slice(dy, [0, p[0][0], p[1][0], 0], [dy.shape[0], h, w, ch])],
      };
    }
    case 'reshape':
      return { output: tf.reshape(inputs[0], step.outputShape as number[]), backward: (dy) => [tf.reshape(dy, rowsShape(step.inputShapes[0], dy.shape[0]))] };
    case 'globalAveragePool': {
      const [, h, w, ch] = step.inputShapes[0];
      // A broadcast product with a constant is faster than broadcastTo (Tile) on wasm.
      const spread = tf.fill([1, h, w, ch], 1 / (h * w));
      return {
        output: tf.mean(inputs[0], [1, 2]),
        backward: (dy) => [tf.mul(tf.reshape(dy, [dy.shape[0], 1, 1, ch]), spread)],
      };
    }
    case 'maxPool':
      return winnersScatterable(tf.getBackend()) ? runMaxPool(step, inputs[0]) : runGeneric(step, inputs);
    case 'averagePool': {
      const [ph, pw] = pair(c.poolSize);
      const [, h, w, ch] = step.inputShapes[0];
      const [oh, ow] = [h / ph, w / pw];
      return {
        output: tf.avgPool(inputs[0] as tf.Tensor4D, [ph, pw], [ph, pw], 'valid'),
        backward: (dy) => {
          const r = dy.shape[0];
          const spread = tf.broadcastTo(tf.reshape(tf.div(dy, ph * pw), [r, oh, 1, ow, 1, ch]), [r, oh, ph, ow, pw, ch]);
          return [tf.reshape(spread, [r, h, w, ch])];
        },
      };
    }
    case 'generic':
      return runGeneric(step, inputs);
  }
}
