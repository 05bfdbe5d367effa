import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { logEpsilonGrid } from '../../core/perturbation';
import { datasetStudy } from '../../engine/datasetStudy';
import type { DatasetStudyProgress } from '../../engine/datasetStudy';
import { CliError } from '../cliError';
import { startNodeEngine } from '../nodeEngine';
import { curveSummaries, datasetCsv, perturbationCsv } from './experimentTables';
import { experimentPlots } from './experimentPlots';
import type { LabelledImages } from './labelledImages';
import { folderImages, taskImages } from './labelledImages';
import { loadModelWithArtifacts } from './modelWithArtifacts';

export interface ExperimentOptions {
  readonly model: string;
  readonly task?: string;
  readonly n?: number;
  readonly data?: string;
  readonly labels?: string;
  readonly k: number;
  readonly out: string;
  readonly draws: number;
  readonly epsilons: readonly number[];
  readonly seed: number;
  readonly backend?: string;
}

/** Default ε grid: 11 points, half a decade apart, 1e-3 … 1e2 (L2 norm in model input space). */
export const DEFAULT_EPSILONS = logEpsilonGrid(1e-3, 1e2, 11);

/**
 * `ifim experiment`: the paper's evidence on a labelled set (METHOD: "The paper's evidence").
 * Writes perturbation.csv, dataset.csv, images.csv, slopes.json and five SVG figures.
 */
export async function experimentCommand(options: ExperimentOptions): Promise<string> {
  if ((options.task === undefined) === (options.data === undefined)) throw new CliError('ifim experiment: give either --task <id> --n <count> or --data <folder> --labels <csv>');
  if (options.task !== undefined && options.n === undefined) throw new CliError('ifim experiment: --task needs --n <count>');
  if (options.data !== undefined && options.labels === undefined) throw new CliError('ifim experiment: --data needs --labels <csv>');
  if (options.epsilons.length === 0 || options.epsilons.some((e) => !(e > 0) || !Number.isFinite(e))) throw new CliError('ifim experiment: --epsilons must be positive numbers');
  const backend = await startNodeEngine(options.backend);
  const { classifier, metadata } = await loadModelWithArtifacts(options.model);
  try {
    const set: LabelledImages = options.task !== undefined ? taskImages(options.task, options.n!, metadata) : await folderImages(options.data!, options.labels!, metadata);
    const epsilons = [...options.epsilons].sort((a, b) => a - b);
    const started = performance.now();
    let lastReport = 0;
    const onProgress = (p: DatasetStudyProgress): void => {
      if (!process.stderr.isTTY || performance.now() - lastReport < 500) return;
      lastReport = performance.now();
      process.stderr.write(`\rifim experiment: ${p.imagesDone}/${p.imageCount} images (${(100 * p.fraction).toFixed(0)} %)`);
    };
    const result = await datasetStudy(classifier, set, { epsilons, draws: options.draws, k: options.k, seed: options.seed, onProgress });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;

    const curves = curveSummaries(result, epsilons);
    const slopes = {
      model: { id: classifier.info.id, title: classifier.info.title, head: classifier.info.head, classes: classifier.info.classes },
      data: set.description,
      backend: backend.name,
      k: options.k,
      draws: options.draws,
      seed: options.seed,
      epsilons,
      noiseFloor: result.noiseFloor,
      expected: {
        leading: 2,
        complement: '≥ 3: 4 for smooth models (the cubic term vanishes because KL ≥ 0 along ±δ), about 3 for ReLU models (kinks crossed in proportion to ε)',
        isotropic: 2,
      },
      slopes: result.slopes,
      secondOrder: result.secondOrder,
      clean: result.clean,
      kUsed: summarizeCounts(result.images.map((s) => s.kUsed)),
      seconds: Number(seconds.toFixed(1)),
    };
    const imagesCsv = ['image,source,rank,lambda_1,x_high_norm,noise_floor', ...result.images.map((s, i) => [i, csvField(set.sources[i]), s.eigenvalues.length, s.eigenvalues[0] ?? 0, s.highNorm, s.noiseFloor.value].join(','))].join('\n') + '\n';
    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    const plots = experimentPlots(result, curves, classifier.info.title);
    await Promise.all([
      writeFile(join(out, 'perturbation.csv'), perturbationCsv(result)),
      writeFile(join(out, 'dataset.csv'), datasetCsv(result)),
      writeFile(join(out, 'images.csv'), imagesCsv),
      writeFile(join(out, 'slopes.json'), JSON.stringify(slopes, null, 2) + '\n'),
      ...Object.entries(plots).map(([name, svg]) => writeFile(join(out, name), svg)),
    ]);
    const slopeText = (['leading', 'complement', 'isotropic'] as const)
      .map((f) => {
        const s = result.slopes[f];
        if (!s) return null;
        return `${f} ${s.pooled.status === 'ok' ? s.pooled.slope.toFixed(2) : s.pooled.status} (per image median ${Number.isNaN(s.perImage.median) ? '—' : s.perImage.median.toFixed(2)}, n=${s.perImage.count})`;
      })
      .filter(Boolean)
      .join('; ');
    return [
      `model ${classifier.info.id} on ${backend.name}: ${set.description}, k = ${options.k}, ${options.draws} draws, ${epsilons.length} ε values (${seconds.toFixed(0)} s)`,
      `unperturbed accuracy ${result.clean.accuracy.toFixed(4)}, AUC ${result.clean.auc.toFixed(4)}`,
      `small-ε log–log slopes of KL: ${slopeText}`,
      `second order: measured/predicted KL along the leading subspace, median ${result.secondOrder.medianRatio.toFixed(3)}`,
      `wrote ${out}/perturbation.csv, dataset.csv, images.csv, slopes.json and ${Object.keys(plots).length} SVG figures`,
    ].join('\n');
  } finally {
    classifier.dispose();
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function summarizeCounts(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** "a,b,c" → distinct numbers; refuses anything that is not a positive number. */
export function parseEpsilons(text: string): number[] {
  const values = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (values.length === 0 || values.some((v) => !(v > 0) || !Number.isFinite(v))) throw new CliError(`ifim experiment: --epsilons must be positive numbers separated by commas, not "${text}"`);
  return [...new Set(values)];
}
