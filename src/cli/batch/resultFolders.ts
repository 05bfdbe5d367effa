import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyzeResult } from '../commands/analyze';
import type { BatchImage } from './imageList';
import type { Shard } from './shard';

/**
 * Where unfinished result folders are written before they are renamed into place: one folder per
 * shard, so that shards sharing an output folder never touch each other's.
 */
export function partialFolderName(shard: Shard): string {
  return shard.count === 1 ? '.partial' : `.partial-shard-${shard.index}-of-${shard.count}`;
}

/**
 * One folder name per image, readable and flat: the id with "/" as "__" and anything outside
 * [A-Za-z0-9._-] as "_". Ids that would collide (a/b.png and a__b.png) get a short hash of
 * the id appended, decided over the whole list so that every shard names alike.
 */
export function resultFolderNames(images: readonly BatchImage[]): string[] {
  const plain = images.map((image) => {
    const name = image.id.replace(/^\/+/, '').split('/').join('__').replace(/[^A-Za-z0-9._-]/g, '_');
    return name === '' || name === '.' || name === '..' || name.startsWith('.') ? `_${name}` : name;
  });
  const counts = new Map<string, number>();
  for (const name of plain) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  // Case-insensitive: macOS and Windows file systems would fold A.png and a.png into one folder.
  return plain.map((name, i) => ((counts.get(name.toLowerCase()) ?? 0) > 1 ? `${name}-${createHash('sha256').update(images[i].id).digest('hex').slice(0, 8)}` : name));
}

/**
 * A finished result folder: result.json parses, and every file it lists exists. result.json is
 * the last thing a folder gains (the folder appears by rename), so anything less is redone.
 */
export async function completedResult(folder: string): Promise<AnalyzeResult | null> {
  let result: AnalyzeResult;
  try {
    result = JSON.parse(await readFile(join(folder, 'result.json'), 'utf8')) as AnalyzeResult;
  } catch {
    return null;
  }
  if (!result || typeof result !== 'object' || !result.files || !Array.isArray(result.eigenvalues)) return null;
  for (const file of Object.values(result.files)) {
    try {
      if (!(await stat(join(folder, file))).isFile()) return null;
    } catch {
      return null;
    }
  }
  return result;
}

/**
 * Writes a folder atomically: `write` fills `<out>/<partials>/<name>`, which then replaces
 * `<out>/<name>` in one rename. A run killed midway leaves only the partial folder, which the
 * next run clears and redoes.
 */
export async function writeFolderAtomically<T>(out: string, partials: string, name: string, write: (partialFolder: string) => Promise<T>): Promise<T> {
  const partial = join(out, partials, name);
  const final = join(out, name);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  try {
    const value = await write(partial);
    // rename cannot replace a non-empty folder; an incomplete earlier one goes first.
    await rm(final, { recursive: true, force: true });
    await rename(partial, final);
    return value;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Removes `<out>/<partials>` once the batch is over, when nothing unfinished is left in it. */
export async function removeEmptyPartialFolder(out: string, partials: string): Promise<void> {
  try {
    await rmdir(join(out, partials));
  } catch {
    // absent, or it still holds something: leave it
  }
}
