import type * as tf from '@tensorflow/tfjs';
import type { ClassifierInfo } from './classifierBase';
import { BaseClassifier, batchedLayout } from './classifierBase';
import type { ClassifierModel } from './classifierModel';
import type { InputLayout } from './imageInput';
import { translateModelError } from './modelErrors';
import { ModelLoadError } from './modelLoadError';
import { buildKerasModel } from './kerasCompat/buildKerasModel';
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
  let rewrite;
  try {
    rewrite = rewriteTopologyToLogits(artifacts.modelTopology);
  } catch (error) {
    throw translateModelError(error, source);
  }
  const model = await buildKerasModel(rewrite.topology, artifacts, source);
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
