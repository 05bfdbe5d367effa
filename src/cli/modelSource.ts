import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ModelMetadata } from '../core';
import { parseModelMetadata } from '../core';
import type { Classifier } from '../engine/classifier';
import { classifierFromArtifacts } from '../engine/classifier';
import { readModelArtifacts } from '../engine/node/modelFiles';
import { CliError } from './cliError';
import { modelsDir } from './projectPaths';

export interface LoadedModel {
  readonly classifier: Classifier;
  readonly metadata: ModelMetadata | null;
  readonly modelJsonPath: string;
}

/** `--model` accepts a bundled model id, a folder holding model.json, or a model.json path. */
export async function resolveModelJsonPath(spec: string): Promise<string> {
  const candidates = [spec.endsWith('.json') ? spec : join(spec, 'model.json')];
  if (/^[a-z0-9][a-z0-9._-]*$/.test(spec)) candidates.push(join(modelsDir, spec, 'model.json'));
  for (const candidate of candidates) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  throw new CliError(`model "${spec}" not found: give a bundled model id (see \`npx ifim models\`), a folder with model.json, or a model.json path`);
}

export async function loadModel(spec: string): Promise<LoadedModel> {
  const modelJsonPath = await resolveModelJsonPath(spec);
  const metadata = await readMetadataBeside(modelJsonPath);
  let artifacts;
  try {
    artifacts = await readModelArtifacts(modelJsonPath);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  try {
    const classifier = await classifierFromArtifacts(artifacts, metadata, basename(dirname(modelJsonPath)));
    return { classifier, metadata, modelJsonPath };
  } catch (error) {
    throw new CliError(`${modelJsonPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readMetadataBeside(modelJsonPath: string): Promise<ModelMetadata | null> {
  const path = join(dirname(modelJsonPath), 'metadata.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseModelMetadata(JSON.parse(text), path);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
