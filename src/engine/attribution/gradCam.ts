import * as tf from '@tensorflow/tfjs';
import { gradCamMap } from '../../core/attribution';
import type { Classifier } from '../classifier';
import { layersModelFromArtifacts } from './layersModelFromArtifacts';
import { resolveTarget } from './resolveTarget';
import type { AttributionContext, AttributionMap, AttributionSpec } from './types';

/**
 * Grad-CAM (Selvaraju et al. 2017) for a TF.js LayersModel. The model is cut at the chosen layer:
 * a feature model (input → the layer's activations A) and a head (A → logits) rebuilt by
 * re-applying the layers after the cut to a new input. That is possible only at a layer every path
 * to the output goes through (any layer of a Sequential model; a block output of a ResNet, not a
 * convolution inside a residual block). The work is done on a LayersModel built from the
 * classifier's artifacts (`context.artifacts`), because re-applying layers adds nodes to them and
 * the Classifier does not expose its model.
 */

/** Layers with a 4-D (image-like) output that cut the graph, in model order. */
export function gradCamLayerCandidates(model: tf.LayersModel): string[] {
  return model.layers.filter((layer) => isImageLike(layer) && isCut(model, layer)).map((layer) => layer.name);
}

/** The last convolutional candidate, else the last candidate. */
export function defaultGradCamLayer(model: tf.LayersModel): string {
  const candidates = gradCamLayerCandidates(model);
  if (candidates.length === 0) throw new Error('the model has no convolutional layer that Grad-CAM can use (a 4-D output every path to the output goes through)');
  const convolutional = candidates.filter((name) => /conv/i.test(model.getLayer(name).getClassName()));
  return (convolutional.length > 0 ? convolutional : candidates).at(-1)!;
}

/** The Grad-CAM layers of a model, and the one used by default. */
export async function gradCamLayers(artifacts: tf.io.ModelArtifacts): Promise<{ readonly layers: string[]; readonly defaultLayer: string }> {
  const model = await layersModelFromArtifacts(artifacts);
  try {
    return { layers: gradCamLayerCandidates(model), defaultLayer: defaultGradCamLayer(model) };
  } finally {
    model.dispose();
  }
}

export async function gradCam(classifier: Classifier, x: Float32Array, spec: AttributionSpec, context: AttributionContext = {}): Promise<AttributionMap> {
  if (!context.artifacts) throw new Error('Grad-CAM needs the model artifacts (context.artifacts) to rebuild its layers');
  const { target } = await resolveTarget(classifier, x, context.target);
  const model = await layersModelFromArtifacts(context.artifacts);
  const [h, w, c] = classifier.info.inputShape;
  if (model.inputs[0].shape.length !== 4) {
    model.dispose();
    throw new Error('Grad-CAM supports models whose input is (batch, height, width, channels)');
  }
  try {
    const layerName = spec.layer ?? defaultGradCamLayer(model);
    const { features, head, shape } = splitAt(model, layerName);
    const headLogits = (a: tf.Tensor): tf.Tensor2D => logitsFrom(head.apply(a, { training: false }) as tf.Tensor2D, classifier);
    try {
      const [activations, gradients] = tf.tidy(() => {
        const a = features.apply(tf.tensor4d(x, [1, h, w, c]), { training: false }) as tf.Tensor4D;
        const g = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(headLogits(input), [0, target], [1, 1])))(a);
        return [a, g];
      });
      const [aValues, gValues] = await Promise.all([activations.data(), gradients.data()]);
      tf.dispose([activations, gradients]);
      const { map, channelWeights } = gradCamMap(aValues, gValues, shape, h, w);
      let positive = 0;
      for (const v of channelWeights) if (v > 0) positive++;
      return {
        method: 'gradcam',
        label: 'gradcam',
        height: h,
        width: w,
        values: map,
        signed: false,
        target,
        details: { layer: layerName, layerHeight: shape[0], layerWidth: shape[1], layerChannels: shape[2], positiveChannelWeights: positive },
      };
    } finally {
      // Re-applying a layer counts a reference to it, so the head is released first; the feature
      // model shares the model's own references (disposing it too would free the weights twice).
      void features;
      head.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** The classifier's logit convention applied to the head's output (classifier.ts: log-probabilities). */
function logitsFrom(out: tf.Tensor2D, classifier: Classifier): tf.Tensor2D {
  const tiny = 1.1754944e-38;
  if (classifier.info.logitSource === 'model-logits') return out;
  if (classifier.info.head === 'softmax') return tf.log(tf.clipByValue(out, tiny, 1));
  const q = tf.clipByValue(out, tiny, 1 - 5.96e-8);
  return tf.sub(tf.log(q), tf.log(tf.sub(1, q)));
}

interface Split {
  readonly features: tf.LayersModel;
  /** A → the model's output (logits after the rewrite). */
  readonly head: tf.LayersModel;
  readonly shape: [number, number, number];
}

function splitAt(model: tf.LayersModel, layerName: string): Split {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(layerName);
  } catch {
    throw new Error(`the model has no layer named "${layerName}" (Grad-CAM can use: ${gradCamLayerCandidates(model).join(', ')})`);
  }
  if (!isImageLike(layer)) throw new Error(`layer "${layerName}" has output shape [${String(layer.outputShape)}]; Grad-CAM needs a 4-D (image-like) output`);
  if (!isCut(model, layer)) {
    throw new Error(`layer "${layerName}" is not on every path to the output (e.g. inside a residual block); Grad-CAM can use: ${gradCamLayerCandidates(model).join(', ')}`);
  }
  const cutTensor = layer.inboundNodes[0].outputTensors[0];
  const shape = cutTensor.shape.slice(1) as [number, number, number];
  const input = tf.input({ shape });
  const mapped = new Map<number, tf.SymbolicTensor>([[cutTensor.id, input]]);
  for (const later of layersAfter(model, layer)) {
    const node = later.inboundNodes[0];
    const inputs = node.inputTensors.map((t) => mapped.get(t.id));
    if (inputs.some((t) => t === undefined)) continue;
    const outputs = later.apply(inputs.length === 1 ? inputs[0]! : (inputs as tf.SymbolicTensor[]));
    const list = Array.isArray(outputs) ? outputs : [outputs];
    node.outputTensors.forEach((t, i) => mapped.set(t.id, list[i] as tf.SymbolicTensor));
  }
  const output = mapped.get(model.outputs[0].id);
  if (!output) throw new Error(`the output does not depend on layer "${layerName}"`);
  const features = tf.model({ inputs: model.inputs, outputs: cutTensor });
  return { features, head: tf.model({ inputs: input, outputs: output }), shape };
}

function isImageLike(layer: tf.layers.Layer): boolean {
  if (layer.inboundNodes.length === 0) return false;
  const shape = layer.inboundNodes[0].outputTensors[0]?.shape;
  return Array.isArray(shape) && shape.length === 4 && layer.getClassName() !== 'InputLayer';
}

function layersAfter(model: tf.LayersModel, layer: tf.layers.Layer): tf.layers.Layer[] {
  const index = model.layers.indexOf(layer);
  return model.layers.slice(index + 1);
}

/** Whether every path from the input to the output passes through `layer`'s output. */
function isCut(model: tf.LayersModel, layer: tf.layers.Layer): boolean {
  const reached = new Set<number>(layer.inboundNodes[0].outputTensors.map((t) => t.id));
  for (const later of layersAfter(model, layer)) {
    const node = later.inboundNodes[0];
    const flags = node.inputTensors.map((t) => reached.has(t.id));
    if (flags.every(Boolean)) node.outputTensors.forEach((t) => reached.add(t.id));
    else if (flags.some(Boolean)) return false;
  }
  return reached.has(model.outputs[0].id);
}
