import type * as tf from '@tensorflow/tfjs';
import type { GraphNode, LayerGraph } from './layerGraph';

/**
 * The analysis-mode program: the model's layers regrouped into steps whose input gradient has a
 * cheap closed form. Pure structure (no tensors), so that memory can be estimated before anything
 * runs (analysisMemory.ts).
 *
 * - linear: Conv2D, DepthwiseConv2D (multiplier 1) or Dense, with a following inference-mode
 *   BatchNormalization folded into its weights and a following elementwise activation fused.
 * - diagonal: a chain of elementwise layers (BatchNormalization that cannot be folded, activations,
 *   Dropout): their Jacobian is a diagonal, evaluated once at the image and reused for every class.
 * - add, concatenate, zeroPadding, reshape, globalAveragePool, averagePool: structural, gradients by
 *   slicing, broadcasting and summing; maxPool: each window's winner found once at the image, the
 *   cotangents scattered to it.
 * - generic: anything else; its gradient is taken by tf.grad of the layer alone on tiled copies of
 *   its (saved) inputs.
 */
export type StepKind = 'conv' | 'depthwise' | 'dense' | 'diagonal' | 'add' | 'concatenate' | 'zeroPadding' | 'reshape' | 'globalAveragePool' | 'averagePool' | 'maxPool' | 'generic';

export interface StepPlan {
  readonly kind: StepKind;
  /** The layers this step runs, in order (a folded BN and fused activation follow the linear layer). */
  readonly layers: readonly tf.layers.Layer[];
  readonly inputIds: readonly number[];
  readonly outputId: number;
  readonly inputShapes: ReadonlyArray<readonly number[]>;
  readonly outputShape: readonly number[];
  /** For linear steps: the BatchNormalization folded into the weights, and the fused activation's layer (or the linear layer itself). */
  readonly foldedBatchNorm?: tf.layers.Layer;
  readonly activationLayer?: tf.layers.Layer;
  /** For conv and depthwise steps: a preceding ZeroPadding2D folded into a 'valid' convolution. */
  readonly explicitPadding?: [[number, number], [number, number]];
  readonly callArgs: Record<string, unknown>;
}

export interface AnalysisProgram {
  readonly inputId: number;
  readonly outputId: number;
  readonly inputShape: readonly number[];
  readonly steps: readonly StepPlan[];
}

type Config = Record<string, unknown>;
const config = (layer: tf.layers.Layer): Config => layer.getConfig() as Config;
const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);
const channelsLast = (c: Config): boolean => c.dataFormat === undefined || c.dataFormat === 'channelsLast';

/** The activation applied by a layer that is only an activation, or null. */
function isElementwiseActivation(node: GraphNode): boolean {
  if (node.className === 'Activation') return config(node.layer).activation !== 'softmax';
  if (node.className === 'ReLU' || node.className === 'LeakyReLU' || node.className === 'ELU' || node.className === 'ThresholdedReLU') return true;
  return false;
}

function isBatchNormLastAxis(node: GraphNode): boolean {
  if (node.className !== 'BatchNormalization') return false;
  const axis = Number(config(node.layer).axis);
  return axis === -1 || axis === node.outputShape.length - 1;
}

function isDiagonal(node: GraphNode): boolean {
  if (isElementwiseActivation(node) || isBatchNormLastAxis(node)) return true;
  return node.className === 'Dropout' || node.className === 'SpatialDropout1D' || node.className === 'GaussianNoise' || node.className === 'GaussianDropout' || node.className === 'AlphaDropout';
}

function linearKind(node: GraphNode): 'conv' | 'depthwise' | 'dense' | null {
  const c = config(node.layer);
  // Softmax couples the channels: its Jacobian is not a diagonal, so it cannot be fused as a mask.
  if (c.activation === 'softmax') return null;
  if (node.className === 'Conv2D') return channelsLast(c) && pair(c.dilationRate ?? 1).every((d) => d === 1) && c.padding !== 'causal' ? 'conv' : null;
  if (node.className === 'DepthwiseConv2D') return channelsLast(c) && Number(c.depthMultiplier ?? 1) === 1 && pair(c.dilationRate ?? 1).every((d) => d === 1) ? 'depthwise' : null;
  if (node.className === 'Dense') return node.inputShapes[0].length === 2 ? 'dense' : null;
  return null;
}

function structuralKind(node: GraphNode): StepKind | null {
  const c = config(node.layer);
  switch (node.className) {
    case 'Add':
      return 'add';
    case 'Concatenate':
      return 'concatenate';
    case 'ZeroPadding2D':
      return channelsLast(c) ? 'zeroPadding' : null;
    case 'Flatten':
    case 'Reshape':
      return 'reshape';
    case 'GlobalAveragePooling2D':
      return channelsLast(c) && !c.keepDims ? 'globalAveragePool' : null;
    case 'MaxPooling2D':
      return channelsLast(c) ? 'maxPool' : null;
    case 'AveragePooling2D': {
      const pool = pair(c.poolSize);
      const strides = pair(c.strides ?? c.poolSize);
      const [, h, w] = node.inputShapes[0];
      const tiles = pool[0] === strides[0] && pool[1] === strides[1] && h % pool[0] === 0 && w % pool[1] === 0;
      return channelsLast(c) && tiles ? 'averagePool' : null;
    }
    default:
      return null;
  }
}

/** Groups the graph's nodes into steps; folding needs the intermediate tensor to have no other reader. */
export function planAnalysisProgram(graph: LayerGraph): AnalysisProgram {
  const byInput = new Map<number, GraphNode[]>();
  for (const node of graph.nodes) for (const id of node.inputIds) byInput.set(id, [...(byInput.get(id) ?? []), node]);
  const soleReader = (id: number): GraphNode | null => ((graph.readers.get(id) ?? 0) === 1 ? (byInput.get(id)?.[0] ?? null) : null);
  const absorbed = new Set<GraphNode>();
  // ZeroPadding2D → 'valid' conv (Keras' stride-2 pattern): the padding becomes the conv's own.
  const paddingOf = new Map<GraphNode, GraphNode>();
  for (const node of graph.nodes) {
    if (node.className !== 'ZeroPadding2D' || structuralKind(node) !== 'zeroPadding') continue;
    const reader = soleReader(node.outputId);
    const kind = reader ? linearKind(reader) : null;
    if (reader && (kind === 'conv' || kind === 'depthwise') && config(reader.layer).padding === 'valid') {
      paddingOf.set(reader, node);
      absorbed.add(node);
    }
  }
  const steps: StepPlan[] = [];
  for (const node of graph.nodes) {
    if (absorbed.has(node)) continue;
    const padding = paddingOf.get(node);
    const base = padding
      ? { inputIds: padding.inputIds, inputShapes: padding.inputShapes, callArgs: node.callArgs, explicitPadding: config(padding.layer).padding as [[number, number], [number, number]] }
      : { inputIds: node.inputIds, inputShapes: node.inputShapes, callArgs: node.callArgs };
    const linear = linearKind(node);
    if (linear) {
      let last = node;
      let foldedBatchNorm: tf.layers.Layer | undefined;
      let activationLayer: tf.layers.Layer = node.layer;
      const ownActivationLinear = config(node.layer).activation === 'linear';
      const next = soleReader(last.outputId);
      if (ownActivationLinear && linear !== 'dense' && next && isBatchNormLastAxis(next)) {
        foldedBatchNorm = next.layer;
        absorbed.add(next);
        last = next;
      }
      const after = soleReader(last.outputId);
      if (ownActivationLinear && after && isElementwiseActivation(after)) {
        activationLayer = after.layer;
        absorbed.add(after);
        last = after;
      }
      steps.push({ ...base, kind: linear, layers: [node.layer], outputId: last.outputId, outputShape: last.outputShape, foldedBatchNorm, activationLayer });
      continue;
    }
    if (isDiagonal(node)) {
      const layers = [node.layer];
      let last = node;
      for (let next = soleReader(last.outputId); next && isDiagonal(next); next = soleReader(last.outputId)) {
        layers.push(next.layer);
        absorbed.add(next);
        last = next;
      }
      steps.push({ ...base, kind: 'diagonal', layers, outputId: last.outputId, outputShape: last.outputShape });
      continue;
    }
    steps.push({ ...base, kind: structuralKind(node) ?? 'generic', layers: [node.layer], outputId: node.outputId, outputShape: node.outputShape });
  }
  return { inputId: graph.inputId, outputId: graph.outputId, inputShape: graph.inputShape, steps };
}
