/**
 * Where a dropped file goes: model files (TF.js model.json with its weight shards, metadata.json,
 * a zip, a foreign format) to the model loader, everything else to the image loader — which sniffs
 * the bytes, so DICOM files without an extension (common on CDs and PACS exports) still open, and
 * a file that is no image gets a clear message.
 */
export interface NamedFile {
  readonly name: string;
  readonly type?: string;
  /** Path inside a dropped folder, when there is one. */
  readonly path?: string;
}

export type FileRole = 'model' | 'image';

// .data: ONNX external data (torch.onnx.export writes model.onnx.data beside large models).
const MODEL_EXTENSIONS = ['.bin', '.data', '.zip', '.h5', '.hdf5', '.keras', '.onnx', '.pb', '.pt', '.pth', '.tflite', '.safetensors'];

export function fileRole(file: NamedFile): FileRole {
  const name = file.name.toLowerCase();
  if (name === 'model.json' || name === 'metadata.json' || name.endsWith('.model.json')) return 'model';
  if (MODEL_EXTENSIONS.some((ext) => name.endsWith(ext))) return 'model';
  if (file.type === 'application/zip' || file.type === 'application/x-zip-compressed') return 'model';
  return 'image';
}

export interface RoutedFiles<F extends NamedFile> {
  readonly model: F[];
  readonly images: F[];
}

export function routeDroppedFiles<F extends NamedFile>(files: readonly F[]): RoutedFiles<F> {
  const model: F[] = [];
  const images: F[] = [];
  for (const f of files) (fileRole(f) === 'model' ? model : images).push(f);
  // A folder holding a model also holds its README, a LICENSE or a preview image: with a
  // model.json present, JSON and text files are part of the model, not images to analyse.
  if (model.some((f) => f.name.toLowerCase() === 'model.json')) {
    const rest = images.filter((f) => /\.(json|txt|md)$/i.test(f.name) || /^(readme|license)/i.test(f.name));
    return { model: [...model, ...rest], images: images.filter((f) => !rest.includes(f)) };
  }
  return { model, images };
}
