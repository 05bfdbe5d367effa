import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchSummary, SummaryRow } from '../batch/summary';
import { countRows, readSummary, writeSummary } from '../batch/summary';
import { CliError } from '../cliError';

export interface MergeOptions {
  /** summary-shard-*.json files, or folders holding them. */
  readonly inputs: readonly string[];
  /** Where summary.json and summary.csv go; default: the folder of the first input. */
  readonly out?: string;
}

const SHARD_FILE = /^summary-shard-\d+-of-\d+\.json$/;

async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let isFolder = false;
    try {
      isFolder = (await stat(input)).isDirectory();
    } catch {
      // readSummary names the missing file
    }
    if (!isFolder) {
      files.push(input);
      continue;
    }
    const found = (await readdir(input)).filter((name) => SHARD_FILE.test(name)).sort();
    if (found.length === 0) throw new CliError(`ifim merge: ${input} holds no summary-shard-i-of-n.json files`);
    files.push(...found.map((name) => join(input, name)));
  }
  return files;
}

/** What every shard of one run must agree on; the first difference is named. */
function sameRun(a: BatchSummary, b: BatchSummary): string | null {
  if (a.model.id !== b.model.id || a.model.classes.join('\n') !== b.model.classes.join('\n')) return `model ${a.model.id} against ${b.model.id}`;
  if (a.k !== b.k || a.lambdaColumns !== b.lambdaColumns) return `--top-k ${a.k} against ${b.k}`;
  if (a.list.sha256 !== b.list.sha256 || a.list.count !== b.list.count) return `image lists of ${a.list.count} and ${b.list.count} images that differ (another folder or manifest, or files added between the runs)`;
  if (a.shard.count !== b.shard.count) return `--shard …/${a.shard.count} against …/${b.shard.count}`;
  return null;
}

/**
 * `ifim merge`: joins the shard summaries of one batch into summary.json and summary.csv,
 * refusing summaries of different runs, a shard given twice, a missing shard, an image in two
 * rows or an image missing from every shard.
 */
export async function mergeSummaries(options: MergeOptions): Promise<{ summary: BatchSummary; files: { json: string; csv: string } }> {
  if (options.inputs.length === 0) throw new CliError('ifim merge: give the shard summaries (summary-shard-i-of-n.json) or the folder holding them');
  const paths = await expandInputs(options.inputs);
  const summaries = await Promise.all(paths.map((p) => readSummary(p)));
  const first = summaries[0];
  const n = first.shard.count;
  const byShard = new Map<number, string>();
  summaries.forEach((s, i) => {
    const difference = sameRun(first, s);
    if (difference) throw new CliError(`ifim merge: ${paths[i]} is not from the same run as ${paths[0]}: ${difference}`);
    const other = byShard.get(s.shard.index);
    if (other !== undefined) throw new CliError(`ifim merge: shard ${s.shard.index}/${n} is given twice (${other} and ${paths[i]}); give each shard once`);
    byShard.set(s.shard.index, paths[i]);
  });
  const missingShards = Array.from({ length: n }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missingShards.length > 0) {
    throw new CliError(`ifim merge: shard${missingShards.length > 1 ? 's' : ''} ${missingShards.join(', ')} of ${n} missing (not finished, or not given); run ifim analyze … --shard ${missingShards[0]}/${n} and merge again`);
  }

  const rows: SummaryRow[] = [];
  const byPosition = new Map<number, string>();
  const byImage = new Map<string, string>();
  summaries.forEach((s, i) => {
    for (const row of s.rows) {
      if (!Number.isInteger(row.position) || row.position < 0 || row.position >= s.list.count || row.position % n !== s.shard.index) {
        throw new CliError(`ifim merge: ${paths[i]} has a row for ${row.image} at list position ${row.position}, which is not in shard ${s.shard.index}/${n}; the file was edited or damaged`);
      }
      const twice = byPosition.get(row.position) ?? byImage.get(row.image);
      if (twice !== undefined) throw new CliError(`ifim merge: ${row.image} has a row in ${twice} and again in ${paths[i]}; each image must be summarised once`);
      byPosition.set(row.position, paths[i]);
      byImage.set(row.image, paths[i]);
      rows.push(row);
    }
  });
  if (rows.length !== first.list.count) {
    const absent = Array.from({ length: first.list.count }, (_, j) => j).filter((j) => !byPosition.has(j));
    const shardsShort = [...new Set(absent.map((j) => j % n))];
    throw new CliError(
      `ifim merge: ${absent.length} of ${first.list.count} images have no row (list positions ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ', …' : ''}, in shard${shardsShort.length > 1 ? 's' : ''} ${shardsShort.join(', ')}); rerun those shards (finished images are resumed) and merge again`,
    );
  }
  rows.sort((a, b) => a.position - b.position);
  const summary: BatchSummary = {
    ...first,
    shard: { index: 0, count: 1 },
    mergedShards: n,
    counts: countRows(rows),
    warnings: [...new Set(summaries.flatMap((s) => s.warnings))],
    // The shards' wall times added: the compute the whole list took.
    seconds: Number(summaries.reduce((t, s) => t + s.seconds, 0).toFixed(3)),
    rows,
  };
  const out = resolve(options.out ?? dirname(paths[0]));
  const files = await writeSummary(out, 'summary', summary);
  return { summary, files };
}

export async function mergeCommand(args: string[]): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { out: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CliError(`ifim merge: ${(error as Error).message}`);
  }
  const { summary, files } = await mergeSummaries({ inputs: parsed.positionals, out: parsed.values.out });
  const { analysed, resumed, failed } = summary.counts;
  return [
    `merged ${summary.mergedShards} shard${summary.mergedShards === 1 ? '' : 's'}: ${summary.rows.length} images, ${analysed + resumed} analysed, ${failed} failed`,
    `wrote ${files.csv} and ${files.json}`,
  ].join('\n');
}
