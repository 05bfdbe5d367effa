import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelMetadata } from '../core';
import { parseModelMetadata } from '../core';
import { modelsDir, samplesIndexPath } from './projectPaths';

export interface SampleEntry {
  readonly id: string;
  readonly title: string;
  readonly task?: string;
  /** Relative to public/. */
  readonly path: string;
  readonly groundTruth?: unknown;
}

/** The bundled models: every public/models/<id>/ with a metadata.json, sorted by id. */
export async function listBundledModels(): Promise<ModelMetadata[]> {
  let entries: string[];
  try {
    entries = await readdir(modelsDir);
  } catch {
    return [];
  }
  const models: ModelMetadata[] = [];
  for (const entry of entries.sort()) {
    try {
      const json: unknown = JSON.parse(await readFile(join(modelsDir, entry, 'metadata.json'), 'utf8'));
      models.push(parseModelMetadata(json, `models/${entry}/metadata.json`));
    } catch {
      // Not a model folder (or an index file).
    }
  }
  return models;
}

export async function listBundledSamples(): Promise<SampleEntry[]> {
  try {
    return JSON.parse(await readFile(samplesIndexPath, 'utf8')) as SampleEntry[];
  } catch {
    return [];
  }
}
