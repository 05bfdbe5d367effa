import type { DatasetStudyResult } from '../../engine/datasetStudy';
// svgPlot is pure string building (no canvas, no DOM); the CLI writes the same figures the app could.
import type { PlotSeries } from '../../render/svgPlot';
import { svgLinePlot } from '../../render/svgPlot';
import type { CurveSummary } from './experimentTables';

const FAMILY_COLORS: Record<string, string> = {
  leading: '#D55E00',
  complement: '#0072B2',
  isotropic: '#009E73',
  'removal-leading': '#CC79A7',
  'removal-random': '#E69F00',
};

/** The experiment's figures, file name → SVG text. */
export function experimentPlots(result: DatasetStudyResult, curves: readonly CurveSummary[], modelTitle: string): Record<string, string> {
  const klSeries: PlotSeries[] = curves.map((c) => ({
    name: c.family,
    color: FAMILY_COLORS[c.family],
    points: c.epsilons.map((e, i) => [e, c.klMedian[i]] as const),
    band: c.epsilons.map((e, i) => [e, c.klQ25[i], c.klQ75[i]] as const),
  }));
  const leading = curves.find((c) => c.family === 'leading');
  if (leading?.predictedKl) {
    klSeries.push({ name: '½ε²Σu²λ (leading)', color: '#000000', dashed: true, markers: false, points: leading.epsilons.map((e, i) => [e, leading.predictedKl![i]] as const) });
  }
  const kl = svgLinePlot({
    title: `KL(p(x) ‖ p(x+δ)) against |δ| — ${modelTitle}`,
    xLabel: 'ε = |δ| (L2, model input space)',
    yLabel: 'KL divergence (median over images, IQR band)',
    xScale: 'log',
    yScale: 'log',
    series: klSeries,
    referenceLines: [{ y: 100 * result.noiseFloor, label: '100 × noise floor' }],
  });
  const deltaP = svgLinePlot({
    title: `|Δp| of the predicted class — ${modelTitle}`,
    xLabel: 'ε = |δ| (L2, model input space)',
    yLabel: '|Δp| (median over images, IQR band)',
    xScale: 'log',
    yScale: 'log',
    series: curves.map((c) => ({
      name: c.family,
      color: FAMILY_COLORS[c.family],
      points: c.epsilons.map((e, i) => [e, c.deltaPMedian[i]] as const),
      band: c.epsilons.map((e, i) => [e, c.deltaPQ25[i], c.deltaPQ75[i]] as const),
    })),
  });
  const flips = svgLinePlot({
    title: `Decisions flipped — ${modelTitle}`,
    xLabel: 'ε = |δ| (L2, model input space)',
    yLabel: 'fraction of images and draws flipped',
    xScale: 'log',
    yScale: 'linear',
    yDomain: [0, 1.02],
    series: curves.map((c) => ({ name: c.family, color: FAMILY_COLORS[c.family], points: c.epsilons.map((e, i) => [e, c.flipRate[i]] as const) })),
  });
  const metricPlot = (metric: 'accuracy' | 'auc', label: string): string => {
    const families = [...new Set(result.table.map((r) => r.family))];
    return svgLinePlot({
      title: `${label} of the perturbed set — ${modelTitle}`,
      xLabel: 'ε = |δ| (removals: mean |x_high(k)|)',
      yLabel: label,
      xScale: 'log',
      yScale: 'linear',
      yDomain: [0, 1.02],
      series: families.map((family) => {
        const rows = result.table.filter((r) => r.family === family);
        const removal = family.startsWith('removal');
        return { name: family, color: FAMILY_COLORS[family], line: !removal, points: rows.map((r) => [r.epsilon, r[metric]] as const) };
      }),
      referenceLines: [{ y: result.clean[metric], label: `unperturbed ${label}` }],
    });
  };
  return {
    'kl.svg': kl,
    'delta-p.svg': deltaP,
    'flip-rate.svg': flips,
    'accuracy.svg': metricPlot('accuracy', 'accuracy'),
    'auc.svg': metricPlot('auc', 'AUC'),
  };
}
