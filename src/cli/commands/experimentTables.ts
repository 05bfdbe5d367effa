import type { PerturbationFamily } from '../../core/perturbation';
import { EPSILON_FAMILIES, mean, median, quantile } from '../../core/perturbation';
import type { DatasetStudyResult } from '../../engine/datasetStudy';

/**
 * The experiment's files as text: perturbation.csv (one row per image, family, ε and draw) and
 * dataset.csv (one row per family and ε), with exactly the documented columns (docs/cli.md).
 */
export const PERTURBATION_COLUMNS = ['family', 'epsilon', 'draw', 'image', 'delta_p', 'kl', 'flipped'] as const;
export const DATASET_COLUMNS = ['family', 'epsilon', 'accuracy', 'auc'] as const;

/** Numbers at full double precision, as JavaScript prints them (round-trips exactly). */
function num(v: number): string {
  return Number.isFinite(v) ? String(v) : 'NaN';
}

export function perturbationCsv(result: DatasetStudyResult): string {
  const lines: string[] = [PERTURBATION_COLUMNS.join(',')];
  result.images.forEach((image, index) => {
    for (const r of image.records) lines.push([r.family, num(r.epsilon), r.draw, index, num(r.deltaP), num(r.kl), r.flipped ? 1 : 0].join(','));
  });
  return lines.join('\n') + '\n';
}

/** Means over draws, to 12 significant digits (0.7 rather than 0.7000000000000001). */
function metric(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : 'NaN';
}

/** ε = 0 rows (the unperturbed set) lead each ε family, so the table reads from the clean value. */
export function datasetCsv(result: DatasetStudyResult): string {
  const lines: string[] = [DATASET_COLUMNS.join(',')];
  const families = new Set(result.table.map((r) => r.family));
  for (const family of EPSILON_FAMILIES) if (families.has(family)) lines.push([family, 0, metric(result.clean.accuracy), metric(result.clean.auc)].join(','));
  for (const r of result.table) lines.push([r.family, num(r.epsilon), metric(r.accuracy), metric(r.auc)].join(','));
  return lines.join('\n') + '\n';
}

/** Per family and ε: summaries across images of the per-image means over draws. */
export interface CurveSummary {
  readonly family: PerturbationFamily;
  readonly epsilons: number[];
  readonly klMedian: number[];
  readonly klQ25: number[];
  readonly klQ75: number[];
  readonly deltaPMedian: number[];
  readonly deltaPQ25: number[];
  readonly deltaPQ75: number[];
  readonly flipRate: number[];
  /** leading only: median over images of the mean ½ ε² Σ u_i² λ_i. */
  readonly predictedKl: number[] | null;
}

export function curveSummaries(result: DatasetStudyResult, epsilons: readonly number[]): CurveSummary[] {
  const families = EPSILON_FAMILIES.filter((f) => result.images.some((s) => s.records.some((r) => r.family === f)));
  return families.map((family) => {
    const at = (epsilon: number, pick: (r: DatasetStudyResult['images'][number]['records'][number]) => number): number[] =>
      result.images.map((s) => mean(s.records.filter((r) => r.family === family && r.epsilon === epsilon).map(pick))).filter((v) => !Number.isNaN(v));
    const kl = epsilons.map((e) => at(e, (r) => r.kl));
    const dp = epsilons.map((e) => at(e, (r) => Math.abs(r.deltaP)));
    const flips = epsilons.map((e) => at(e, (r) => (r.flipped ? 1 : 0)));
    return {
      family,
      epsilons: [...epsilons],
      klMedian: kl.map((v) => median(v)),
      klQ25: kl.map((v) => quantile(v, 0.25)),
      klQ75: kl.map((v) => quantile(v, 0.75)),
      deltaPMedian: dp.map((v) => median(v)),
      deltaPQ25: dp.map((v) => quantile(v, 0.25)),
      deltaPQ75: dp.map((v) => quantile(v, 0.75)),
      flipRate: flips.map((v) => mean(v)),
      predictedKl: family === 'leading' ? epsilons.map((e) => median(at(e, (r) => r.predictedKl ?? NaN))) : null,
    };
  });
}
