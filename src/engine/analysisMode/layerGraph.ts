import type * as tf from '@tensorflow/tfjs';

/**
 * The nodes of a LayersModel in execution order, read from the model's own graph
 * (nodesByDepth, as tfjs-layers' Container.execute walks it), with the symbolic tensor ids that
 * connect them. The analysis mode (analysisJacobian.ts) compiles these nodes into steps.
 */
export interface GraphNode {
  readonly layer: tf.layers.Layer;
  readonly className: string;
  readonly inputIds: readonly number[];
  readonly outputId: number;
  /** Output shape at batch 1. */
  readonly outputShape: readonly number[];
  readonly inputShapes: ReadonlyArray<readonly number[]>;
  readonly callArgs: Record<string, unknown>;
}

export interface LayerGraph {
  readonly inputId: number;
  readonly outputId: number;
  readonly inputShape: readonly number[];
  readonly nodes: readonly GraphNode[];
  /** How many nodes read each tensor id (the model output counts as one more reader). */
  readonly readers: ReadonlyMap<number, number>;
}

interface SymbolicLike {
  readonly id: number;
  readonly shape: ReadonlyArray<number | null>;
}
interface NodeLike {
  readonly outboundLayer: tf.layers.Layer;
  readonly inputTensors: SymbolicLike[];
  readonly outputTensors: SymbolicLike[];
  readonly callArgs?: Record<string, unknown>;
}
interface ContainerLike {
  readonly inputs: SymbolicLike[];
  readonly outputs: SymbolicLike[];
  readonly nodesByDepth: Record<string, NodeLike[]>;
}

const atBatchOne = (shape: ReadonlyArray<number | null>): number[] | null => {
  const out = shape.map((d, i) => (i === 0 ? 1 : d));
  return out.every((d): d is number => typeof d === 'number' && d > 0) ? out : null;
};

/**
 * The graph, or a reason why the analysis mode cannot follow it (several inputs or outputs, a
 * layer with several outputs, a shape that is not fixed): the caller then uses plain tf.grad.
 */
export function readLayerGraph(model: tf.LayersModel): LayerGraph | string {
  const container = model as unknown as ContainerLike;
  if (container.inputs.length !== 1 || container.outputs.length !== 1) return 'the model has several inputs or outputs';
  const inputShape = atBatchOne(container.inputs[0].shape);
  if (!inputShape) return 'the input shape is not fixed';
  const depths = Object.keys(container.nodesByDepth)
    .map(Number)
    .sort((a, b) => b - a);
  const nodes: GraphNode[] = [];
  const readers = new Map<number, number>();
  const known = new Set<number>([container.inputs[0].id]);
  for (const depth of depths) {
    for (const node of container.nodesByDepth[depth]) {
      const className = node.outboundLayer.getClassName();
      if (className === 'InputLayer') continue;
      if (node.outputTensors.length !== 1) return `layer ${node.outboundLayer.name} has several outputs`;
      const inputIds = node.inputTensors.map((t) => t.id);
      if (!inputIds.every((id) => known.has(id))) return `layer ${node.outboundLayer.name} is not in execution order`;
      const outputShape = atBatchOne(node.outputTensors[0].shape);
      const inputShapes = node.inputTensors.map((t) => atBatchOne(t.shape));
      if (!outputShape || inputShapes.some((s) => s === null)) return `layer ${node.outboundLayer.name} has a shape that is not fixed`;
      for (const id of inputIds) readers.set(id, (readers.get(id) ?? 0) + 1);
      known.add(node.outputTensors[0].id);
      nodes.push({
        layer: node.outboundLayer,
        className,
        inputIds,
        outputId: node.outputTensors[0].id,
        outputShape,
        inputShapes: inputShapes as number[][],
        callArgs: node.callArgs ?? {},
      });
    }
  }
  const outputId = container.outputs[0].id;
  if (!known.has(outputId)) return 'the output is not reached from the input';
  readers.set(outputId, (readers.get(outputId) ?? 0) + 1);
  return { inputId: container.inputs[0].id, outputId, inputShape, nodes, readers };
}
