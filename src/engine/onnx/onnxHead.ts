import type { OutputActivation } from '../outputActivation';
import type { OnnxGraph } from './onnxGraph';
import { attrInt } from './onnxGraph';

/**
 * The classifier head in an ONNX graph: a final Softmax or Sigmoid (possibly behind Identity
 * nodes) is removed, so that the graph emits logits (METHOD: everything is computed from logits);
 * a final LogSoftmax is kept, its outputs being valid softmax logits.
 */
export interface OnnxHead {
  /** The graph with the activation's nodes removed. */
  readonly graph: OnnxGraph;
  /** The value the classifier reads: the activation's input, or the graph output. */
  readonly output: string;
  readonly removed: OutputActivation | null;
  readonly logSoftmax: boolean;
}

export function stripOutputActivation(graph: OnnxGraph, output: string): OnnxHead {
  const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const consumers = (name: string) => graph.nodes.filter((n) => n.inputs.includes(name)).length;
  const removedNodes = new Set<string>();
  let name = output;
  let node = producer.get(name);
  while (node && node.opType === 'Identity' && consumers(node.inputs[0]) === 1) {
    removedNodes.add(node.name);
    name = node.inputs[0];
    node = producer.get(name);
  }
  const unchanged: OnnxHead = { graph, output, removed: null, logSoftmax: false };
  const readElsewhere = graph.nodes.some((n) => n.inputs.includes(name) && !removedNodes.has(n.name));
  if (!node || readElsewhere) return { ...unchanged, logSoftmax: node?.opType === 'LogSoftmax' };
  const outputRank = graph.outputs.find((o) => o.name === output)?.dims?.length ?? 2;
  let removed: OutputActivation | null = null;
  if (node.opType === 'Sigmoid') removed = 'sigmoid';
  if (node.opType === 'Softmax') {
    // Over the class axis of a (batch, classes) output only.
    const axis = attrInt(node, 'axis', graph.opset >= 13 ? -1 : 1);
    if (outputRank === 2 && (axis === 1 || axis === -1)) removed = 'softmax';
  }
  if (node.opType === 'LogSoftmax') return { ...unchanged, logSoftmax: true };
  if (!removed) return unchanged;
  removedNodes.add(node.name);
  return { graph: { ...graph, nodes: graph.nodes.filter((n) => !removedNodes.has(n.name)) }, output: node.inputs[0], removed, logSoftmax: false };
}
