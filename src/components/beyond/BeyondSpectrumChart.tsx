import { useMemo } from 'react';
import type uPlot from 'uplot';
import { axisStyle, colors } from '../charts/chartStyle';
import { UPlotChart } from '../charts/UPlotChart';
import { formatScientific } from '../format';
import { useAppStore } from '../storeContext';

const FLOOR = 1e-30;
const log = (v: number | null | undefined): number | null => (v === null || v === undefined || !(v > 0) ? null : Math.log10(Math.max(v, FLOOR)));

/**
 * The point spectrum beside the neighbourhood-averaged, region-restricted and compared (B)
 * spectra on one log chart, with each mode's validity radius as markers on a second axis.
 */
export function BeyondSpectrumChart() {
  const payload = useAppStore((s) => s.payload);
  const hood = useAppStore((s) => s.neighbourhood);
  const region = useAppStore((s) => s.regionFisher?.result ?? null);
  const compare = useAppStore((s) => s.compare);
  const radius = useAppStore((s) => s.validityRadius);
  const theme = useAppStore((s) => s.theme);

  const data = useMemo((): uPlot.AlignedData | null => {
    if (!payload) return null;
    const n = Math.max(payload.eigenvalues.length, hood?.eigenvalues.length ?? 0, 1);
    const count = Math.min(n, 32);
    const x = Array.from({ length: count }, (_, i) => i + 1);
    const at = (values: ArrayLike<number> | undefined) => x.map((_, i) => (values && i < values.length ? log(values[i]) : null));
    return [x, at(payload.eigenvalues), at(hood?.eigenvalues), at(region?.eigenvalues), at(compare?.b.eigenvalues), x.map((_, i) => log(radius?.epsilon[i] ?? null))];
  }, [payload, hood, region, compare, radius]);

  const options = useMemo((): Omit<uPlot.Options, 'width'> => {
    const c = colors(theme);
    const style = axisStyle(theme);
    const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({ label, stroke, width: 2, dash, scale: 'lambda', points: { show: true, size: 6, fill: stroke } });
    return {
      height: 200,
      legend: { show: true },
      cursor: { y: false, drag: { x: false, y: false } },
      scales: { x: { time: false }, lambda: {}, radius: {} },
      axes: [
        { ...style, scale: 'x', size: 26, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? String(i) : '')) },
        { ...style, scale: 'lambda', size: 50, values: (_u, splits) => splits.map((v) => `1e${v.toFixed(0)}`) },
        { ...style, scale: 'radius', side: 1, size: 50, grid: { show: false }, values: (_u, splits) => splits.map((v) => `ε 1e${v.toFixed(1)}`) },
      ],
      series: [
        {},
        line('λ at x', c.bar),
        line('λ̄ neighbourhood', c.line, [6, 3]),
        line('λ in ROI', '#d4a017', [2, 3]),
        line('λ of B (compare)', '#9b59b6', [8, 2, 2, 2]),
        { label: 'validity radius ε', scale: 'radius', stroke: 'transparent', points: { show: true, size: 9, fill: '#2ca25f', stroke: '#2ca25f' }, paths: () => null },
      ],
    };
  }, [theme]);

  if (!payload || !data) return null;
  const radiusText = radius
    ? radius.epsilon.map((e, i) => `mode ${i + 1}: ${e === null ? 'not found' : `${radius.status[i] === 'at-least' ? 'at least ' : ''}${formatScientific(e)}`}`).join('; ')
    : 'not computed';
  return (
    <div className="beyond-chart">
      <UPlotChart
        options={options}
        data={data}
        testId="beyond-spectrum-chart"
        label={`Spectra on one chart (log scale): at x ${Array.from(payload.eigenvalues.slice(0, 8), (v) => formatScientific(v)).join(', ')}; validity radius ${radiusText}`}
      />
      {radius ? (
        <p className="beyond-note" data-testid="radius-note" title="How far you can move the image along each sensitive direction (L2 length, model input units) before the quadratic Fisher picture is off by more than 20% from the measured change of the prediction.">
          Validity radius (how far along each direction the second-order picture holds, within 20%): {radiusText}.
        </p>
      ) : null}
      <table className="sr-only" data-testid="radius-table">
        <tbody>
          {radius?.epsilon.map((e, i) => (
            <tr key={i} data-testid="radius-row">
              <td>{i + 1}</td>
              <td data-testid="radius-value">{e === null ? '' : String(e)}</td>
              <td>{radius.status[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
