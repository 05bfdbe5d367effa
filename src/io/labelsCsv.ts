import type { ModelMetadata } from '../core';
import { toModelInput } from '../core';
import { decodeImageFile, toDisplayImage } from './decodeImage';

/** A labels CSV that cannot be read against the model (missing column, unknown label, missing file, …). */
export class LabelsCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelsCsvError';
  }
}

/** The labels of a CSV: the file named on each row (as written) and its label(s). */
export interface ParsedLabels {
  readonly files: readonly string[];
  /** softmax: one class index per row; sigmoid: rows × classes of 0/1. */
  readonly labels: Int32Array;
}

/**
 * A labels CSV (the CLI's `--labels` and the Evidence panel's data-set source): a header row, then
 * one row per image. The first column names the file. softmax models: a column `label` holding a
 * class name or index. sigmoid models: one 0/1 column per class, named as the model's classes.
 * `source` names the CSV in messages.
 */
export function parseLabelsCsv(text: string, metadata: Pick<ModelMetadata, 'head' | 'classes'>, source: string): ParsedLabels {
  const rows = parseCsv(text);
  if (rows.length < 2) throw new LabelsCsvError(`${source}: needs a header row and at least one image row`);
  const [header, ...body] = rows;
  const classes = metadata.classes;
  const c = classes.length;
  const labels = new Int32Array(metadata.head === 'softmax' ? body.length : body.length * c);
  let columns: number[];
  if (metadata.head === 'softmax') {
    const column = header.indexOf('label');
    if (column < 0) throw new LabelsCsvError(`${source}: a softmax model needs a "label" column (class name or index)`);
    columns = [column];
  } else {
    columns = classes.map((name) => header.indexOf(name));
    const missing = classes.filter((_, k) => columns[k] < 0);
    if (missing.length > 0) throw new LabelsCsvError(`${source}: a sigmoid model needs one 0/1 column per class; missing ${missing.join(', ')}`);
  }
  const files: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const row = body[i];
    const line = i + 2;
    if (metadata.head === 'softmax') {
      const value = row[columns[0]] ?? '';
      const byName = classes.indexOf(value);
      const label = byName >= 0 ? byName : /^\d+$/.test(value) ? Number(value) : -1;
      if (label < 0 || label >= c) throw new LabelsCsvError(`${source} line ${line}: label "${value}" is neither a class name (${classes.join(', ')}) nor an index 0…${c - 1}`);
      labels[i] = label;
    } else {
      columns.forEach((column, k) => {
        const value = row[column];
        if (value !== '0' && value !== '1') throw new LabelsCsvError(`${source} line ${line}: column ${classes[k]} must be 0 or 1, not "${value}"`);
        labels[i * c + k] = Number(value);
      });
    }
    files.push(row[0]);
  }
  return { files, labels };
}

/** A labelled set in model input space (the engine's LabelledSet) and the file of each image. */
export interface LabelledImageSet {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly files: readonly string[];
}

/**
 * The images a labels CSV names, decoded (decodeImageFile + toDisplayImage) and preprocessed as
 * the model's metadata says. `readImage` returns a named file's bytes, or null when there is none.
 */
export async function labelledImageSet(
  csvText: string,
  csvName: string,
  readImage: (file: string) => Promise<Uint8Array | null>,
  metadata: Pick<ModelMetadata, 'head' | 'classes' | 'input' | 'preprocessing'>,
  onImage?: (done: number, count: number) => void,
): Promise<LabelledImageSet> {
  const { files, labels } = parseLabelsCsv(csvText, metadata, csvName);
  const { height, width, channels } = metadata.input;
  const n = height * width * channels;
  const p = metadata.preprocessing;
  const images = new Float32Array(files.length * n);
  for (const [i, file] of files.entries()) {
    const bytes = await readImage(file);
    if (!bytes) throw new LabelsCsvError(`${csvName} line ${i + 2}: names "${file}", which is not among the images given`);
    let image;
    try {
      image = toDisplayImage(await decodeImageFile(bytes, file));
    } catch (error) {
      throw new LabelsCsvError(`${file} (${csvName} line ${i + 2}) is not an image this app can read: ${error instanceof Error ? error.message : String(error)}`);
    }
    images.set(toModelInput(image, { height, width, channels, mean: p.mean, std: p.std, resize: p.resize }), i * n);
    onImage?.(i + 1, files.length);
  }
  return { count: files.length, images, labels, files };
}

/** RFC 4180 CSV: commas, double-quoted fields with "" escapes, CRLF or LF; blank lines skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}
