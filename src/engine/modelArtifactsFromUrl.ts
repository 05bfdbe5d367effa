import * as tf from '@tensorflow/tfjs';
import type { ModelFile } from './modelFromFiles';
import { artifactsFromFiles, shardPathsOf } from './modelFromFiles';
import { isZipArchive } from './foreignModelFormat';
import { ModelLoadError } from './modelLoadError';
import { isOnnxName, looksLikeOnnx, onnxExternalDataPaths } from './onnx/onnxFiles';

/**
 * The files of a model served over HTTP: model.json (or a .zip, or an .onnx with the external data
 * files it names), every shard its manifest lists,
 * and metadata.json beside it when there is one. A shard that cannot be fetched is left out, so
 * that artifactsFromFiles reports it by name; the files are named by their URLs.
 */
export async function modelFilesFromUrl(modelJsonUrl: string, fetchImpl: typeof fetch = fetch, options: { metadata?: boolean } = {}): Promise<ModelFile[]> {
  const base = globalThis.location?.href ?? 'http://localhost/';
  const url = new URL(modelJsonUrl, base).href;
  const main = await fetchBytes(url, fetchImpl);
  if (!main) throw new ModelLoadError('fetch-failed', `could not fetch ${modelJsonUrl}`, modelJsonUrl);
  const files: ModelFile[] = [{ name: url, bytes: main }];
  if (isZipArchive(main)) return files;
  const onnx = isOnnxName(new URL(url).pathname) || looksLikeOnnx(main);
  const shardUrls = onnx ? onnxExternalDataPaths(files[0], (location) => new URL(location, url).href) : shardPathsOf(files[0]);
  const shards = await Promise.all(shardUrls.map(async (shardUrl) => ({ name: shardUrl, bytes: await fetchBytes(shardUrl, fetchImpl) })));
  for (const shard of shards) if (shard.bytes) files.push({ name: shard.name, bytes: shard.bytes });
  if (options.metadata !== false) {
    const metadataUrl = new URL('metadata.json', url).href;
    const metadata = await fetchBytes(metadataUrl, fetchImpl);
    if (metadata) files.push({ name: metadataUrl, bytes: metadata });
  }
  return files;
}

async function fetchBytes(url: string, fetchImpl: typeof fetch): Promise<Uint8Array | null> {
  try {
    const response = await fetchImpl(url);
    if (!response.ok) return null;
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    return null;
  }
}

/** Model artifacts (topology + weights) from a model.json URL, with the checks of artifactsFromFiles. */
export async function modelArtifactsFromUrl(modelJsonUrl: string, fetchImpl: typeof fetch = fetch): Promise<tf.io.ModelArtifacts> {
  return artifactsFromFiles(await modelFilesFromUrl(modelJsonUrl, fetchImpl, { metadata: false })).artifacts;
}

export function tensorMemory(): { numTensors: number; numBytes: number } {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}
