import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InferredMetadata, ModelMetadata } from '../core';
import type { Classifier } from '../engine/classifier';
import { classifierFromModelFiles } from '../engine/loadModel';
import { ModelLoadError } from '../engine/modelLoadError';
import { readModelSource } from '../engine/node/modelFiles';
import { CliError } from './cliError';
import { modelsDir } from './projectPaths';

export interface LoadedModel {
  readonly classifier: Classifier;
  /** metadata.json's; null when the model came without one (then `inferred` holds what was inferred). */
  readonly metadata: ModelMetadata | null;
  readonly inferred: InferredMetadata | null;
  /** model.json's path (inside a zip: `<zip>/<path in the zip>`). */
  readonly modelJsonPath: string;
}

/**
 * `--model` accepts a bundled model id, a folder holding model.json (or one .onnx), a model.json
 * path, an .onnx file (external data and metadata.json read beside it), or a .zip of model.json +
 * shards (+ metadata.json). Any other existing file is read too, so that a Keras .h5 is recognised
 * and refused with advice.
 */
export async function resolveModelPath(spec: string): Promise<string> {
  const candidates = [spec];
  if (/^[a-z0-9][a-z0-9._-]*$/.test(spec)) candidates.push(join(modelsDir, spec));
  for (const candidate of candidates) {
    try {
      const info = await stat(candidate);
      if (info.isFile() || (info.isDirectory() && (await hasModelJson(candidate)))) return candidate;
      if (info.isDirectory() && candidate === spec) return candidate;
    } catch {
      // try the next form
    }
  }
  throw new CliError(`model "${spec}" not found: give a bundled model id (see \`npx ifim models\`), a folder with model.json, a model.json path, an .onnx file, or a .zip of the model's files`);
}

async function hasModelJson(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'model.json'))).isFile();
  } catch {
    return false;
  }
}

/** ModelLoadError → one CLI line ending in the error's code, which scripts can match. */
function cliErrorFrom(error: unknown, path: string): CliError {
  if (error instanceof ModelLoadError) return new CliError(`${error.message} [${error.code}]`, 1, error.code);
  if (error instanceof CliError) return error;
  return new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
}

export async function loadModel(spec: string): Promise<LoadedModel> {
  const path = await resolveModelPath(spec);
  try {
    const loaded = await classifierFromModelFiles(await readModelSource(path));
    return {
      classifier: loaded.classifier,
      metadata: loaded.metadataSource === 'file' ? loaded.metadata : null,
      inferred: loaded.inference,
      modelJsonPath: loaded.source,
    };
  } catch (error) {
    throw cliErrorFrom(error, path);
  }
}
