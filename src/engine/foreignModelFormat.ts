/**
 * Recognises model files of other frameworks by their magic bytes (or, for zip archives, by the
 * names inside), so that a researcher who drops a Keras .h5 or an ONNX file is told what it is and
 * how to convert it, instead of "invalid JSON". Pure: no TF.js import.
 */
export type ForeignModelFormat = 'keras-hdf5' | 'keras-v3' | 'onnx' | 'tflite' | 'tf-protobuf' | 'pytorch' | 'python-pickle' | 'safetensors';

export interface ForeignModelFile {
  readonly format: ForeignModelFormat;
  /** What the file is, as a noun phrase for a sentence: "a Keras HDF5 model (.h5)". */
  readonly description: string;
  /** How to turn it into a TensorFlow.js model this tool can load. */
  readonly advice: string;
}

const EXPORT_ONNX = 'export it with `torch.onnx.export(model.eval(), torch.rand(1, 3, H, W), "model.onnx", opset_version=17)` and load model.onnx (docs/bring-your-own-model.md)';

const FORMATS: Record<ForeignModelFormat, Omit<ForeignModelFile, 'format'>> = {
  'keras-hdf5': {
    description: 'a Keras HDF5 model (.h5), not a TensorFlow.js model',
    advice: 'convert it with `tensorflowjs_converter --input_format=keras model.h5 out/` (pip install tensorflowjs) and load out/model.json with its .bin shards, or a zip of them',
  },
  'keras-v3': {
    description: 'a Keras 3 model archive (.keras), not a TensorFlow.js model',
    advice: 'in Python, save an HDF5 copy (`model.save("model.h5")`) and convert it with `tensorflowjs_converter --input_format=keras model.h5 out/`',
  },
  onnx: { description: 'an ONNX model', advice: 'give the .onnx file on its own (with its external data files and metadata.json), not together with a TensorFlow.js model' },
  tflite: {
    description: 'a TensorFlow Lite flatbuffer (.tflite), which this tool cannot analyse',
    advice: 'convert the original Keras model or SavedModel with tensorflowjs_converter instead',
  },
  'tf-protobuf': {
    description: 'a TensorFlow protobuf (SavedModel saved_model.pb or frozen GraphDef .pb), not a TensorFlow.js model',
    advice: 'run `tensorflowjs_converter --input_format=tf_saved_model saved_model_dir out/` on the SavedModel folder and load out/model.json with its .bin shards',
  },
  pytorch: {
    description: 'a PyTorch checkpoint (.pt/.pth), which TensorFlow.js cannot read',
    advice: EXPORT_ONNX,
  },
  'python-pickle': {
    description: 'a Python pickle (e.g. a PyTorch .pt/.pth or scikit-learn model), which TensorFlow.js cannot read',
    advice: EXPORT_ONNX,
  },
  safetensors: {
    description: 'a safetensors weight file, which holds weights without the model',
    advice: `load the weights into the model in PyTorch, then ${EXPORT_ONNX}`,
  },
};

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + magic.length) return false;
  return magic.every((b, i) => bytes[offset + i] === b);
}

function describe(format: ForeignModelFormat): ForeignModelFile {
  return { format, ...FORMATS[format] };
}

/**
 * ONNX files are protobuf ModelProto messages. They open with field 1 (ir_version, a small varint:
 * tag 0x08) followed by another ModelProto field: producer_name (0x12), producer_version (0x1a),
 * domain (0x22), model_version (0x28), doc_string (0x32), graph (0x3a) or opset_import (0x42).
 */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x08 && bytes[1] >= 1 && bytes[1] <= 30 && [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42].includes(bytes[2]);
}

/** What a single file is, when it is a model of another framework; null otherwise (JSON, shards, images, …). */
export function identifyForeignModelFile(name: string, bytes: Uint8Array): ForeignModelFile | null {
  const lower = name.toLowerCase();
  // HDF5 may sit behind a user block of 512, 1024, 2048… bytes.
  for (const offset of [0, 512, 1024, 2048]) if (startsWith(bytes, HDF5_MAGIC, offset)) return describe('keras-hdf5');
  if (lower.endsWith('.onnx') || looksLikeOnnx(bytes)) return describe('onnx');
  if (startsWith(bytes, [0x54, 0x46, 0x4c, 0x33], 4) || lower.endsWith('.tflite')) return describe('tflite');
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return describe('python-pickle');
  if (lower.endsWith('.safetensors') || looksLikeSafetensors(bytes)) return describe('safetensors');
  if (lower.endsWith('.pb')) return describe('tf-protobuf');
  if (lower.endsWith('.pt') || lower.endsWith('.pth')) return describe('pytorch');
  if (lower.endsWith('.h5') || lower.endsWith('.hdf5')) return describe('keras-hdf5');
  if (lower.endsWith('.keras')) return describe('keras-v3');
  return null;
}

/** safetensors: an 8-byte little-endian header length, then a JSON header starting with '{'. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10 || bytes[8] !== 0x7b) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerLength = Number(view.getBigUint64(0, true));
  return headerLength > 1 && headerLength < bytes.length;
}

/** What a zip archive holds when it has no model.json, judged by the names inside. */
export function identifyForeignArchive(names: readonly string[]): ForeignModelFile | null {
  const base = (n: string) => n.split('/').pop() ?? n;
  const bases = new Set(names.map(base));
  if (bases.has('saved_model.pb')) return describe('tf-protobuf');
  if (bases.has('data.pkl')) return describe('pytorch');
  if (bases.has('config.json') && [...bases].some((n) => n.endsWith('.weights.h5'))) return describe('keras-v3');
  return null;
}

export function isZipArchive(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
}
