import type * as tf from '@tensorflow/tfjs';
import type { AddedBatchNormWeights } from './batchNormWithoutScale';
import { addUnitGammas } from './batchNormWithoutScale';
import { KerasLayerScale, KerasNormalization } from './kerasLayers';

/**
 * The decoded weight map (mutated) made to fit the model as tfjs-layers built it after
 * kerasTopology.ts: unit gammas for rescaled BatchNormalization; Normalization's `count` (only
 * adapt() uses it) dropped; ConvNeXt's LayerScale weight taken whatever Keras named it (Keras 2
 * writes a bare tf.Variable). Returns tensors created, for the caller to dispose.
 */
export function adaptKerasWeights(model: tf.LayersModel, scaledBatchNorms: AddedBatchNormWeights, weights: Record<string, tf.Tensor>): tf.Tensor[] {
  const created = addUnitGammas(model, scaledBatchNorms, weights);
  const visit = (layers: readonly tf.layers.Layer[]): void => {
    for (const layer of layers) {
      const nested = (layer as unknown as { layers?: tf.layers.Layer[] }).layers;
      if (Array.isArray(nested)) visit(nested);
      if (layer instanceof KerasNormalization) dropUnused(layer, weights);
      if (layer instanceof KerasLayerScale) adoptSingleWeight(layer, weights);
    }
  };
  visit(model.layers);
  return created;
}

function prefixOf(variable: tf.LayerVariable): string {
  return variable.originalName.split('/').slice(0, -1).join('/') + '/';
}

function dropUnused(layer: tf.layers.Layer, weights: Record<string, tf.Tensor>): void {
  if (layer.weights.length === 0) return;
  const prefix = prefixOf(layer.weights[0]);
  const kept = new Set([...layer.weights.map((w) => w.originalName), `${prefix}0`, `${prefix}1`]);
  for (const name of Object.keys(weights)) if (name.startsWith(prefix) && !name.slice(prefix.length).includes('/') && !kept.has(name)) delete weights[name];
}

function adoptSingleWeight(layer: tf.layers.Layer, weights: Record<string, tf.Tensor>): void {
  const gamma = layer.weights[0];
  if (!gamma || gamma.originalName in weights || `${prefixOf(gamma)}0` in weights) return;
  const candidates = Object.keys(weights).filter((n) => n.startsWith(prefixOf(gamma)));
  if (candidates.length === 1) {
    weights[gamma.originalName] = weights[candidates[0]];
    delete weights[candidates[0]];
  }
}
