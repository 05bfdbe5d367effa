import type { ModelMetadata } from '../../core';
import type { ClassifierModel, ModelGraphSummary } from '../classifierModel';
import { ModelLoadError } from '../modelLoadError';
import type { OnnxGraph, OnnxNode, OnnxValueInfo } from './onnxGraph';
import { decodeModelProto, isDefaultDomain, readOnnxGraph } from './onnxGraph';
import { onnxClassifierModel } from './onnxClassifier';
import { stripOutputActivation } from './onnxHead';
import { compileOnnxProgram } from './onnxProgram';
import { ONNX_OPS, SUPPORTED_ONNX_OPS } from './ops/opTable';

/**
 * An ONNX file (+ its external data files) → a ClassifierModel for classifier.ts, with every
 * refusal made before any tensor is built: opset, unsupported ops (named with their nodes), inputs
 * and outputs, and an input size that the file leaves open and metadata.json does not fix.
 */
export interface OnnxModelSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The bytes of an external data file, by the location the model names (relative to the .onnx). */
  readonly externalData: (location: string) => Uint8Array | null;
}

export const ONNX_OPSETS = { min: 11, max: 18 } as const;

const ELEMENT_TYPES: Record<number, string> = { 1: 'float32', 2: 'uint8', 3: 'int8', 5: 'int16', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16', 11: 'float64' };

function shapeText(info: OnnxValueInfo): string {
  return info.dims ? `[${info.dims.map((d) => d ?? '?').join(', ')}]` : 'of unknown rank';
}

function listed(names: readonly string[], max = 4): string {
  return names.slice(0, max).join(', ') + (names.length > max ? `, … (${names.length} in all)` : '');
}

function checkOps(graph: OnnxGraph, source: string): void {
  const unsupported = new Map<string, OnnxNode[]>();
  for (const node of graph.nodes) {
    const key = isDefaultDomain(node) ? node.opType : `${node.domain}.${node.opType}`;
    if (isDefaultDomain(node) && ONNX_OPS[node.opType]) continue;
    unsupported.set(key, [...(unsupported.get(key) ?? []), node]);
  }
  if (unsupported.size === 0) return;
  const parts = [...unsupported].map(([op, nodes]) => `${op} (node${nodes.length === 1 ? '' : 's'} ${listed(nodes.map((n) => n.name))})`);
  throw new ModelLoadError(
    'unsupported-op',
    `${source}: the ONNX op${unsupported.size === 1 ? '' : 's'} ${parts.join('; ')} ${unsupported.size === 1 ? 'is' : 'are'} not supported; this tool runs ${SUPPORTED_ONNX_OPS.length} ops (docs/bring-your-own-model.md lists them)`,
    source,
  );
}

interface ImageInput {
  readonly info: OnnxValueInfo;
  readonly image: readonly [number, number, number];
  readonly dynamicBatch: boolean;
}

function imageInputOf(graph: OnnxGraph, metadata: ModelMetadata | null, source: string): ImageInput {
  if (graph.inputs.length === 0) throw new ModelLoadError('input-shape', `${source}: the graph has no input (every input is an initializer)`, source);
  if (graph.inputs.length > 1) {
    throw new ModelLoadError('multiple-inputs', `${source}: the graph has ${graph.inputs.length} inputs (${listed(graph.inputs.map((i) => i.name))}); only single-image classifiers can be analysed`, source);
  }
  const info = graph.inputs[0];
  const fail = (why: string): never => {
    throw new ModelLoadError('input-shape', `${source}: the input ${info.name} ${why}`, source);
  };
  if (info.elemType !== 1) fail(`is ${ELEMENT_TYPES[info.elemType] ?? `of element type ${info.elemType}`}, not an image: the analysis differentiates with respect to float32 pixels`);
  if (!info.dims || info.dims.length !== 4) fail(`has shape ${shapeText(info)}, not an image: image classifiers take (batch, channels, height, width)`);
  const [batch, c, h, w] = info.dims as ReadonlyArray<number | null>;
  if (batch !== null && batch !== 1) fail(`has its batch size fixed to ${batch}; only models that take one image (batch 1 or dynamic) can be analysed`);
  const channels = c ?? metadata?.input.channels ?? null;
  if (channels === null) fail('leaves its number of channels open; give it in metadata.json ("input": {"channels"})');
  if (channels !== 1 && channels !== 3) fail(`has ${channels} channels; images are fed as grey (1) or RGB (3)`);
  const height = h ?? metadata?.input.height ?? null;
  const width = w ?? metadata?.input.width ?? null;
  if (height === null || width === null) fail(`has shape ${shapeText(info)}: its height and width are dynamic; give them in metadata.json ("input": {"height", "width", "channels"})`);
  return { info, image: [height as number, width as number, channels as number], dynamicBatch: batch === null };
}

function summaryOf(graph: OnnxGraph, runtimeNodes: number): ModelGraphSummary {
  const opCounts: Record<string, number> = {};
  for (const node of graph.nodes) opCounts[node.opType] = (opCounts[node.opType] ?? 0) + 1;
  const shape = (info: OnnxValueInfo) => (info.dims ?? []).map((d, i) => d ?? (i === 0 ? 'batch' : '?'));
  return {
    inputs: graph.inputs.map((i) => ({ name: i.name, shape: shape(i) })),
    outputs: graph.outputs.map((o) => ({ name: o.name, shape: shape(o) })),
    opCounts,
    opset: graph.opset,
    producer: graph.producer,
    runtimeNodes,
  };
}

export function readOnnxModel(model: OnnxModelSource): OnnxGraph {
  const proto = decodeModelProto(model.bytes, model.name);
  return readOnnxGraph(proto, model.externalData, model.name);
}

export async function loadOnnxClassifierModel(model: OnnxModelSource, metadata: ModelMetadata | null): Promise<ClassifierModel> {
  const source = model.name;
  const graph = readOnnxModel(model);
  if (graph.opset < ONNX_OPSETS.min || graph.opset > ONNX_OPSETS.max) {
    throw new ModelLoadError(
      'unsupported-op',
      `${source} was exported with ONNX opset ${graph.opset || 'unknown'}; this tool reads opsets ${ONNX_OPSETS.min}–${ONNX_OPSETS.max}: export again with torch.onnx.export(…, opset_version=17)`,
      source,
    );
  }
  checkOps(graph, source);
  if (graph.outputs.length !== 1) {
    throw new ModelLoadError('multiple-outputs', `${source}: the graph has ${graph.outputs.length} outputs (${listed(graph.outputs.map((o) => o.name))}); a classifier has one output of class scores`, source);
  }
  const input = imageInputOf(graph, metadata, source);
  const head = stripOutputActivation(graph, graph.outputs[0].name);
  const program = await compileOnnxProgram(head.graph, { input: input.info.name, output: head.output, image: input.image, dynamicBatch: input.dynamicBatch }, source);
  const [h, w, c] = input.image;
  return onnxClassifierModel(
    {
      // The program takes NHWC images: the analysis's own layout, so no transpose at the input.
      inputShape: [program.batch === 'any' ? null : 1, h, w, c],
      inputDtype: 'float32',
      removedActivation: head.removed,
      outputIsLogSoftmax: head.logSoftmax,
      operations: [...new Set(graph.nodes.map((n) => n.opType))].sort(),
      graph: summaryOf(graph, program.runtimeNodeCount),
    },
    program,
  );
}
