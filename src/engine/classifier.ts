import * as tf from '@tensorflow/tfjs';
import type { HeadSource, HeadType, ModelMetadata } from '../core';
import type { Classifier, JacobianMemory, LogitSource } from './classifierBase';
import { checkMetadataAgainstModel, LOG_PROBABILITY_NOTICE } from './classifierBase';
import type { ClassifierModel } from './classifierModel';
import { GraphClassifier, loadGraphClassifierModel } from './graphClassifier';
import { isGraphDef } from './graphOutputActivation';
import { imageInputLayout } from './imageInput';
import { LayersClassifier, loadLayersClassifierModel } from './layersClassifier';
import { translateModelError } from './modelErrors';
import { ModelLoadError } from './modelLoadError';
import { probeClassifierOutputs } from './outputProbe';
import { checkWeightsFinite } from './weightValues';
import { registerAvgPoolGradient } from './gradients/avgPoolGradient';

export type { Classifier, ClassifierInfo, JacobianMemory, LogitSource } from './classifierBase';
export type { ModelFormat } from './classifierModel';
export { GraphClassifier } from './graphClassifier';
export { LayersClassifier } from './layersClassifier';

const ASSUMED_HEAD_NOTICE =
  'The model outputs raw scores with no softmax or sigmoid, and no metadata.json says which head it has: ' +
  'they are taken as softmax logits (one label out of C). If the labels are independent, set the head to sigmoid.';

/**
 * Builds a classifier from TF.js model artifacts, LayersModel or GraphModel (dispatch on
 * `artifacts.format`, else on the topology's shape). The model's final softmax or sigmoid is
 * removed so that it emits logits; failing that, a probe decides whether its outputs are
 * probabilities, and the analysis uses log-probabilities with a notice. The model is run once
 * forward and once backward before it is returned, so that a model this backend cannot run or
 * differentiate is refused here (ModelLoadError), never halfway through an analysis. `source`
 * names the model in messages.
 *
 * The head (docs/bring-your-own-model.md, "Outputs"): metadata.json's if given; else the removed
 * activation's; else softmax for probability rows that sum to one, sigmoid for values in [0, 1];
 * else, for raw scores, softmax (sigmoid for a single output), flagged `headSource: 'assumed'`.
 */
export async function classifierFromArtifacts(
  artifacts: tf.io.ModelArtifacts,
  metadata: ModelMetadata | null,
  fallbackId = 'model',
  options: { source?: string } = {},
): Promise<Classifier> {
  const source = options.source ?? 'model.json';
  checkWeightsFinite(artifacts, source);
  return classifierFromModel(await loadClassifierModel(artifacts, source), metadata, fallbackId, source);
}

/**
 * The checks and head logic of classifierFromArtifacts for a model already loaded in any format
 * (ONNX models come here from onnx/loadOnnxModel.ts). Takes ownership of `model`.
 */
export async function classifierFromModel(model: ClassifierModel, metadata: ModelMetadata | null, fallbackId: string, source: string): Promise<Classifier> {
  let owned = false;
  try {
    const layout = imageInputLayout(model.inputShape, model.inputDtype, metadata, source);
    const inputShape = layout.shape;
    const probe = await probeClassifierOutputs(model, layout, source);
    const classCount = probe.classCount;
    if (metadata) checkMetadataAgainstModel(metadata, inputShape, classCount, source);

    let head: HeadType;
    let headSource: HeadSource;
    if (metadata) [head, headSource] = [metadata.head, 'metadata'];
    else if (model.removedActivation) [head, headSource] = [model.removedActivation, 'activation'];
    else if (model.outputIsLogSoftmax) [head, headSource] = ['softmax', 'activation'];
    else if (probe.softmaxProbabilities && classCount > 1) [head, headSource] = ['softmax', 'probabilities'];
    else if (probe.sigmoidProbabilities) [head, headSource] = ['sigmoid', 'probabilities'];
    else [head, headSource] = [classCount === 1 ? 'sigmoid' : 'softmax', 'assumed'];
    if (head === 'softmax' && classCount === 1) {
      throw new ModelLoadError(
        'output-not-classifier',
        `${source}: a softmax over a single output is constant, so it carries no information about the input; a binary classifier with one output needs a sigmoid head`,
        source,
      );
    }

    const probabilities = head === 'softmax' ? probe.softmaxProbabilities : probe.sigmoidProbabilities;
    const logitSource: LogitSource = model.removedActivation === null && !model.outputIsLogSoftmax && probabilities ? 'log-probabilities' : 'model-logits';
    const notice = logitSource === 'log-probabilities' ? LOG_PROBABILITY_NOTICE : headSource === 'assumed' && classCount > 1 ? ASSUMED_HEAD_NOTICE : null;
    const classifier = model.toClassifier(
      {
        id: metadata?.id ?? fallbackId,
        title: metadata?.title ?? fallbackId,
        classes: metadata?.classes ?? Array.from({ length: classCount }, (_, i) => `class ${i}`),
        head,
        headSource,
        inputShape,
        logitSource,
        removedActivation: model.removedActivation,
        notice,
        format: model.format,
        input: { declared: [...layout.declared], batch: layout.batch, channels: layout.channels },
        operations: model.operations,
        ...(model.graph ? { graph: model.graph } : {}),
        memory: { bytesPerCopy: 0, largestTensorBytesPerCopy: 0 },
      },
      layout,
      source,
    );
    owned = true;
    try {
      classifier.setMemory(await measureBackwardPass(classifier));
    } catch (error) {
      classifier.dispose();
      throw error;
    }
    return classifier;
  } catch (error) {
    if (!owned) model.dispose();
    throw translateModelError(error, source);
  }
}

async function loadClassifierModel(artifacts: tf.io.ModelArtifacts, source: string): Promise<ClassifierModel> {
  // TF.js's average-pooling gradient is wrong at padded borders (gradients/avgPoolGradient.ts).
  registerAvgPoolGradient();
  const topology = artifacts.modelTopology;
  if (artifacts.format === 'graph-model' || isGraphDef(topology)) return loadGraphClassifierModel(artifacts, source);
  const layersLike = typeof topology === 'object' && topology !== null && !(topology instanceof ArrayBuffer) && ('class_name' in topology || 'model_config' in topology);
  if (artifacts.format === 'layers-model' || layersLike) return loadLayersClassifierModel(artifacts, source);
  throw new ModelLoadError('invalid-model-json', `${source}: modelTopology is neither a Keras model (class_name, config) nor a TensorFlow graph (node list)`, source);
}

/** The LayersModel behind a classifier, for methods that need its layers (Grad-CAM, weight randomisation). */
export function layersModelOf(classifier: Classifier): tf.LayersModel {
  if (classifier instanceof LayersClassifier) return classifier.model;
  const format = classifier instanceof GraphClassifier ? 'a GraphModel' : 'not a LayersModel';
  throw new Error(`this needs the model's layers, and ${classifier.info.id} is ${format}`);
}

/**
 * One backward pass for a single image copy, profiled: proves every op on the path has a kernel
 * and a gradient on this backend, and measures the memory a copy needs (for chunking and for the
 * estimate shown before an analysis).
 */
async function measureBackwardPass(classifier: Classifier): Promise<JacobianMemory> {
  const x = tf.randomNormal([1, ...classifier.info.inputShape], 0, 1, 'float32', 11) as tf.Tensor4D;
  try {
    const start = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      const g = tf.grad((xi: tf.Tensor) => tf.sum(classifier.logits(xi as tf.Tensor4D)))(x);
      g.dispose();
    });
    let largest = 0;
    for (const kernel of profile.kernels) {
      for (const shape of kernel.outputShapes) largest = Math.max(largest, 4 * shape.reduce((a, d) => a * d, 1));
    }
    return { bytesPerCopy: Math.max(profile.peakBytes - start, largest), largestTensorBytesPerCopy: largest };
  } catch (error) {
    releaseAbandonedTape();
    throw error;
  } finally {
    x.dispose();
  }
}

/**
 * When a backward pass throws (an op without a gradient), TF.js 4.22 leaves the tensors its tape
 * kept for the gradient undisposed (engine.gradients cleans them only on success): release them,
 * so that a refused model leaves memory as it found it.
 */
function releaseAbandonedTape(): void {
  const state = tf.engine().state as unknown as { gradientDepth: number; activeTape: Array<{ saved?: tf.Tensor[] }> | null };
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const tensor of node.saved ?? []) tensor.dispose();
  state.activeTape = null;
}
