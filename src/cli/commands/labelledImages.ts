import { join } from 'node:path';
import type { ModelMetadata } from '../../core';
import { toModelInput } from '../../core';
import type { LabelledSet } from '../../engine/datasetStudy';
import { decodeImageFile, toDisplayImage } from '../../io/decodeImage';
import { isTaskId } from '../../tasks';
import { labelledTaskSet } from '../../tasks/labelledTaskSet';
import { CliError } from '../cliError';
import { readInputFile } from '../readInputFile';

/** A labelled set in model input space, and where each image came from. */
export interface LabelledImages extends LabelledSet {
  readonly sources: readonly string[];
  readonly description: string;
}

/**
 * `--task T --n N`: N images of a demo task from the held-out seed (never trained on), stored as
 * the samples are (16-bit grey, 8-bit RGB) and preprocessed as the model's metadata says — the
 * same path as the model card's held-out metrics (scripts/training/evaluateOnTask.ts).
 */
export function taskImages(taskId: string, count: number, metadata: ModelMetadata): LabelledImages {
  if (!isTaskId(taskId)) throw new CliError(`unknown task "${taskId}"; the demo tasks are lumpy-ske, clb-loc, chest, histo`);
  if (!Number.isInteger(count) || count < 1) throw new CliError(`--n must be a whole number ≥ 1, not ${count}`);
  let set;
  try {
    set = labelledTaskSet(taskId, count, metadata);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const sources = Array.from({ length: count }, (_, i) => `${taskId}:${set.seed}:${i}`);
  return { count, images: set.images, labels: set.labels, sources, description: `${count} held-out images of task ${taskId} (seed ${set.seed})` };
}

/**
 * `--data DIR --labels CSV`: a header row, then one row per image. The first column names the file
 * (relative to DIR). softmax models: a column `label` holding a class name or index. sigmoid
 * models: one 0/1 column per class, named as the model's classes.
 */
export async function folderImages(dir: string, labelsPath: string, metadata: ModelMetadata): Promise<LabelledImages> {
  const text = new TextDecoder().decode(await readInputFile(labelsPath, 'labels file'));
  const rows = parseCsv(text);
  if (rows.length < 2) throw new CliError(`${labelsPath}: needs a header row and at least one image row`);
  const [header, ...body] = rows;
  const classes = metadata.classes;
  const c = classes.length;
  const labels = new Int32Array(metadata.head === 'softmax' ? body.length : body.length * c);
  let columns: number[];
  if (metadata.head === 'softmax') {
    const column = header.indexOf('label');
    if (column < 0) throw new CliError(`${labelsPath}: a softmax model needs a "label" column (class name or index)`);
    columns = [column];
  } else {
    columns = classes.map((name) => header.indexOf(name));
    const missing = classes.filter((_, k) => columns[k] < 0);
    if (missing.length > 0) throw new CliError(`${labelsPath}: a sigmoid model needs one 0/1 column per class; missing ${missing.join(', ')}`);
  }
  const { height, width, channels } = metadata.input;
  const n = height * width * channels;
  const images = new Float32Array(body.length * n);
  const sources: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const row = body[i];
    const line = i + 2;
    if (metadata.head === 'softmax') {
      const value = row[columns[0]] ?? '';
      const byName = classes.indexOf(value);
      const label = byName >= 0 ? byName : /^\d+$/.test(value) ? Number(value) : -1;
      if (label < 0 || label >= c) throw new CliError(`${labelsPath} line ${line}: label "${value}" is neither a class name (${classes.join(', ')}) nor an index 0…${c - 1}`);
      labels[i] = label;
    } else {
      columns.forEach((column, k) => {
        const value = row[column];
        if (value !== '0' && value !== '1') throw new CliError(`${labelsPath} line ${line}: column ${classes[k]} must be 0 or 1, not "${value}"`);
        labels[i * c + k] = Number(value);
      });
    }
    const file = join(dir, row[0]);
    let decoded;
    try {
      decoded = toDisplayImage(await decodeImageFile(await readInputFile(file, 'image'), file));
    } catch (error) {
      throw error instanceof CliError ? error : new CliError((error as Error).message);
    }
    images.set(toModelSpace(decoded, metadata), i * n);
    sources.push(row[0]);
  }
  return { count: body.length, images, labels, sources, description: `${body.length} images from ${dir} labelled by ${labelsPath}` };
}

function toModelSpace(image: { width: number; height: number; channels: number; data: Float32Array }, metadata: ModelMetadata): Float32Array {
  const { height, width, channels } = metadata.input;
  const p = metadata.preprocessing;
  return toModelInput(image, { height, width, channels, mean: p.mean, std: p.std, resize: p.resize });
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
