import type { ModelFile } from '../modelFromFiles';
import { ModelLoadError } from '../modelLoadError';
import type { OnnxModelSource } from './loadOnnxModel';
import { decodeModelProto, externalDataLocations } from './onnxGraph';

/**
 * The ONNX model among a set of files (dropped, in a folder or a zip, or fetched): one .onnx file
 * (or one file that opens like an ONNX ModelProto), with its external data files looked up beside
 * it, by path relative to it or, for loose dropped files, by name. Pure: no I/O.
 */
function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/** ModelProto's first field is ir_version (tag 0x08), followed by another ModelProto field. */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x08 && bytes[1] >= 1 && bytes[1] <= 30 && [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42].includes(bytes[2]);
}

export function isOnnxName(name: string): boolean {
  return name.toLowerCase().endsWith('.onnx');
}

export function findOnnxModel(files: readonly ModelFile[]): OnnxModelSource | null {
  const named = files.filter((f) => isOnnxName(f.name));
  const candidates = named.length > 0 ? named : files.filter((f) => !/\.(json|bin|data)$/i.test(f.name) && looksLikeOnnx(f.bytes));
  if (candidates.length === 0) return null;
  if (candidates.length > 1) {
    throw new ModelLoadError('no-model-json', `found ${candidates.length} ONNX models (${candidates.map((f) => f.name).join(', ')}); give one model at a time`, candidates[0].name);
  }
  const model = candidates[0];
  const dir = dirOf(model.name);
  const externalData = (location: string): Uint8Array | null => {
    const wanted = (dir + location).replace(/\/\.\//g, '/');
    const exact = files.find((f) => f.name === wanted);
    if (exact) return exact.bytes;
    const byBase = files.filter((f) => baseOf(f.name) === baseOf(location));
    return byBase.length === 1 ? byBase[0].bytes : null;
  };
  return { name: model.name, bytes: model.bytes, externalData };
}

/** Paths of the external data files an .onnx file names, resolved beside it: what a reader must also open or fetch. */
export function onnxExternalDataPaths(model: ModelFile, resolve: (location: string) => string): string[] {
  return externalDataLocations(decodeModelProto(model.bytes, model.name)).map(resolve);
}
