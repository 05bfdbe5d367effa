import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ModelFile, ModelFromFiles } from '../modelFromFiles';
import { artifactsFromFiles, shardPathsOf } from '../modelFromFiles';
import { ModelLoadError } from '../modelLoadError';
import { isOnnxName, looksLikeOnnx, onnxExternalDataPaths } from '../onnx/onnxFiles';

/**
 * Model files in Node without @tensorflow/tfjs-node (whose install downloads a binary): read a
 * model (a folder, a model.json, a zip, or any other file, recognised or refused) into
 * ModelArtifacts through the same checks as the browser (modelFromFiles), and save a model as
 * model.json + one shard.
 */
export async function readModelSource(path: string): Promise<ModelFromFiles> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ModelLoadError('no-model-json', `${path}: file not found`, path);
  }
  if (info.isDirectory()) {
    const modelJson = join(path, 'model.json');
    try {
      await stat(modelJson);
    } catch {
      const names = (await readdir(path)).map((n) => join(path, n));
      const files: ModelFile[] = [];
      for (const name of names) if ((await stat(name)).isFile()) files.push({ name, bytes: new Uint8Array(await readFile(name)) });
      return artifactsFromFiles(files);
    }
    return readModelJsonWithShards(modelJson);
  }
  const bytes = new Uint8Array(await readFile(path));
  if (path.toLowerCase().endsWith('.json')) return readModelJsonWithShards(path, bytes);
  if (isOnnxName(path) || looksLikeOnnx(bytes)) return readOnnxWithData(path, bytes);
  return artifactsFromFiles([{ name: path, bytes }]);
}

/** An .onnx file with the external data files it names and metadata.json beside it. */
async function readOnnxWithData(onnxPath: string, bytes: Uint8Array): Promise<ModelFromFiles> {
  const model: ModelFile = { name: onnxPath, bytes };
  const files: ModelFile[] = [model];
  const beside = (name: string) => join(onnxPath, '..', name);
  for (const path of onnxExternalDataPaths(model, beside)) {
    try {
      files.push({ name: path, bytes: new Uint8Array(await readFile(path)) });
    } catch {
      // absent: the loader names it
    }
  }
  try {
    files.push({ name: beside('metadata.json'), bytes: new Uint8Array(await readFile(beside('metadata.json'))) });
  } catch {
    // no metadata.json: the caller infers metadata
  }
  return artifactsFromFiles(files);
}

async function readModelJsonWithShards(modelJsonPath: string, bytes?: Uint8Array, withMetadata = true): Promise<ModelFromFiles> {
  const modelJson: ModelFile = { name: modelJsonPath, bytes: bytes ?? new Uint8Array(await readFile(modelJsonPath)) };
  const files: ModelFile[] = [modelJson];
  for (const shard of shardPathsOf(modelJson)) {
    try {
      files.push({ name: shard, bytes: new Uint8Array(await readFile(shard)) });
    } catch {
      // absent: artifactsFromFiles names it
    }
  }
  const metadataPath = join(modelJsonPath, '..', 'metadata.json');
  try {
    if (withMetadata) files.push({ name: metadataPath, bytes: new Uint8Array(await readFile(metadataPath)) });
  } catch {
    // no metadata.json: the caller infers metadata
  }
  return artifactsFromFiles(files);
}

/** ModelArtifacts of a model.json and the shards beside it (metadata.json is not read). */
export async function readModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  return (await readModelJsonWithShards(modelJsonPath, undefined, false)).artifacts;
}

/** Saves `model` as `dir/model.json` + `dir/weights.bin`. Returns the bytes written. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<number> {
  await mkdir(resolve(dir), { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(weightData));
      bytes = weightData.byteLength;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes } };
    }),
  );
  return bytes;
}
