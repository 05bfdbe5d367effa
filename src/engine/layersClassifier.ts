import * as tf from '@tensorflow/tfjs';
import type { ClassifierInfo } from './classifierBase';
import { BaseClassifier, batchedLayout } from './classifierBase';
import type { ClassifierModel } from './classifierModel';
import type { InputLayout } from './imageInput';
import { translateModelError } from './modelErrors';
import { ModelLoadError } from './modelLoadError';
import type { AddedBatchNormWeights } from './kerasCompat/batchNormWithoutScale';
import { registerKerasCompatLayers } from './kerasCompat/kerasLayers';
import { rewriteKerasTopology } from './kerasCompat/kerasTopology';
import { adaptKerasWeights } from './kerasCompat/kerasWeights';
import { rewriteTopologyToLogits } from './outputActivation';

/** A classifier backed by a TF.js LayersModel (Keras-converted), run in inference mode. */
export class LayersClassifier extends BaseClassifier {
  constructor(
    readonly model: tf.LayersModel,
    info: ClassifierInfo,
    layout: InputLayout = batchedLayout(info.inputShape),
    source = 'model.json',
  ) {
    super(info, layout, source);
  }

  protected predict(x: tf.Tensor): tf.Tensor {
    return this.model.apply(x, { training: false }) as tf.Tensor;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Loads a LayersModel with its topology rewritten to emit logits (outputActivation.ts) and to build
 * what Keras computes where TF.js differs or lacks a layer (kerasCompat/), before the model is built.
 */
export async function loadLayersClassifierModel(artifacts: tf.io.ModelArtifacts, source: string): Promise<ClassifierModel> {
  let model: tf.LayersModel;
  let rewrite;
  let scaled: AddedBatchNormWeights;
  try {
    rewrite = rewriteTopologyToLogits(artifacts.modelTopology);
    scaled = rewriteKerasTopology(rewrite.topology, source).scaledBatchNorms;
    registerKerasCompatLayers();
    model = await tf.models.modelFromJSON({ modelTopology: rewrite.topology as tf.io.ModelJSON['modelTopology'] } as never);
  } catch (error) {
    throw translateModelError(error, source);
  }
  // Built first and filled second (not tf.loadLayersModel), so that weights which do not fit
  // leave no variables or decoded tensors behind: the model is disposed on any failure.
  const decoded = artifacts.weightData && artifacts.weightSpecs ? tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs) : {};
  const created: tf.Tensor[] = [];
  try {
    const optimizer = new Set((artifacts.weightSpecs ?? []).filter((s) => s.group === 'optimizer').map((s) => s.name));
    const weights = Object.fromEntries(Object.entries(decoded).filter(([name]) => !optimizer.has(name)));
    created.push(...adaptKerasWeights(model, scaled, weights));
    model.loadWeights(weights, true);
  } catch (error) {
    model.dispose();
    throw translateModelError(error, source);
  } finally {
    tf.dispose([...Object.values(decoded), ...created]);
  }
  if (model.inputs.length !== 1) {
    const count = model.inputs.length;
    model.dispose();
    throw new ModelLoadError('multiple-inputs', `${source}: the model has ${count} inputs; only single-image classifiers can be analysed`, source);
  }
  const input = model.inputs[0];
  return {
    format: 'layers-model',
    inputShape: input.shape,
    inputDtype: input.dtype,
    removedActivation: rewrite.removed,
    outputIsLogSoftmax: false,
    operations: [...new Set(model.layers.map((l) => l.getClassName()))].sort(),
    predict: (x) => model.apply(x, { training: false }) as tf.Tensor,
    toClassifier: (info, layout, src) => new LayersClassifier(model, info, layout, src),
    dispose: () => model.dispose(),
  };
}
