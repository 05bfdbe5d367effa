import type * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import type { ModelMetadata } from '../core';
import { metadataIdFrom, parseModelMetadata } from '../core';
import { identifyForeignArchive, identifyForeignModelFile, isZipArchive } from './foreignModelFormat';
import { ModelLoadError } from './modelLoadError';
import type { OnnxModelSource } from './onnx/loadOnnxModel';
import { findOnnxModel } from './onnx/onnxFiles';

/**
 * TF.js model artifacts from files a user gave (dropped files, a folder, a zip, or files read by
 * the CLI), with every check that can be made before TF.js sees them: which file is model.json,
 * whether it is one at all (or a Keras .h5, an ONNX file…), and whether every weight shard its
 * manifest lists is there with the right size. Pure: no I/O, runs in a browser, a worker and Node.
 */
export interface ModelFile {
  /** A path, relative or absolute ("model.json", "my-model/group1-shard1of2.bin"); "/" or "\" separated. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ModelFromFiles {
  readonly artifacts: tf.io.ModelArtifacts;
  /** metadata.json beside model.json, validated; null when there is none. */
  readonly metadata: ModelMetadata | null;
  /** The name of model.json among the files, for messages. */
  readonly modelJsonName: string;
  /** An id for the model when metadata.json gives none: the folder or zip name. */
  readonly fallbackId: string;
  /** An ONNX model (then `artifacts` holds no TF.js topology): the .onnx file and its external data. */
  readonly onnx?: OnnxModelSource;
}

const TEXT = new TextDecoder();

function normalise(name: string): string {
  return name.replace(/\\/g, '/').replace(/\/\.\//g, '/').replace(/^\.\//, '');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Files inside a zip archive, named `<zip name>/<path inside>`; macOS resource forks skipped. */
export function filesFromZip(zip: ModelFile): ModelFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.bytes);
  } catch (error) {
    throw new ModelLoadError('unreadable-archive', `${zip.name} cannot be read as a zip archive (${error instanceof Error ? error.message : String(error)})`, zip.name);
  }
  const prefix = normalise(zip.name);
  return Object.entries(entries)
    .filter(([path]) => !path.endsWith('/') && !path.startsWith('__MACOSX/') && baseOf(path) !== '.DS_Store')
    .map(([path, bytes]) => ({ name: `${prefix}/${normalise(path)}`, bytes }));
}

function expandArchives(files: readonly ModelFile[]): ModelFile[] {
  const out: ModelFile[] = [];
  for (const file of files) {
    if (!isZipArchive(file.bytes)) {
      out.push({ name: normalise(file.name), bytes: file.bytes });
      continue;
    }
    const inside = filesFromZip(file);
    if (!inside.some((f) => baseOf(f.name).toLowerCase() === 'model.json')) {
      const foreign = identifyForeignArchive(inside.map((f) => f.name)) ?? identifyForeignModelFile(file.name, new Uint8Array(0));
      if (foreign) throw new ModelLoadError('foreign-format', `${file.name} is ${foreign.description}: ${foreign.advice}`, file.name);
    }
    out.push(...inside);
  }
  return out;
}

function parseJson(file: ModelFile): unknown {
  try {
    return JSON.parse(TEXT.decode(file.bytes));
  } catch {
    return undefined;
  }
}

function isModelJson(json: unknown): json is tf.io.ModelJSON {
  return typeof json === 'object' && json !== null && 'modelTopology' in json;
}

/** model.json itself, or the one .json file that holds a modelTopology. */
function findModelJson(files: readonly ModelFile[]): ModelFile {
  const named = files.filter((f) => baseOf(f.name).toLowerCase() === 'model.json');
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new ModelLoadError('no-model-json', `found ${named.length} model.json files (${named.map((f) => f.name).join(', ')}); give one model at a time`, named[0].name);
  }
  const other = files.filter((f) => f.name.toLowerCase().endsWith('.json') && baseOf(f.name).toLowerCase() !== 'metadata.json' && isModelJson(parseJson(f)));
  if (other.length === 1) return other[0];
  for (const file of files) {
    const foreign = identifyForeignModelFile(file.name, file.bytes);
    if (foreign) throw new ModelLoadError('foreign-format', `${file.name} is ${foreign.description}: ${foreign.advice}`, file.name);
  }
  const names = files.map((f) => f.name).join(', ') || 'none';
  throw new ModelLoadError('no-model-json', `no model.json among the files given (${names}): a TensorFlow.js model is a model.json with its .bin weight shards`, null);
}

function readModelJson(file: ModelFile): tf.io.ModelJSON {
  const foreign = identifyForeignModelFile(file.name, file.bytes);
  if (foreign && foreign.format !== 'tf-protobuf') {
    throw new ModelLoadError('foreign-format', `${file.name} is ${foreign.description}: ${foreign.advice}`, file.name);
  }
  let json: unknown;
  try {
    json = JSON.parse(TEXT.decode(file.bytes));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ModelLoadError('invalid-model-json', `${file.name} is not valid JSON (${detail})`, file.name);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelLoadError('invalid-model-json', `${file.name} is JSON but not a TensorFlow.js model.json (it needs modelTopology and weightsManifest)`, file.name);
  }
  const record = json as Record<string, unknown>;
  if (!('modelTopology' in record)) {
    const keras = 'class_name' in record && 'config' in record;
    throw new ModelLoadError(
      'invalid-model-json',
      keras
        ? `${file.name} is a Keras model configuration without weights, not a TensorFlow.js model.json: convert the saved .h5 model with \`tensorflowjs_converter --input_format=keras model.h5 out/\``
        : `${file.name} is JSON but not a TensorFlow.js model.json (it has no modelTopology)`,
      file.name,
    );
  }
  const manifest = record.weightsManifest;
  const groupsOk =
    Array.isArray(manifest) &&
    manifest.every((g) => typeof g === 'object' && g !== null && Array.isArray((g as { paths?: unknown }).paths) && Array.isArray((g as { weights?: unknown }).weights));
  if (!groupsOk) {
    throw new ModelLoadError('invalid-model-json', `${file.name} has no valid weightsManifest (a list of {paths, weights} groups)`, file.name);
  }
  return json as tf.io.ModelJSON;
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, uint16: 2, int16: 2, int8: 1, complex64: 8 };

function weightBytes(spec: tf.io.WeightsManifestEntry, modelJsonName: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES_PER_VALUE[dtype];
  if (size === undefined) throw new ModelLoadError('invalid-model-json', `${modelJsonName}: weight ${spec.name} has dtype ${dtype}, which this tool cannot load`, modelJsonName);
  return spec.shape.reduce((a, d) => a * d, 1) * size;
}

/** Finds a shard by its path relative to model.json, else by its file name alone (dropped loose files have no folders). */
function findShard(files: readonly ModelFile[], dir: string, path: string): ModelFile | undefined {
  const wanted = normalise(dir + path);
  const exact = files.find((f) => f.name === wanted);
  if (exact) return exact;
  const byBase = files.filter((f) => baseOf(f.name) === baseOf(path));
  return byBase.length === 1 ? byBase[0] : undefined;
}

/** In a group of shards cut to one size by the converter, the one whose size is off. */
function suspectShard(shards: readonly ModelFile[], expected: number, actual: number): ModelFile {
  if (shards.length === 1) return shards[0];
  const first = shards[0].bytes.byteLength;
  const odd = shards.slice(0, -1).find((s) => s.bytes.byteLength !== first);
  if (odd) return odd;
  return actual < expected || shards[shards.length - 1].bytes.byteLength > first ? shards[shards.length - 1] : shards[0];
}

function concatenate(buffers: readonly Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

function readMetadataBeside(files: readonly ModelFile[], modelJson: ModelFile): ModelMetadata | null {
  const beside = normalise(dirOf(modelJson.name) + 'metadata.json');
  const all = files.filter((f) => baseOf(f.name).toLowerCase() === 'metadata.json');
  const file = all.find((f) => f.name === beside) ?? (all.length === 1 ? all[0] : undefined);
  if (!file) return null;
  const json = parseJson(file);
  if (json === undefined) throw new ModelLoadError('metadata-invalid', `${file.name} is not valid JSON`, file.name);
  try {
    return parseModelMetadata(json, file.name);
  } catch (error) {
    throw new ModelLoadError('metadata-invalid', error instanceof Error ? error.message : String(error), file.name);
  }
}

function fallbackIdFor(modelJsonName: string): string {
  const parts = modelJsonName.split('/').filter((p) => p !== '' && p !== '.');
  const folder = parts.length >= 2 ? parts[parts.length - 2] : '';
  const base = parts[parts.length - 1] ?? '';
  const candidate = folder || (/^model\.(json|onnx)$/i.test(base) ? 'model' : base.replace(/\.onnx$/i, ''));
  return metadataIdFrom(candidate);
}

/**
 * Builds ModelArtifacts from a set of files: finds model.json (and metadata.json beside it),
 * expands zip archives, recognises other frameworks' files, and checks that every shard the
 * weightsManifest lists is present and that each group's shards hold exactly the bytes its
 * weights need. Throws ModelLoadError naming the file.
 */
export function artifactsFromFiles(files: ReadonlyArray<ModelFile>): ModelFromFiles {
  const all = expandArchives(files);
  const onnx = all.some((f) => baseOf(f.name).toLowerCase() === 'model.json') ? null : findOnnxModel(all);
  if (onnx) {
    const file = { name: onnx.name, bytes: onnx.bytes };
    return { artifacts: {}, metadata: readMetadataBeside(all, file), modelJsonName: onnx.name, fallbackId: fallbackIdFor(onnx.name), onnx };
  }
  const modelJsonFile = findModelJson(all);
  const json = readModelJson(modelJsonFile);
  const dir = dirOf(modelJsonFile.name);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const shards: ModelFile[] = [];
    for (const path of group.paths) {
      const shard = findShard(all, dir, path);
      if (!shard) {
        throw new ModelLoadError('missing-shard', `weight shard ${normalise(dir + path)} is missing: ${modelJsonFile.name} lists it in its weightsManifest`, normalise(dir + path));
      }
      shards.push(shard);
    }
    const expected = group.weights.reduce((s, w) => s + weightBytes(w, modelJsonFile.name), 0);
    const actual = shards.reduce((s, b) => s + b.bytes.byteLength, 0);
    if (actual !== expected) {
      const suspect = suspectShard(shards, expected, actual);
      const group = shards.length === 1 ? '' : ` (with ${shards.filter((s) => s !== suspect).map((s) => baseOf(s.name)).join(', ')})`;
      throw new ModelLoadError(
        'shard-size',
        `weight shard ${suspect.name} has the wrong size: its group${group} holds ${actual} bytes, but ${modelJsonFile.name} describes ${expected}; the file is ${actual < expected ? 'truncated' : 'too long'} or belongs to another model`,
        suspect.name,
      );
    }
    weightSpecs.push(...group.weights);
    buffers.push(...shards.map((s) => s.bytes));
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs,
    weightData: concatenate(buffers),
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
    signature: json.signature,
    modelInitializer: json.modelInitializer,
    initializerSignature: json.initializerSignature,
  };
  return { artifacts, metadata: readMetadataBeside(all, modelJsonFile), modelJsonName: modelJsonFile.name, fallbackId: fallbackIdFor(modelJsonFile.name) };
}

/** The shard paths a model.json lists, resolved beside it: what a reader must fetch or open. */
export function shardPathsOf(modelJson: ModelFile): string[] {
  const json = readModelJson(modelJson);
  const dir = dirOf(normalise(modelJson.name));
  return json.weightsManifest.flatMap((g) => g.paths.map((p) => normalise(dir + p)));
}
