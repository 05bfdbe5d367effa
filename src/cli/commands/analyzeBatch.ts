import { join, resolve, sep } from 'node:path';
import type { ProgressSink } from '../batch/progress';
import { progressReporter, resolveProgressMode } from '../batch/progress';
import type { PROGRESS_MODES } from '../batch/progress';
import type { ImageList } from '../batch/imageList';
import { folderImageList, manifestImageList } from '../batch/imageList';
import { completedResult, partialFolderName, removeEmptyPartialFolder, resultFolderNames, writeFolderAtomically } from '../batch/resultFolders';
import type { Shard } from '../batch/shard';
import { shardPositions, summaryBaseName } from '../batch/shard';
import type { BatchSummary, SummaryRow } from '../batch/summary';
import { countRows, failedRow, oneLine, resultRow, SUMMARY_FORMAT, writeSummary } from '../batch/summary';
import { CliError } from '../cliError';
import { loadModel } from '../modelSource';
import { startNodeEngine } from '../nodeEngine';
import type { AnalysisSession, AnalyzeResult } from './analyze';
import { analyzeImageToFolder } from './analyze';
import type { AnalyzeExtensionOptions } from './analyzeExtensions';

export interface BatchOptions {
  readonly model: string;
  /** A folder of images (walked), or with `manifest` the folder its relative paths start from. */
  readonly images?: string;
  readonly manifest?: string;
  readonly topK: number;
  readonly out: string;
  readonly shard: Shard;
  readonly backend?: string;
  readonly progress: (typeof PROGRESS_MODES)[number];
  /** --roi, --neighbourhood, --validity-radius, applied to every image as in the single-image command. */
  readonly extensions?: AnalyzeExtensionOptions;
}

export interface BatchReport {
  readonly summary: BatchSummary;
  readonly files: { readonly json: string; readonly csv: string };
  readonly out: string;
}

/** Exit status of a batch that finished but could not analyse every image. */
export const SOME_FAILED_EXIT_CODE = 4;

/** The output folder's subfolder that holds one result folder per image. */
export const RESULTS_FOLDER = 'results';

/**
 * A failure of the output folder itself (full disk, no permission, a file where a folder should
 * be) stops the batch: every later image would fail alike. It is a file-system error on a path
 * under the output folder; reading an image fails with a CliError naming the image instead.
 */
function outputFailure(error: unknown, out: string): string | null {
  if (error instanceof CliError || !(error instanceof Error)) return null;
  const { code, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof path !== 'string' || !(path === out || path.startsWith(out + sep))) return null;
  return `${code} at ${path}`;
}

/** Too many open files or memory: the process, not the image. */
const PROCESS_ERRNOS = new Set(['EMFILE', 'ENFILE', 'ENOMEM']);

/**
 * Why a finished folder does not hold what this run asks for, or null. A folder with more than was
 * asked (an extension this run does not request) is fine: nothing it holds is wrong.
 */
function missingExtension(result: AnalyzeResult, extensions: AnalyzeExtensionOptions | undefined): string | null {
  const saved = result as AnalyzeResult & { roi?: { source?: string }; neighbourhood?: { M?: number; sigma?: number; seed?: number }; validityRadius?: unknown };
  if (extensions?.roi !== undefined && saved.roi?.source !== extensions.roi) return `no region result for --roi ${extensions.roi}`;
  const n = extensions?.neighbourhood;
  if (n && (saved.neighbourhood?.M !== n.samples || saved.neighbourhood?.sigma !== n.sigma || saved.neighbourhood?.seed !== n.seed)) {
    return `no neighbourhood result for M = ${n.samples}, σ = ${n.sigma}, seed ${n.seed}`;
  }
  if (extensions?.validityRadius && saved.validityRadius === undefined) return 'no validity radii';
  return null;
}

/**
 * `ifim analyze --images DIR | --manifest CSV`: the single-image analysis (analyzeImageToFolder)
 * in a loop, with the model loaded once. One result folder per image, written atomically;
 * complete folders from an earlier run are kept (resume); a failing image becomes a failed row.
 */
export async function analyzeBatch(options: BatchOptions, sink: ProgressSink = process.stderr): Promise<BatchReport> {
  if (options.images === undefined && options.manifest === undefined) throw new CliError('ifim analyze: give --image <file>, --images <folder> or --manifest <csv>');
  const started = performance.now();
  const backend = await startNodeEngine(options.backend);
  const { classifier, metadata } = await loadModel(options.model);
  try {
    const out = resolve(options.out);
    const list: ImageList = options.manifest !== undefined
      ? await manifestImageList(options.manifest, classifier.info, options.images)
      : await folderImageList(options.images!, out);
    const names = resultFolderNames(list.images);
    const positions = shardPositions(list.images.length, options.shard);
    const c = classifier.info.classes.length;
    const lambdaColumns = Math.min(c, Math.max(options.topK, 1));
    const resultsDir = join(out, RESULTS_FOLDER);
    const partials = partialFolderName(options.shard);
    const rows: SummaryRow[] = [];

    // Resume: complete folders become rows now, before any work, so a folder written with another
    // model or k stops the run here instead of being mixed in.
    const todo: number[] = [];
    for (const j of positions) {
      const existing = await completedResult(join(resultsDir, names[j]));
      if (!existing) {
        todo.push(j);
        continue;
      }
      const kThen = Math.min(options.topK, existing.modesKept);
      if (existing.model?.id !== classifier.info.id || existing.k !== kThen) {
        throw new CliError(
          `${join(resultsDir, names[j])} holds a result of model ${existing.model?.id} with k = ${existing.k}; this run uses ${classifier.info.id} with k = ${kThen}: give another --out`,
        );
      }
      const missing = missingExtension(existing, options.extensions);
      if (missing) throw new CliError(`${join(resultsDir, names[j])} holds a finished result with ${missing}, which this run asks for: give another --out`);
      rows.push(resultRow(j, list.images[j], 'resumed', `${RESULTS_FOLDER}/${names[j]}`, existing, lambdaColumns));
    }

    const progress = progressReporter(resolveProgressMode(options.progress, sink), positions.length, sink);
    for (let i = 0; i < rows.length; i++) progress.tick('resumed');
    const session: AnalysisSession = { classifier, metadata, backend: backend.name };
    for (const j of todo) {
      const image = list.images[j];
      try {
        const { result } = await writeFolderAtomically(resultsDir, partials, names[j], (partial) => analyzeImageToFolder(session, { image: image.path, topK: options.topK, out: partial, extensions: options.extensions }));
        rows.push(resultRow(j, image, 'analysed', `${RESULTS_FOLDER}/${names[j]}`, result, lambdaColumns));
        progress.tick('analysed');
      } catch (error) {
        const errno = (error as NodeJS.ErrnoException).code;
        const failure = outputFailure(error, out) ?? (typeof errno === 'string' && PROCESS_ERRNOS.has(errno) ? errno : null);
        if (failure) {
          progress.finish();
          const done = rows.filter((r) => r.status === 'analysed').length;
          throw new CliError(`cannot write results under ${out} (${failure}); ${done} images were analysed before it; fix the folder and rerun (finished images are resumed)`);
        }
        const message = oneLine(error instanceof Error ? error.message : String(error));
        const named = message.includes(image.path) || message.includes(image.id) ? message : `${image.id}: ${message}`;
        rows.push(failedRow(j, image, named));
        progress.tick('failed', named);
      }
    }
    progress.finish();
    await removeEmptyPartialFolder(resultsDir, partials);

    rows.sort((a, b) => a.position - b.position);
    const info = classifier.info;
    const warnings = metadata === null ? [`${options.model} has no metadata.json: the preprocessing and classes were inferred (docs/bring-your-own-model.md)`] : [];
    if (info.notice) warnings.push(info.notice);
    const summary: BatchSummary = {
      format: SUMMARY_FORMAT,
      formatVersion: 1,
      model: { id: info.id, title: info.title, classes: info.classes, head: info.head, inputShape: info.inputShape },
      backend: backend.name,
      k: options.topK,
      lambdaColumns,
      list: { kind: list.source.kind, path: list.source.path, count: list.images.length, sha256: list.listSha256 },
      shard: options.shard,
      counts: countRows(rows),
      warnings,
      seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
      rows,
    };
    const files = await writeSummary(out, summaryBaseName(options.shard), summary);
    return { summary, files, out };
  } finally {
    classifier.dispose();
  }
}

/** The command: the report as text, or (some images failed) one line and exit status 4. */
export async function analyzeBatchCommand(options: BatchOptions): Promise<string> {
  const { summary, files, out } = await analyzeBatch(options);
  const { analysed, resumed, failed } = summary.counts;
  const total = summary.rows.length;
  const shard = summary.shard.count > 1 ? `, shard ${summary.shard.index}/${summary.shard.count}` : '';
  const withWarnings = summary.rows.filter((r) => r.status !== 'failed' && r.message !== '').length;
  const rate = analysed > 0 ? ` (${((3600 * analysed) / summary.seconds).toFixed(0)} images/h)` : '';
  if (failed > 0) {
    throw new CliError(
      `analyze: ${failed} of ${total} images failed (${analysed} analysed, ${resumed} resumed${shard}); each has a row with the reason in ${files.csv}`,
      SOME_FAILED_EXIT_CODE,
      'some-failed',
    );
  }
  return [
    `model ${summary.model.id} (${summary.model.head}, ${summary.model.classes.length} classes) on ${summary.backend}`,
    `${total} of ${summary.list.count} images${shard}: ${analysed} analysed, ${resumed} resumed, 0 failed in ${summary.seconds.toFixed(1)} s${rate}`,
    ...(withWarnings > 0 ? [`${withWarnings} with warnings about trusting the result (warning_codes and message columns)`] : []),
    `wrote ${files.csv}, ${files.json} and the result folders under ${join(out, RESULTS_FOLDER)}`,
    ...summary.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
