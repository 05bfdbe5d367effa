import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ModelMetadata } from '../../core';
import { LabelsCsvError, parseCsv, parseLabelsCsv } from '../../io/labelsCsv';
import { CliError } from '../cliError';
import { readInputFile } from '../readInputFile';

/** One image of a batch: `id` names it in the summary (as written in the manifest, or relative to the folder). */
export interface BatchImage {
  readonly id: string;
  /** Where the file is read from. */
  readonly path: string;
  /** The manifest's label, as class names (sigmoid: joined with ";"); absent without a label column. */
  readonly label?: string;
}

/** The whole list every shard agrees on: sorted by id, and its fingerprint for `ifim merge`. */
export interface ImageList {
  readonly images: readonly BatchImage[];
  readonly source: { readonly kind: 'folder' | 'manifest'; readonly path: string };
  /** sha256 of the sorted ids joined by newlines: shards of one run carry the same value. */
  readonly listSha256: string;
}

/**
 * The image files a folder walk picks up (by name: a folder has no other cheap signal). GIF and
 * WebP decode only in the browser; DICOM files without an extension need a manifest.
 */
export const FOLDER_IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp', '.dcm', '.dicom'] as const;

/** Code-unit order, never the locale's: every machine in a job array must sort alike. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fingerprint(images: readonly BatchImage[]): string {
  return createHash('sha256').update(images.map((i) => i.id).join('\n')).digest('hex');
}

function sortedList(images: BatchImage[], source: ImageList['source']): ImageList {
  images.sort((a, b) => compareIds(a.id, b.id));
  return { images, source, listSha256: fingerprint(images) };
}

/**
 * Every image file under `folder` (recursively; hidden files and folders skipped, and `exclude`,
 * the batch's own output folder when it lies inside).
 */
export async function folderImageList(folder: string, exclude?: string): Promise<ImageList> {
  const root = resolve(folder);
  const skip = exclude === undefined ? undefined : resolve(exclude);
  const images: BatchImage[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CliError(`image folder ${dir} not found`);
      if (code === 'ENOTDIR') throw new CliError(`${dir} is a file, not a folder: give --image for one image, --images for a folder`);
      throw new CliError(`cannot read the image folder ${dir}: ${(error as Error).message}`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== skip) await walk(path);
      } else if (entry.isFile() && FOLDER_IMAGE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        images.push({ id: relative(root, path).split(sep).join('/'), path });
      }
    }
  };
  await walk(root);
  if (images.length === 0) throw new CliError(`image folder ${folder} holds no images (${FOLDER_IMAGE_EXTENSIONS.join(', ')})`);
  return sortedList(images, { kind: 'folder', path: folder });
}

const FILE_COLUMNS = ['file', 'path', 'image', 'filename'];

/**
 * A manifest CSV (RFC 4180, parsed by io/labelsCsv): a header row, then one image per row. The file
 * column is the one named file, path, image or filename, else the first; paths are relative to
 * `baseFolder` (default: the manifest's folder) unless absolute. With the columns a labels CSV has
 * for the model (softmax: `label`; sigmoid: one 0/1 column per class) the labels are read by
 * parseLabelsCsv, checked against the model, and carried into the summary.
 */
export async function manifestImageList(manifestPath: string, model: { readonly head: ModelMetadata['head']; readonly classes: readonly string[] }, baseFolder?: string): Promise<ImageList> {
  const text = new TextDecoder().decode(await readInputFile(manifestPath, 'manifest'));
  const rows = parseCsv(text);
  if (rows.length < 2) throw new CliError(`${manifestPath}: needs a header row and at least one image row`);
  const header = rows[0];
  const named = FILE_COLUMNS.map((name) => header.indexOf(name)).find((i) => i >= 0);
  const fileColumn = named ?? 0;
  const hasLabels = model.head === 'softmax' ? header.includes('label') : model.classes.length > 0 && model.classes.every((c) => header.includes(c));
  let labels: string[] | undefined;
  if (hasLabels) {
    try {
      // parseLabelsCsv reads the file from the first column; hand it the file column first.
      const reordered = rows.map((row) => [row[fileColumn] ?? '', ...row]).map((row) => row.map(csvField).join(',')).join('\n');
      const parsed = parseLabelsCsv(reordered, { head: model.head, classes: [...model.classes] }, manifestPath);
      const c = model.classes.length;
      labels = parsed.files.map((_, i) =>
        model.head === 'softmax' ? model.classes[parsed.labels[i]] : model.classes.filter((_, k) => parsed.labels[i * c + k] === 1).join(';'),
      );
    } catch (error) {
      throw new CliError(error instanceof LabelsCsvError ? error.message : String(error));
    }
  }
  const base = resolve(baseFolder ?? dirname(manifestPath));
  const images: BatchImage[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const id = rows[i][fileColumn] ?? '';
    const line = i + 1;
    if (id === '') throw new CliError(`${manifestPath} line ${line}: the ${header[fileColumn] || 'first'} column is empty; every row names one image file`);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new CliError(`${manifestPath} line ${line}: ${id} is listed already on line ${earlier}; list each image once`);
    seen.set(id, line);
    const label = labels?.[i - 1];
    images.push({ id, path: isAbsolute(id) ? id : join(base, id), ...(label === undefined ? {} : { label }) });
  }
  return sortedList(images, { kind: 'manifest', path: manifestPath });
}

/** A CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
