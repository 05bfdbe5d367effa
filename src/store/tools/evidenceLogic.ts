import { logEpsilonGrid } from '../../core/perturbation';
import type { LinePlotSpec, PlotSeries } from '../../render/svgPlot';
import { OKABE_ITO } from '../../render/svgPlot';
import type { DivergingMapId, RgbaRaster } from '../../render';
import { DIVERGING_MAPS, magnitudeToRaster, signedToRaster, symmetricLimit } from '../../render';
import { FIELD_LIMIT_QUANTILE } from '../displayRasters';
import type { AttributionMap, AttributionSpec, DatasetStudyPayload, DatasetStudyRequest, EvidenceSanityResult, EvidenceStudyResult, PerturbationFamily, SlopeFit } from '../../worker/protocol';

/** The pure part of the evidence panel: options, the KL–ε curves and their plot, table shapes. */

/** The CLI's grid (`ifim experiment`): 11 values half a decade apart, 1e-3 … 1e2. */
export const DEFAULT_STUDY_EPSILONS = logEpsilonGrid(1e-3, 1e2, 11);

/** The maps of the CLI's comparison table (engine DEFAULT_COMPARISON_SPECS; the store may not import src/engine). */
export const DEFAULT_EVIDENCE_SPECS: readonly AttributionSpec[] = [
  { method: 'ifim' },
  { method: 'ifim-xhigh', k: 1 },
  { method: 'saliency' },
  { method: 'smoothgrad' },
  { method: 'integrated-gradients', baseline: 'black' },
  { method: 'integrated-gradients', baseline: 'blur' },
  { method: 'gradcam' },
  { method: 'occlusion' },
];

/** The randomisation check recomputes every map per randomised layer: the cheaper maps only. */
export const SANITY_SPECS: readonly AttributionSpec[] = [{ method: 'ifim' }, { method: 'saliency' }, { method: 'integrated-gradients', baseline: 'blur' }, { method: 'gradcam' }];

/** "1e-3, 0.01, 1" → sorted distinct positive numbers, or the reason it is not such a list. */
export function parseEpsilonList(text: string): { readonly epsilons: number[] } | { readonly error: string } {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return { error: 'give at least one ε' };
  const values = parts.map(Number);
  const bad = parts.filter((_, i) => !(values[i] > 0) || !Number.isFinite(values[i]));
  if (bad.length) return { error: `ε must be positive numbers, not ${bad.map((b) => `"${b}"`).join(', ')}` };
  return { epsilons: [...new Set(values)].sort((a, b) => a - b) };
}

export function formatEpsilonList(values: readonly number[]): string {
  return values.map((v) => Number(v.toPrecision(3)).toString()).join(', ');
}

export interface KlCurve {
  readonly family: PerturbationFamily;
  /** (ε, mean KL over the draws). */
  readonly points: Array<[number, number]>;
}

const CURVE_FAMILIES: readonly PerturbationFamily[] = ['leading', 'complement', 'isotropic'];

/** Mean KL per ε for each ε family in the result, in the order leading, complement, isotropic. */
export function klCurves(result: Pick<EvidenceStudyResult, 'records' | 'epsilons'>): KlCurve[] {
  const curves: KlCurve[] = [];
  for (const family of CURVE_FAMILIES) {
    const records = result.records.filter((r) => r.family === family);
    if (records.length === 0) continue;
    const points: Array<[number, number]> = [];
    for (const epsilon of result.epsilons) {
      const at = records.filter((r) => r.epsilon === epsilon);
      if (at.length) points.push([epsilon, at.reduce((s, r) => s + r.kl, 0) / at.length]);
    }
    curves.push({ family, points });
  }
  return curves;
}

/** The second-order prediction ½ ε² Σ u_i² λ_i over the leading family, averaged over its draws. */
export function predictedLeadingCurve(result: Pick<EvidenceStudyResult, 'records' | 'epsilons'>): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  for (const epsilon of result.epsilons) {
    const at = result.records.filter((r) => r.family === 'leading' && r.epsilon === epsilon && r.predictedKl !== null);
    if (at.length) points.push([epsilon, at.reduce((s, r) => s + (r.predictedKl ?? 0), 0) / at.length]);
  }
  return points;
}

export const FAMILY_COLORS: Readonly<Record<string, string>> = { leading: OKABE_ITO[1], complement: OKABE_ITO[0], isotropic: OKABE_ITO[2] };

/** The log–log KL–ε figure: measured curves per family, the prediction dashed, the noise floor. */
export function studyPlotSpec(result: EvidenceStudyResult, title: string): LinePlotSpec {
  const series: PlotSeries[] = klCurves(result).map((c) => ({ name: `${c.family}${slopeSuffix(result.slopes[c.family])}`, color: FAMILY_COLORS[c.family], points: c.points }));
  const predicted = predictedLeadingCurve(result);
  if (predicted.length) series.push({ name: '½ε²λ (leading, predicted)', color: FAMILY_COLORS.leading, points: predicted, dashed: true, markers: false });
  return {
    title,
    xLabel: 'ε (L2 norm in model input space)',
    yLabel: 'KL(p(x) ‖ p(x+δ))',
    xScale: 'log',
    yScale: 'log',
    series,
    referenceLines: result.noiseFloor > 0 ? [{ y: 100 * result.noiseFloor, label: 'noise floor ×100', color: '#888888' }] : [],
    width: 640,
    height: 380,
  };
}

function slopeSuffix(fit: SlopeFit | undefined): string {
  return fit?.status === 'ok' ? ` (slope ${fit.slope.toFixed(2)})` : '';
}

/** "2.01 (r² 0.999, 4 points)", or why there is no slope. */
export function slopeText(fit: SlopeFit | undefined): string {
  if (!fit) return '—';
  if (fit.status === 'below-noise-floor') return 'below the noise floor';
  if (fit.status === 'too-few-points') return 'too few points above the noise floor';
  const r2 = Number.isNaN(fit.r2) ? '' : `, r² ${fit.r2.toFixed(3)}`;
  return `${fit.slope.toFixed(2)}${r2}, ${fit.epsilons.length} points`;
}

/** What each family's slope should be (METHOD: the paper's evidence). */
export const EXPECTED_SLOPES: Readonly<Record<string, string>> = {
  leading: '2',
  complement: '≥ 3 (4 smooth, ≈ 3 ReLU)',
  isotropic: '2',
};

/** Sanity rows → one row per stage, one column per map (Spearman ρ against the original map). */
export function sanityMatrix(result: EvidenceSanityResult): { readonly labels: string[]; readonly stages: Array<{ stage: number; layer: string; spearman: number[]; ssim: number[] }> } {
  const labels = [...new Set(result.rows.map((r) => r.label))];
  const byStage = new Map<number, { stage: number; layer: string; spearman: number[]; ssim: number[] }>();
  for (const r of result.rows) {
    let row = byStage.get(r.stage);
    if (!row) {
      row = { stage: r.stage, layer: r.layer, spearman: labels.map(() => NaN), ssim: labels.map(() => NaN) };
      byStage.set(r.stage, row);
    }
    const i = labels.indexOf(r.label);
    row.spearman[i] = r.spearman;
    row.ssim[i] = r.ssim;
  }
  return { labels, stages: [...byStage.values()].sort((a, b) => a.stage - b.stage) };
}

/**
 * An attribution map as a raster under the page's colour conventions: signed maps (Integrated
 * Gradients, occlusion) on the diverging map of v_i, magnitudes (|v_1|, saliency, Grad-CAM, …) on
 * the sequential map of |x_high(k)|, both limited at the same quantile as the page's fields.
 */
export function attributionRaster(map: Pick<AttributionMap, 'values' | 'width' | 'height' | 'signed'>, colorMap: DivergingMapId): RgbaRaster {
  const limit = symmetricLimit(map.values, FIELD_LIMIT_QUANTILE);
  return map.signed ? signedToRaster(map.values, map.width, map.height, limit, DIVERGING_MAPS[colorMap]) : magnitudeToRaster(map.values, map.width, map.height, limit);
}

/** The data-set study's default grid: 6 values a decade apart, 1e-3 … 1e2 (fewer: it runs every image). */
export const DEFAULT_DATASET_EPSILONS = logEpsilonGrid(1e-3, 1e2, 6);

/** Largest data-set study the panel starts (images are generated and studied in the worker). */
export const MAX_DATASET_IMAGES = 2000;

/** The panel's data-set study fields → a checked request, or the reason they are not one. */
export function parseDatasetOptions(draft: { readonly count: number; readonly epsilons: string; readonly draws: number; readonly k: number; readonly seed: number }):
  | { readonly request: DatasetStudyRequest }
  | { readonly error: string } {
  if (!Number.isInteger(draft.count) || draft.count < 1 || draft.count > MAX_DATASET_IMAGES) return { error: `n must be a whole number from 1 to ${MAX_DATASET_IMAGES}` };
  if (!Number.isInteger(draft.draws) || draft.draws < 1) return { error: 'draws must be a whole number ≥ 1' };
  if (!Number.isInteger(draft.k) || draft.k < 1) return { error: 'k must be a whole number ≥ 1' };
  const parsed = parseEpsilonList(draft.epsilons);
  if ('error' in parsed) return parsed;
  return { request: { count: draft.count, epsilons: parsed.epsilons, draws: draft.draws, k: draft.k, seed: draft.seed } };
}

const DATASET_FAMILY_COLORS: Readonly<Record<string, string>> = { ...FAMILY_COLORS, 'removal-leading': OKABE_ITO[3], 'removal-random': OKABE_ITO[4] };

/**
 * The data-set study's two figures: accuracy and AUC against ε (log x), one line per ε family, the
 * removals as single markers at the mean |x_high(k)|, the clean set as a grey reference line.
 */
export function datasetPlotSpecs(result: DatasetStudyPayload, title: string): { readonly accuracy: LinePlotSpec; readonly auc: LinePlotSpec } {
  const families = [...new Set(result.table.map((r) => r.family))];
  const spec = (metric: 'accuracy' | 'auc', label: string): LinePlotSpec => ({
    title: `${label} against ε — ${title}`,
    xLabel: 'ε (L2 norm in model input space)',
    yLabel: label,
    xScale: 'log',
    yScale: 'linear',
    series: families.map((family) => {
      const removal = family.startsWith('removal');
      return {
        name: removal ? `${family} (at mean |x_high|)` : family,
        color: DATASET_FAMILY_COLORS[family],
        points: result.table.filter((r) => r.family === family).map((r): [number, number] => [r.epsilon, r[metric]]),
        ...(removal ? { line: false } : {}),
      };
    }),
    referenceLines: Number.isFinite(result.clean[metric]) ? [{ y: result.clean[metric], label: 'clean', color: '#888888' }] : [],
    yDomain: [0, 1],
    width: 640,
    height: 320,
  });
  return { accuracy: spec('accuracy', 'accuracy'), auc: spec('auc', 'AUC') };
}

/** The name a CSV row uses for a picked file: its path inside the picked folder, else its name. */
export function datasetFileName(file: { readonly name: string; readonly webkitRelativePath?: string }): string {
  return file.webkitRelativePath || file.name;
}

/**
 * Splits picked/dropped files into images and a labels CSV (the first .csv, unless one is set);
 * says what is missing before anything is sent to the worker.
 */
export function datasetFilesState<F extends { readonly name: string }>(
  images: readonly F[],
  labels: F | null,
): { readonly images: readonly F[]; readonly labels: F | null; readonly error: string | null } {
  const isCsv = (f: F): boolean => /\.csv$/i.test(f.name);
  const csv = labels ?? images.find(isCsv) ?? null;
  const rest = images.filter((f) => !isCsv(f));
  const error = !csv ? 'choose the labels CSV (file,label) too' : rest.length === 0 ? 'choose the images (a folder or several files) the labels CSV names' : null;
  return { images: rest, labels: csv, error };
}
