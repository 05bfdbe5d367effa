import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * Model files in Node without @tensorflow/tfjs-node (whose install downloads a binary): read a
 * model.json and its weight shards into ModelArtifacts, and save a model as model.json + one shard.
 */
export async function readModelArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
    throw new Error(`${modelJsonPath}: ${reason}`);
  }
  if (!json || typeof json !== 'object' || !('modelTopology' in json) || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${modelJsonPath} is not a TensorFlow.js model.json (it needs modelTopology and weightsManifest)`);
  }
  const base = dirname(modelJsonPath);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      try {
        buffers.push(new Uint8Array(await readFile(join(base, path))));
      } catch {
        throw new Error(`${modelJsonPath}: weight shard ${path} is missing`);
      }
    }
  }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const expected = weightSpecs.reduce((s, w) => s + w.shape.reduce((a, d) => a * d, 1) * bytesPerValue(w.dtype), 0);
  if (total !== expected) {
    throw new Error(`${modelJsonPath}: the weight shards hold ${total} bytes but the manifest describes ${expected}`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs,
    weightData: weightData.buffer,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

function bytesPerValue(dtype: string): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'bool':
    case 'uint8':
      return 1;
    case 'float16':
    case 'uint16':
    case 'int16':
      return 2;
    default:
      throw new Error(`unsupported weight dtype ${dtype}`);
  }
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
