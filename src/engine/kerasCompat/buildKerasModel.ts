import * as tf from '@tensorflow/tfjs';
import { translateModelError } from '../modelErrors';
import { registerKerasCompatLayers } from './kerasLayers';
import { rewriteKerasTopology } from './kerasTopology';
import { adaptKerasWeights } from './kerasWeights';

/**
 * A LayersModel from a Keras topology (JSON; copied, not changed) and the artifacts' weights, with
 * the Keras-compatibility rewrites (kerasTopology.ts, kerasWeights.ts) — for every path that builds
 * a LayersModel from a user's file (the classifier; Grad-CAM's copy should use it too, so that e.g.
 * an InceptionV3 differentiates there as well). Built first and filled second (not
 * tf.loadLayersModel), so that weights which do not fit leave no variables or decoded tensors
 * behind: the model is disposed on any failure. Errors come back as ModelLoadErrors naming `source`.
 */
export async function buildKerasModel(topology: unknown, artifacts: tf.io.ModelArtifacts, source: string): Promise<tf.LayersModel> {
  let model: tf.LayersModel;
  let rewrite;
  try {
    const copy = structuredClone(topology);
    rewrite = rewriteKerasTopology(copy, source);
    registerKerasCompatLayers();
    model = await tf.models.modelFromJSON({ modelTopology: copy as tf.io.ModelJSON['modelTopology'] } as never);
  } catch (error) {
    throw translateModelError(error, source);
  }
  const decoded = artifacts.weightData && artifacts.weightSpecs ? tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs) : {};
  const created: tf.Tensor[] = [];
  try {
    const optimizer = new Set((artifacts.weightSpecs ?? []).filter((s) => s.group === 'optimizer').map((s) => s.name));
    const weights = Object.fromEntries(Object.entries(decoded).filter(([name]) => !optimizer.has(name)));
    created.push(...adaptKerasWeights(model, rewrite.scaledBatchNorms, weights));
    model.loadWeights(weights, true);
  } catch (error) {
    model.dispose();
    throw translateModelError(error, source);
  } finally {
    tf.dispose([...Object.values(decoded), ...created]);
  }
  return model;
}
