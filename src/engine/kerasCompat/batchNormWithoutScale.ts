import * as tf from '@tensorflow/tfjs';

/**
 * Keras BatchNormalization with `"scale": false` (every BN of Keras InceptionV3, and of many
 * models built with `scale=False` before a ReLU) has no gamma. tfjs-layers then calls
 * tf.batchNorm without a scale, and TF.js 4.22's FusedBatchNorm saves its inputs for the gradient
 * by name ('x', 'mean', 'variance', 'scale'): the absent scale makes tf.grad fail with "Cannot read
 * properties of undefined (reading 'map')". Predictions are unaffected, which is why plain TF.js
 * "works" until a gradient is asked for.
 *
 * `"center": false` (no beta) fails the same way ("reading 'id'": the gradient is asked for the
 * absent offset).
 *
 * The fix at load: such layers are rebuilt with `scale: true`, `center: true`, a gamma of ones and
 * a beta of zeros, which is the same function (y = (x − μ)/√(σ² + ε)·1 + 0) with inputs the
 * gradient can save. Done on the topology JSON before the model is built, and on the weight map
 * before it is loaded.
 */

interface BatchNormJson {
  class_name: 'BatchNormalization';
  config: { name?: string; scale?: boolean; center?: boolean; [key: string]: unknown };
}

function isScaleFreeBatchNorm(value: unknown): value is BatchNormJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { class_name?: unknown; config?: { scale?: unknown } };
  const c = v.config as { scale?: unknown; center?: unknown } | undefined;
  return v.class_name === 'BatchNormalization' && typeof c === 'object' && c !== null && (c.scale === false || c.center === false);
}

/**
 * Sets `scale` and `center` on every BatchNormalization without them, at any depth (nested
 * models, wrappers). Mutates `topology` (the caller's own copy); returns the layers changed, with
 * the weights they gain.
 */
export type AddedBatchNormWeights = Map<string, { gamma: boolean; beta: boolean }>;

export function giveBatchNormsAScale(topology: unknown): AddedBatchNormWeights {
  const changed: AddedBatchNormWeights = new Map();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (isScaleFreeBatchNorm(value)) {
      const added = { gamma: value.config.scale === false, beta: value.config.center === false };
      value.config.scale = true;
      value.config.center = true;
      value.config.gamma_initializer = { class_name: 'Ones', config: {} };
      value.config.beta_initializer = { class_name: 'Zeros', config: {} };
      if (typeof value.config.name === 'string') changed.set(value.config.name, added);
      return;
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(topology);
  return changed;
}

interface BatchNormLayer {
  readonly name: string;
  readonly weights: tf.LayerVariable[];
  readonly gamma?: tf.LayerVariable | null;
  readonly beta?: tf.LayerVariable | null;
}

function batchNormLayers(layers: readonly tf.layers.Layer[], names: ReadonlyMap<string, unknown>, out: BatchNormLayer[] = []): BatchNormLayer[] {
  for (const layer of layers) {
    const nested = (layer as unknown as { layers?: tf.layers.Layer[] }).layers;
    if (Array.isArray(nested)) batchNormLayers(nested, names, out);
    else if (layer.getClassName() === 'BatchNormalization' && names.has(layer.name)) out.push(layer as unknown as BatchNormLayer);
  }
  return out;
}

/**
 * Adds a gamma of ones and a beta of zeros to `weights` (the decoded weight map, mutated) where
 * giveBatchNormsAScale gave a layer them. Weights named the TF.js/Keras 2 way (`layer/beta`) need
 * only the new entries; weights named by position the Keras 3 way (`layer/0`, `layer/1`, …) are
 * renumbered so that each keeps its variable. Returns the tensors it created, for the caller to dispose.
 */
export function addUnitGammas(model: tf.LayersModel, changed: AddedBatchNormWeights, weights: Record<string, tf.Tensor>): tf.Tensor[] {
  if (changed.size === 0) return [];
  const created: tf.Tensor[] = [];
  const keys = Object.keys(weights);
  // The same test tfjs-layers' loadWeights makes to tell Keras 3 names from the others.
  const byIndex = keys.length > 0 && !Number.isNaN(parseInt(keys[0].split('/').pop() ?? '', 10));
  for (const layer of batchNormLayers(model.layers, changed)) {
    const added = changed.get(layer.name)!;
    const fresh = [added.gamma ? layer.gamma : null, added.beta ? layer.beta : null].filter((v): v is tf.LayerVariable => v != null);
    const values = new Map(fresh.map((v) => [v, v === layer.gamma ? tf.ones(v.shape as number[]) : tf.zeros(v.shape as number[])]));
    created.push(...values.values());
    if (!byIndex) {
      for (const [variable, value] of values) if (!(variable.originalName in weights)) weights[variable.originalName] = value;
      continue;
    }
    // Position i of the file holds the i-th of the layer's weights that existed before.
    const prefix = layer.weights[0].name.split('/').slice(0, -1).join('/') + '/';
    const old = layer.weights.filter((w) => !values.has(w));
    const moved: Record<string, tf.Tensor> = {};
    old.forEach((w, i) => {
      if (`${prefix}${i}` in weights) moved[`${prefix}${layer.weights.indexOf(w)}`] = weights[`${prefix}${i}`];
      delete weights[`${prefix}${i}`];
    });
    for (const [variable, value] of values) moved[`${prefix}${layer.weights.indexOf(variable)}`] = value;
    Object.assign(weights, moved);
  }
  return created;
}
