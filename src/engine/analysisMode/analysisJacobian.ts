import * as tf from '@tensorflow/tfjs';
import type { Classifier } from '../classifierBase';
import { LayersClassifier } from '../layersClassifier';
import { readLayerGraph } from './layerGraph';
import type { AnalysisProgram } from './stepPlan';
import { planAnalysisProgram } from './stepPlan';
import type { RanStep } from './stepRuntime';
import { runStep } from './stepRuntime';

/**
 * The analysis mode of the logit Jacobian: the model compiled for input gradients only.
 *
 * Plain tf.grad over C tiled copies runs the forward pass C times and, through tfjs-layers' fused
 * ops, computes weight and batch-norm gradients nobody reads. Here the forward pass runs once, on
 * the image itself, and every step keeps what its input gradient needs (stepRuntime.ts); then the
 * C cotangents (rows of `weights`) are pulled back through the steps in reverse, each costing one
 * forward-sized convolution. The copies of plain mode never interact in inference mode, so both
 * give the same rows; the tests check that, and against finite differences.
 */

const programs = new WeakMap<tf.LayersModel, AnalysisProgram | string>();

/** The compiled program of a classifier, or why it has none (then plain tf.grad is used). */
export function analysisProgramOf(classifier: Classifier): AnalysisProgram | string {
  if (!(classifier instanceof LayersClassifier)) return 'not a LayersModel';
  // On WebGPU (Chromium's Dawn on SwiftShader) a program's first convolution input gradient after
  // a tanh loses the device (e2e/backendAgreement.spec.ts); until that is understood WebGPU keeps
  // the plain tf.grad path, which agrees with cpu there.
  if (tf.getBackend() === 'webgpu') return 'the analysis mode is not used on webgpu';
  const { batch, channels } = classifier.info.input;
  if (batch !== 'any' || channels !== 'last') return 'the input is not a batch of channels-last images';
  if (classifier.info.logitSource !== 'model-logits') return 'the logits are log-probabilities';
  let program = programs.get(classifier.model);
  if (program === undefined) {
    const graph = readLayerGraph(classifier.model);
    program = typeof graph === 'string' ? graph : planAnalysisProgram(graph);
    programs.set(classifier.model, program);
  }
  return program;
}

interface ForwardState {
  readonly steps: ReadonlyArray<{ readonly ran: RanStep; readonly inputIds: readonly number[]; readonly outputId: number }>;
  readonly output: tf.Tensor;
}

/** The forward pass on the image (batch 1), keeping each step's backward. Call inside a tidy. */
function forwardOnce(program: AnalysisProgram, x: tf.Tensor4D): ForwardState {
  const values = new Map<number, tf.Tensor>([[program.inputId, x]]);
  const steps = program.steps.map((step) => {
    const ran = runStep(step, step.inputIds.map((id) => values.get(id) as tf.Tensor));
    values.set(step.outputId, ran.output);
    return { ran, inputIds: step.inputIds, outputId: step.outputId };
  });
  return { steps, output: values.get(program.outputId) as tf.Tensor };
}

/** Pulls R cotangents of the output back to the input: (R, N). Frees each cotangent once used. */
function backward(program: AnalysisProgram, state: ForwardState, seed: tf.Tensor2D): tf.Tensor2D {
  const rows = seed.shape[0];
  const [, h, w, c] = program.inputShape;
  const cotangents = new Map<number, tf.Tensor>([[program.outputId, tf.reshape(seed, [rows, ...state.output.shape.slice(1)])]]);
  // A backward may pass its cotangent on unchanged (Add, Dropout), so one tensor can stand for
  // several ids: it is freed only when no id holds it any more.
  const release = (t: tf.Tensor): void => {
    for (const held of cotangents.values()) if (held === t) return;
    t.dispose();
  };
  const accumulate = (id: number, g: tf.Tensor): void => {
    const previous = cotangents.get(id);
    if (!previous) return void cotangents.set(id, g);
    const sum = tf.add(previous, g);
    cotangents.set(id, sum);
    release(previous);
    release(g);
  };
  for (let i = state.steps.length - 1; i >= 0; i--) {
    const step = state.steps[i];
    const dy = cotangents.get(step.outputId);
    if (!dy) continue;
    cotangents.delete(step.outputId);
    const grads = tf.tidy(() => step.ran.backward(dy));
    grads.forEach((g, k) => accumulate(step.inputIds[k], g));
    if (!grads.includes(dy)) release(dy);
  }
  const dx = cotangents.get(program.inputId);
  for (const [id, t] of cotangents) if (id !== program.inputId) t.dispose();
  return dx ? tf.reshape(dx, [rows, h * w * c]) : tf.zeros([rows, h * w * c]);
}

/**
 * ∇x (w_r · z) for each row w_r of `weights` (R × C), `rowsPerChunk` rows per backward pass:
 * the same result as weightedLogitGradients' plain mode.
 */
export function analysisModeGradients(program: AnalysisProgram, x: tf.Tensor4D, weights: tf.Tensor2D, rowsPerChunk: number): tf.Tensor2D {
  const [rowCount, classCount] = weights.shape;
  return tf.tidy(() => {
    const state = forwardOnce(program, x);
    const chunks: tf.Tensor2D[] = [];
    for (let start = 0; start < rowCount; start += rowsPerChunk) {
      const m = Math.min(rowsPerChunk, rowCount - start);
      chunks.push(tf.tidy(() => backward(program, state, tf.slice(weights, [start, 0], [m, classCount]))));
    }
    return chunks.length === 1 ? chunks[0] : tf.concat(chunks, 0);
  });
}
