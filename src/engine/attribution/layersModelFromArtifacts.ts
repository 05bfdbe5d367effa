import * as tf from '@tensorflow/tfjs';
import { rewriteTopologyToLogits } from '../outputActivation';

/**
 * A LayersModel built from the classifier's artifacts, with the same rewrite to logits that the
 * classifier applies, for the methods that need the layer graph itself (Grad-CAM). The Classifier
 * hides its model, and this copy may be changed freely: the caller owns and disposes it.
 */
export async function layersModelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  const topology = artifacts.modelTopology;
  const layersLike = typeof topology === 'object' && topology !== null && !(topology instanceof ArrayBuffer) && ('class_name' in topology || 'model_config' in topology);
  if (artifacts.format === 'graph-model' || !layersLike) throw new Error('this method needs a Keras LayersModel; the model is a TensorFlow graph (GraphModel), which has no layers to cut');
  const rewrite = rewriteTopologyToLogits(topology);
  return tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: rewrite.topology as object }));
}
