import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError } from '../cliError';
import type { AnalyzeResult } from '../commands/analyze';
import { csvField } from './imageList';
import type { BatchImage, ImageList } from './imageList';
import type { Shard } from './shard';

export type RowStatus = 'analysed' | 'resumed' | 'failed';

/** One image's line of the summary (summary.json `rows`, one CSV row). */
export interface SummaryRow {
  /** The image's place in the sorted list (the same in every shard; shard = position mod n). */
  readonly position: number;
  readonly image: string;
  readonly label: string | null;
  readonly status: RowStatus;
  /** The result folder relative to the output folder; null when the image failed. */
  readonly folder: string | null;
  readonly topClass: string | null;
  readonly topProbability: number | null;
  /** Length C (empty when failed). */
  readonly probabilities: readonly number[];
  /** λ_1 … λ_L of the Fisher, L = the summary's lambdaColumns (empty when failed). */
  readonly eigenvalues: readonly number[];
  readonly rank: number | null;
  readonly traceFisher: number | null;
  readonly timingsMs: AnalyzeResult['timingsMs'] | null;
  /** result.json's warning codes (domain check, insensitive model), for filtering. */
  readonly warningCodes: readonly string[];
  /** failed: why, in one line; otherwise warnings ("" when none). */
  readonly message: string;
}

export interface SummaryModel {
  readonly id: string;
  readonly title: string;
  readonly classes: readonly string[];
  readonly head: string;
  readonly inputShape: readonly number[];
}

export const SUMMARY_FORMAT = 'ifim-batch-summary';

/** summary.json: the run's facts and one row per image of this shard (or of all, once merged). */
export interface BatchSummary {
  readonly format: typeof SUMMARY_FORMAT;
  readonly formatVersion: 1;
  readonly model: SummaryModel;
  readonly backend: string;
  readonly k: number;
  readonly lambdaColumns: number;
  readonly list: { readonly kind: ImageList['source']['kind']; readonly path: string; readonly count: number; readonly sha256: string };
  readonly shard: Shard;
  /** How many shard summaries `ifim merge` joined into this one; absent before merging. */
  readonly mergedShards?: number;
  readonly counts: Record<RowStatus, number>;
  readonly warnings: readonly string[];
  readonly seconds: number;
  readonly rows: readonly SummaryRow[];
}

const TIMINGS = ['preprocess', 'forward', 'jacobian', 'eigen', 'projection', 'total'] as const;

/** result.json's `warnings` (the domain check, the insensitive-model note); none in results written before them. */
function analysisWarnings(result: AnalyzeResult): ReadonlyArray<{ readonly code: string; readonly message: string }> {
  return Array.isArray(result.warnings) ? result.warnings : [];
}

/** Warnings that make one image's numbers less trustworthy, in words. */
export function resultWarnings(result: AnalyzeResult): string[] {
  const warnings: string[] = analysisWarnings(result).map((w) => `${w.code}: ${w.message}`);
  if (result.model.notice) warnings.push(result.model.notice);
  if (result.model.logitSource === 'log-probabilities') warnings.push('the final activation could not be removed: the Fisher is computed from log-probabilities');
  const c = result.model.classes.length;
  const fullRank = result.model.head === 'softmax' ? c - 1 : c;
  if (result.rank < fullRank) {
    warnings.push(`numerical rank ${result.rank} of ${fullRank}: some Fisher directions are numerically zero (saturated probabilities or a rank-deficient Jacobian)`);
  }
  return warnings;
}

export function resultRow(position: number, image: BatchImage, status: 'analysed' | 'resumed', folder: string, result: AnalyzeResult, lambdaColumns: number): SummaryRow {
  let top = 0;
  result.probabilities.forEach((p, i) => {
    if (p > result.probabilities[top]) top = i;
  });
  return {
    position,
    image: image.id,
    label: image.label ?? null,
    status,
    folder,
    topClass: result.model.classes[top] ?? String(top),
    topProbability: result.probabilities[top] ?? null,
    probabilities: result.probabilities,
    eigenvalues: result.eigenvalues.slice(0, lambdaColumns),
    rank: result.rank,
    traceFisher: result.traceFisher,
    timingsMs: result.timingsMs,
    warningCodes: analysisWarnings(result).map((w) => w.code),
    message: resultWarnings(result).join('; '),
  };
}

export function failedRow(position: number, image: BatchImage, message: string): SummaryRow {
  return {
    position, image: image.id, label: image.label ?? null, status: 'failed', folder: null, topClass: null, topProbability: null,
    probabilities: [], eigenvalues: [], rank: null, traceFisher: null, timingsMs: null, warningCodes: [], message: oneLine(message),
  };
}

/** Messages go into one CSV cell and one terminal line. */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function countRows(rows: readonly SummaryRow[]): Record<RowStatus, number> {
  const counts: Record<RowStatus, number> = { analysed: 0, resumed: 0, failed: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** CSV header: class names become `p_<class>` columns (docs/cli.md). */
export function summaryCsvHeader(summary: Pick<BatchSummary, 'model' | 'lambdaColumns'>): string[] {
  return [
    'position', 'image', 'label', 'status', 'folder', 'top_class', 'top_probability',
    ...summary.model.classes.map((c) => `p_${c}`),
    ...Array.from({ length: summary.lambdaColumns }, (_, i) => `lambda_${i + 1}`),
    'rank', 'trace_fisher', ...TIMINGS.map((t) => `ms_${t}`), 'warning_codes', 'message',
  ];
}

function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

export function summaryCsv(summary: BatchSummary): string {
  const c = summary.model.classes.length;
  const lines = [summaryCsvHeader(summary).map(csvField).join(',')];
  for (const row of summary.rows) {
    const cells = [
      String(row.position), row.image, row.label ?? '', row.status, row.folder ?? '', row.topClass ?? '', numberCell(row.topProbability),
      ...Array.from({ length: c }, (_, i) => numberCell(row.probabilities[i])),
      ...Array.from({ length: summary.lambdaColumns }, (_, i) => numberCell(row.eigenvalues[i])),
      numberCell(row.rank), numberCell(row.traceFisher),
      ...TIMINGS.map((t) => (row.timingsMs ? row.timingsMs[t].toFixed(1) : '')),
      (row.warningCodes ?? []).join(';'),
      row.message,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Writes `<base>.json` and `<base>.csv`, each by temp file then rename (a reader never sees half). */
export async function writeSummary(out: string, baseName: string, summary: BatchSummary): Promise<{ json: string; csv: string }> {
  const json = join(out, `${baseName}.json`);
  const csv = join(out, `${baseName}.csv`);
  await mkdir(dirname(json), { recursive: true });
  const tmp = `.${process.pid}.tmp`;
  await writeFile(json + tmp, JSON.stringify(summary, null, 1) + '\n');
  await writeFile(csv + tmp, summaryCsv(summary));
  await rename(json + tmp, json);
  await rename(csv + tmp, csv);
  return { json, csv };
}

/** A summary.json written by `ifim analyze` (a shard's or a whole run's), checked for its format. */
export async function readSummary(path: string): Promise<BatchSummary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `summary ${path} not found` : `cannot read summary ${path}: ${(error as Error).message}`);
  }
  let summary: BatchSummary;
  try {
    summary = JSON.parse(text) as BatchSummary;
  } catch {
    throw new CliError(`${path} is not JSON; give the summary*.json files that \`ifim analyze --images/--manifest\` wrote`);
  }
  if (summary?.format !== SUMMARY_FORMAT || !Array.isArray(summary.rows) || !summary.shard || !summary.list) {
    throw new CliError(`${path} is not a batch summary (no "format": "${SUMMARY_FORMAT}"); give the summary*.json files that \`ifim analyze --images/--manifest\` wrote`);
  }
  if (summary.formatVersion !== 1) throw new CliError(`${path} has summary format version ${summary.formatVersion}; this ifim reads version 1`);
  return summary;
}
