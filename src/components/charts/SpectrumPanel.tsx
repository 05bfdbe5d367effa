import { useCallback, useMemo } from 'react';
import type uPlot from 'uplot';
import uPlotLib from 'uplot';
import { cumulativeShare, effectiveMode, isBinarySoftmax, rankBound } from '../../store';
import { formatPercent, formatScientific, subscript } from '../format';
import { Panel } from '../Panel';
import { CHARTS } from '../viewConfig';
import { axisStyle, colors } from './chartStyle';
import { UPlotChart } from './UPlotChart';
import { useAppStore, useStoreApi } from '../storeContext';

/** Whole decades between min and max (log10 units), at most six labels. */
function decadeSplits(min: number, max: number): number[] {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  const step = Math.max(1, Math.ceil((hi - lo + 1) / 6));
  const out: number[] = [];
  for (let d = hi; d >= lo; d -= step) out.unshift(d);
  return out;
}

/** Keys of the spectrum's slider: a step, or a jump to the first / last direction. */
const SPECTRUM_KEYS: Readonly<Record<string, number | 'first' | 'last'>> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, Home: 'first', End: 'last' };

/**
 * The eigenvalue spectrum λ₁ ≥ λ₂ ≥ … on a log axis, the cumulative share of tr F on the right,
 * the selected mode highlighted; clicking a bar selects that mode, and so do the arrow keys when
 * the chart has the focus (it is a slider over the directions).
 */
export function SpectrumPanel() {
  const store = useStoreApi();
  const payload = useAppStore((s) => s.payload);
  const mode = useAppStore(effectiveMode);
  const theme = useAppStore((s) => s.theme);
  const binary = useAppStore(isBinarySoftmax);
  const bound = useAppStore(rankBound);

  const data = useMemo((): uPlot.AlignedData | null => {
    if (!payload) return null;
    const values = Array.from(payload.eigenvalues);
    const floor = Math.max(values[0] ?? 0, 1e-30) * CHARTS.logFloorRelative;
    const x = values.map((_, i) => i + 1);
    // log10(λ) on a linear axis: uPlot's own log axis fails on values near 1e-30 (saturated
    // predictions have eigenvalues that small), and decades are all the labels needed.
    const shown = values.map((v) => Math.log10(Math.max(v, floor)));
    const live = shown.map((v, i) => (i < payload.modeCount && i !== mode ? v : null));
    const selected = shown.map((v, i) => (i === mode ? v : null));
    const zero = shown.map((v, i) => (i >= payload.rank ? v : null));
    const cumulative = Array.from(cumulativeShare(values, payload.traceFisher), (c) => 100 * c);
    return [x, live, selected, zero, cumulative];
  }, [payload, mode]);

  const options = useMemo((): Omit<uPlot.Options, 'width'> => {
    const c = colors(theme);
    const style = axisStyle(theme);
    const bars = uPlotLib.paths.bars?.({ size: [0.7, 48], align: 0 });
    const barSeries = (label: string, fill: string): uPlot.Series => ({ label, fill, stroke: fill, paths: bars, points: { show: false }, scale: 'lambda', fillTo: (u) => u.scales.lambda.min ?? 0 });
    const decades = (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [Math.floor(min) - 0.05, Math.max(Math.ceil(max), Math.floor(min) + 1) + 0.05];
    return {
      height: CHARTS.height.spectrum,
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, lambda: { range: decades }, share: { range: [0, 100] } },
      axes: [
        { ...style, scale: 'x', size: 28, grid: { show: false }, splits: (u) => (u.data[0] as number[]).slice(), values: (_u, splits) => splits.map((i) => `λ${subscript(i)}`) },
        { ...style, scale: 'lambda', size: 48, splits: (u) => decadeSplits(u.scales.lambda.min ?? 0, u.scales.lambda.max ?? 1), values: (_u, splits) => splits.map((v) => `1e${v}`) },
        { ...style, scale: 'share', side: 1, size: 46, grid: { show: false }, values: (_u, splits) => splits.map((v) => `${v}%`) },
      ],
      series: [
        {},
        barSeries('λ', c.bar),
        barSeries('λ (selected)', c.barSelected),
        barSeries('numerically zero', c.barMuted),
        { label: 'cumulative share of tr F', scale: 'share', stroke: c.line, width: 2, points: { show: true, size: 5, fill: c.line } },
      ],
    };
  }, [theme]);

  // Click a bar: select its mode (numerically zero ones have no image-space vector).
  const onCreate = useCallback((u: uPlot) => {
    const onClick = (): void => {
      const idx = u.cursor.idx;
      const p = store.getState().payload;
      if (idx != null && p && idx < p.modeCount) store.getState().setSelectedMode(idx);
    };
    u.over.addEventListener('click', onClick);
    u.over.style.cursor = 'pointer';
    return () => u.over.removeEventListener('click', onClick);
  }, []);

  if (!payload || !data) {
    return (
      <Panel title="Sensitivity spectrum" testId="eigenvalue-panel">
        <p className="muted">no analysis yet</p>
      </Panel>
    );
  }
  const classes = payload.classes.length;
  const trace = payload.traceFisher;
  return (
    <Panel
      title="Sensitivity spectrum (eigenvalues of the iFIM)"
      testId="eigenvalue-panel"
      tour="spectrum"
      caption={
        <>
          How strongly each direction moves the prediction (log scale); line: cumulative share of tr F = {formatScientific(trace)}. Click a bar to show its direction. Numerical rank{' '}
          <strong data-testid="rank">{payload.rank}</strong> (at most {bound}: {payload.head === 'softmax' ? `C − 1 for a softmax head with C = ${classes}` : `C for ${classes} sigmoid outputs`}).
          {binary ? <> A binary softmax classifier has exactly one sensitive direction.</> : null}
        </>
      }
    >
      {/* A slider over the bars: ← → (↑ ↓) step through the directions, Home / End jump to the ends. */}
      <div
        className="spectrum-control"
        role="slider"
        tabIndex={payload.modeCount > 0 ? 0 : -1}
        aria-label="Direction shown (arrow keys, Home, End)"
        aria-orientation="horizontal"
        aria-valuemin={1}
        aria-valuemax={Math.max(1, payload.modeCount)}
        aria-valuenow={mode === null ? 1 : mode + 1}
        aria-valuetext={mode === null ? 'no direction' : `λ${subscript(mode + 1)} = ${formatScientific(payload.eigenvalues[mode])}${trace > 0 ? `, ${formatPercent(payload.eigenvalues[mode] / trace)} of tr F` : ''}`}
        data-testid="spectrum-control"
        onKeyDown={(e) => {
          const step = SPECTRUM_KEYS[e.key];
          if (step === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
          e.preventDefault();
          const s = store.getState();
          const count = s.payload?.modeCount ?? 0;
          if (count === 0) return;
          const current = mode ?? 0;
          s.setSelectedMode(step === 'first' ? 0 : step === 'last' ? count - 1 : Math.max(0, Math.min(count - 1, current + step)));
        }}
      >
        <UPlotChart options={options} data={data} onCreate={onCreate} label={`Eigenvalue spectrum: ${Array.from(payload.eigenvalues, (v, i) => `λ${i + 1} = ${formatScientific(v)}`).join(', ')}`} testId="spectrum-chart" />
      </div>
      <div className="sr-only">
        <table className="numbers" data-testid="eigenvalues">
          <thead>
            <tr>
              <th>mode</th>
              <th>λ</th>
              <th>share of tr F</th>
            </tr>
          </thead>
          <tbody>
            {Array.from(payload.eigenvalues, (value, i) => (
              <tr key={i}>
                <td>λ{subscript(i + 1)}</td>
                <td>{formatScientific(value)}</td>
                <td>{i < payload.rank ? formatPercent(trace > 0 ? value / trace : 0) : 'numerically zero'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
