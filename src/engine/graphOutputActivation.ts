import type { OutputActivation } from './outputActivation';
import { ModelLoadError } from './modelLoadError';

/**
 * The GraphModel counterpart of outputActivation.ts: finds the graph's image input and its single
 * output in the GraphDef JSON, and removes a trailing Softmax or Sigmoid so that the model emits
 * logits (METHOD: everything is computed from logits). Working on the JSON before the model is
 * built means no executor state is touched.
 */
interface GraphNodeJson {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
  [key: string]: unknown;
}

interface GraphDefJson {
  node: GraphNodeJson[];
  [key: string]: unknown;
}

interface SignatureEntry {
  name?: string;
}

export interface GraphSignature {
  inputs?: Record<string, SignatureEntry>;
  outputs?: Record<string, SignatureEntry>;
}

export interface GraphLogitRewrite {
  /** The rewritten GraphDef (a deep copy). */
  readonly topology: GraphDefJson;
  /** The activation removed, or null. */
  readonly removed: OutputActivation | null;
  /** True when the output is a LogSoftmax: its values are valid softmax logits as they are. */
  readonly logSoftmax: boolean;
  /** The node whose output the classifier reads. */
  readonly outputNode: string;
  /** The image input (a Placeholder). */
  readonly inputNode: string;
  /** Ops of the graph, for messages. */
  readonly ops: readonly string[];
}

/** Nodes that do not compute anything an output could be. */
const INERT = new Set(['Const', 'NoOp', 'Placeholder', 'PlaceholderWithDefault']);
/** Ops that pass the value through unchanged, as converters leave them before an output. */
const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot']);

function nodeNameOf(tensorName: string): string {
  const name = tensorName.startsWith('^') ? tensorName.slice(1) : tensorName;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

export function isGraphDef(topology: unknown): topology is GraphDefJson {
  return typeof topology === 'object' && topology !== null && Array.isArray((topology as GraphDefJson).node);
}

export function rewriteGraphToLogits(topology: unknown, signature: GraphSignature | undefined, source: string): GraphLogitRewrite {
  if (!isGraphDef(topology)) throw new ModelLoadError('invalid-model-json', `${source}: the graph model's modelTopology has no node list`, source);
  const graph = structuredClone(topology);
  const byName = new Map(graph.node.map((n) => [n.name, n]));
  const consumers = new Map<string, GraphNodeJson[]>();
  for (const node of graph.node) {
    for (const input of node.input ?? []) {
      if (input.startsWith('^')) continue;
      const from = nodeNameOf(input);
      consumers.set(from, [...(consumers.get(from) ?? []), node]);
    }
  }

  const inputNames = signatureNodes(signature?.inputs) ?? graph.node.filter((n) => n.op === 'Placeholder').map((n) => n.name);
  if (inputNames.length !== 1) {
    throw new ModelLoadError(
      'multiple-inputs',
      `${source}: the graph has ${inputNames.length} inputs (${inputNames.join(', ') || 'none'}); only single-image classifiers can be analysed`,
      source,
    );
  }
  const outputNames = signatureNodes(signature?.outputs) ?? graph.node.filter((n) => !INERT.has(n.op) && !consumers.has(n.name)).map((n) => n.name);
  if (outputNames.length !== 1) {
    throw new ModelLoadError(
      'multiple-outputs',
      `${source}: the graph has ${outputNames.length} outputs (${outputNames.join(', ') || 'none'}); only single-output classifiers can be analysed`,
      source,
    );
  }
  for (const name of [...inputNames, ...outputNames]) {
    if (!byName.has(name)) throw new ModelLoadError('invalid-model-json', `${source}: the signature names node ${name}, which the graph does not have`, source);
  }

  // Walk back from the output through pass-through nodes, each used only on this path.
  let node = byName.get(outputNames[0])!;
  const path: GraphNodeJson[] = [node];
  while (PASS_THROUGH.has(node.op)) {
    const dataInputs = (node.input ?? []).filter((i) => !i.startsWith('^'));
    const previous = dataInputs.length === 1 ? byName.get(nodeNameOf(dataInputs[0])) : undefined;
    if (!previous || (consumers.get(previous.name)?.length ?? 0) !== 1) break;
    node = previous;
    path.push(node);
  }
  const result = (removed: OutputActivation | null, logSoftmax: boolean): GraphLogitRewrite => ({
    topology: graph,
    outputNode: outputNames[0],
    inputNode: inputNames[0],
    ops: [...new Set(graph.node.map((n) => n.op))].sort(),
    removed,
    logSoftmax,
  });
  if (node.op === 'LogSoftmax') return result(null, true);
  const removed: OutputActivation | null = node.op === 'Softmax' ? 'softmax' : node.op === 'Sigmoid' ? 'sigmoid' : null;
  if (removed === null) return result(null, false);
  // Identity keeps the node's name, so the signature and the output stay valid, and passes on the
  // activation's input: the output now points at the logits.
  node.op = 'Identity';
  node.input = (node.input ?? []).filter((i) => !i.startsWith('^')).slice(0, 1);
  node.attr = { T: node.attr?.T ?? { type: 'DT_FLOAT' } };
  return result(removed, false);
}

function signatureNodes(entries: Record<string, SignatureEntry> | undefined): string[] | null {
  if (!entries) return null;
  const names = Object.values(entries)
    .map((e) => (typeof e?.name === 'string' ? nodeNameOf(e.name) : ''))
    .filter((n) => n !== '');
  return names.length > 0 ? names : null;
}
