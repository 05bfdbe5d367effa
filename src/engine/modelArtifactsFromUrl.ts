import * as tf from '@tensorflow/tfjs';

/** Model artifacts (topology + weights) from a model.json URL, loaded through tf.io.http. */
export async function modelArtifactsFromUrl(modelJsonUrl: string): Promise<tf.io.ModelArtifacts> {
  const handler = tf.io.http(modelJsonUrl);
  if (!handler.load) throw new Error(`cannot load ${modelJsonUrl}`);
  try {
    return await handler.load();
  } catch (error) {
    throw new Error(`could not load the model from ${modelJsonUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function tensorMemory(): { numTensors: number; numBytes: number } {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}
