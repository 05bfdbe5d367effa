import type { InferredMetadata, ModelMetadata } from '../core';
import { inferMetadata } from '../core';
import type { Classifier } from './classifier';
import { classifierFromArtifacts, classifierFromModel } from './classifier';
import { modelFilesFromUrl } from './modelArtifactsFromUrl';
import type { ModelFile, ModelFromFiles } from './modelFromFiles';
import { artifactsFromFiles } from './modelFromFiles';
import { ModelLoadError } from './modelLoadError';
import { loadOnnxClassifierModel } from './onnx/loadOnnxModel';
import { withImageNetDefault } from './onnx/onnxMetadata';

/**
 * "Bring your own model": one entry for every source (dropped files, a zip, a URL, files read by
 * the CLI) → a checked classifier and its metadata, read from metadata.json or inferred.
 */
export interface LoadedClassifier {
  readonly classifier: Classifier;
  /** metadata.json's, or the inferred one when there was none: always complete. */
  readonly metadata: ModelMetadata;
  readonly metadataSource: 'file' | 'inferred';
  /** When inferred: which fields came from the model and which are defaults to confirm. */
  readonly inference: InferredMetadata | null;
  /** The name of model.json among the files (a path or URL), as messages name it. */
  readonly source: string;
}

/** Classifier and metadata from files already read (artifactsFromFiles' result). */
export async function classifierFromModelFiles(model: ModelFromFiles): Promise<LoadedClassifier> {
  const source = model.modelJsonName;
  const classifier = model.onnx
    ? await classifierFromModel(await loadOnnxClassifierModel(model.onnx, model.metadata), model.metadata, model.fallbackId, source)
    : await classifierFromArtifacts(model.artifacts, model.metadata, model.fallbackId, { source });
  if (model.metadata) return { classifier, metadata: model.metadata, metadataSource: 'file', inference: null, source };
  const channels = classifier.info.inputShape[2];
  if (channels !== 1 && channels !== 3) {
    classifier.dispose();
    throw new ModelLoadError('input-shape', `${source}: the model takes ${channels} channels per pixel; images can be fed as grey (1) or RGB (3) only`, source);
  }
  const inferred = inferMetadata(classifier.info);
  const inference = classifier.info.format === 'onnx' ? withImageNetDefault(inferred) : inferred;
  return { classifier, metadata: inference.metadata, metadataSource: 'inferred', inference, source };
}

/** From files the user gave: model.json + shards (+ metadata.json), or a zip of them. */
export async function loadClassifierFromFiles(files: ReadonlyArray<ModelFile>): Promise<LoadedClassifier> {
  return classifierFromModelFiles(artifactsFromFiles(files));
}

/** From a model.json (or .zip) URL; shards and metadata.json are fetched beside it. */
export async function loadClassifierFromUrl(modelJsonUrl: string, fetchImpl: typeof fetch = fetch): Promise<LoadedClassifier> {
  return classifierFromModelFiles(artifactsFromFiles(await modelFilesFromUrl(modelJsonUrl, fetchImpl)));
}
