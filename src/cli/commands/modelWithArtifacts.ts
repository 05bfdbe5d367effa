import type * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../../core';
import type { Classifier } from '../../engine/classifier';
import { classifierFromModelFiles } from '../../engine/loadModel';
import { ModelLoadError } from '../../engine/modelLoadError';
import { readModelSource } from '../../engine/node/modelFiles';
import { CliError } from '../cliError';
import { resolveModelPath } from '../modelSource';

export interface ModelWithArtifacts {
  readonly classifier: Classifier;
  /** metadata.json's, or inferred: always complete. */
  readonly metadata: ModelMetadata;
  /** What the classifier was built from: Grad-CAM and the randomisation check rebuild from it. */
  readonly artifacts: tf.io.ModelArtifacts;
}

/**
 * As modelSource's loadModel, keeping the artifacts, which `experiment` and `attribute` need
 * (Grad-CAM, cascading randomisation) and LoadedModel does not carry.
 */
export async function loadModelWithArtifacts(spec: string): Promise<ModelWithArtifacts> {
  const path = await resolveModelPath(spec);
  try {
    const files = await readModelSource(path);
    const loaded = await classifierFromModelFiles(files);
    return { classifier: loaded.classifier, metadata: loaded.metadata, artifacts: files.artifacts };
  } catch (error) {
    if (error instanceof ModelLoadError) throw new CliError(`${error.message} [${error.code}]`, 1, error.code);
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
