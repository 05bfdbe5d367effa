/**
 * Finds a trailing softmax or sigmoid in a Keras/TF.js LayersModel topology and rewrites the
 * topology so that the model outputs logits (METHOD: everything is computed from logits). Working
 * on the JSON before the model is built means no layer object is mutated and the same code serves
 * every loader (URL, files, memory).
 */
import { ModelLoadError } from './modelLoadError';

export type OutputActivation = 'softmax' | 'sigmoid';

export interface LogitRewrite {
  /** The rewritten topology (a deep copy; the input is untouched). */
  readonly topology: unknown;
  /** The activation that was removed, or null when the output had none we could remove. */
  readonly removed: OutputActivation | null;
  /** Where it was: the name of the layer changed or removed. */
  readonly layerName: string | null;
}

interface LayerJson {
  class_name: string;
  name?: string;
  config: { name?: string; activation?: unknown; axis?: unknown; [key: string]: unknown };
  inbound_nodes?: unknown[];
  [key: string]: unknown;
}

interface TopologyJson {
  class_name: string;
  config: { layers?: LayerJson[]; output_layers?: unknown[]; [key: string]: unknown } | LayerJson[];
  [key: string]: unknown;
}

export function rewriteTopologyToLogits(topology: unknown): LogitRewrite {
  const copy = structuredClone(topology) as { model_config?: TopologyJson } & TopologyJson;
  // Keras 2 saves {model_config: {...}} in some converters; TF.js saves the model config directly.
  const model: TopologyJson = copy.model_config ?? copy;
  const layers = layerList(model);
  if (!layers || layers.length === 0) return { topology: copy, removed: null, layerName: null };

  const outputs = outputLayerNames(model, layers);
  if (outputs.length !== 1) {
    throw new ModelLoadError('multiple-outputs', `the model has ${outputs.length} outputs (${outputs.join(', ')}); only single-output classifiers can be analysed`);
  }
  const last = layers.find((l) => layerName(l) === outputs[0]);
  if (!last) return { topology: copy, removed: null, layerName: null };

  const activation = activationOf(last);
  if (activation === null) return { topology: copy, removed: null, layerName: null };

  if (last.class_name === 'Activation' || last.class_name === 'Softmax') {
    // A standalone activation layer: route the output to its input and drop the layer.
    const name = layerName(last);
    if (Array.isArray(model.config)) {
      model.config.pop();
    } else if (model.class_name === 'Sequential') {
      model.config.layers = layers.slice(0, -1);
    } else {
      const inbound = firstInbound(last);
      if (!inbound) return { topology: copy, removed: null, layerName: null };
      model.config.layers = layers.filter((l) => l !== last);
      model.config.output_layers = [inbound];
    }
    return { topology: copy, removed: activation, layerName: name };
  }
  last.config.activation = 'linear';
  return { topology: copy, removed: activation, layerName: layerName(last) };
}

function layerList(model: TopologyJson): LayerJson[] | null {
  if (Array.isArray(model.config)) return model.config; // very old Sequential format
  return model.config?.layers ?? null;
}

function layerName(layer: LayerJson): string {
  return layer.config?.name ?? layer.name ?? '';
}

function outputLayerNames(model: TopologyJson, layers: LayerJson[]): string[] {
  if (!Array.isArray(model.config) && Array.isArray(model.config.output_layers)) {
    return model.config.output_layers.map((o) => String((o as unknown[])[0]));
  }
  return [layerName(layers[layers.length - 1])];
}

function activationOf(layer: LayerJson): OutputActivation | null {
  if (layer.class_name === 'Softmax') return 'softmax';
  const a = layer.config?.activation;
  const name = typeof a === 'string' ? a : typeof a === 'object' && a !== null ? String((a as { class_name?: unknown }).class_name ?? '') : '';
  if (/^softmax$/i.test(name)) return 'softmax';
  if (/^sigmoid$/i.test(name)) return 'sigmoid';
  return null;
}

function firstInbound(layer: LayerJson): unknown[] | null {
  const nodes = layer.inbound_nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) return null;
  const node = nodes[0];
  // Keras 2 form: [[name, nodeIndex, tensorIndex, kwargs], …]
  if (Array.isArray(node) && Array.isArray(node[0])) {
    const [name, nodeIndex, tensorIndex] = node[0] as unknown[];
    return [name, nodeIndex, tensorIndex];
  }
  return null;
}
