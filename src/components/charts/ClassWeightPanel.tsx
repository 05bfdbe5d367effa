import { useMemo } from 'react';
import type uPlot from 'uplot';
import uPlotLib from 'uplot';
import { effectiveMode, gramEigenvector } from '../../store';
import { subscript } from '../format';
import { Panel } from '../Panel';
import { classAxisOptions, classChartHeight, colors } from './chartStyle';
import { UPlotChart } from './UPlotChart';
import { useAppStore } from '../storeContext';

/**
 * The selected mode's Gram eigenvector u_i over the classes. u_i = A J v_i / √λ_i: each entry is
 * the change of that class's probability per unit step along +v_i, divided by √p_c (softmax) or
 * √(q_c(1 − q_c)) (sigmoid). So the signs say which classes a step along v_i trades between.
 */
export function ClassWeightPanel() {
  const payload = useAppStore((s) => s.payload);
  const mode = useAppStore(effectiveMode);
  const theme = useAppStore((s) => s.theme);
  const classes = payload?.classes;

  const u = useMemo(() => (payload && mode !== null ? gramEigenvector({ payload }, mode) : null), [payload, mode]);
  const limit = useMemo(() => (u ? Math.max(1e-12, ...Array.from(u, Math.abs)) : 1), [u]);

  const options = useMemo((): Omit<uPlot.Options, 'width'> | null => {
    if (!classes) return null;
    const c = colors(theme);
    const bars = uPlotLib.paths.bars?.({ size: [0.7, 16], align: 0 });
    return {
      height: classChartHeight(classes.length),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, ori: 1, dir: -1, range: [-0.5, classes.length - 0.5] }, y: { ori: 0, range: (_u, min, max) => { const m = Math.max(Math.abs(min), Math.abs(max), 1e-12); return [-m, m]; } } },
      axes: classAxisOptions(theme, classes, (v) => (Math.abs(v) < 1e-9 ? '0' : v.toFixed(2))),
      series: [
        {},
        { label: 'gains', fill: c.positive, stroke: c.positive, paths: bars, points: { show: false } },
        { label: 'loses', fill: c.negative, stroke: c.negative, paths: bars, points: { show: false } },
      ],
    };
  }, [classes, theme]);

  const data = useMemo((): uPlot.AlignedData | null => {
    if (!u) return null;
    const values = Array.from(u);
    // Gains and losses as two series, for their two colours; the scale keeps 0 in the middle.
    return [values.map((_, i) => i), values.map((v) => (v >= 0 ? v : null)), values.map((v) => (v < 0 ? v : null))];
  }, [u]);

  const name = mode === null ? 'vᵢ' : `v${subscript(mode + 1)}`;
  return (
    <Panel
      title={`Which classes ${name} moves between`}
      testId="class-weight-panel"
      caption={u ? <>Gram eigenvector u{mode === null ? 'ᵢ' : subscript(mode + 1)}: a step along +{name} raises the classes with bars to the right (red) and lowers those to the left (blue).</> : undefined}
    >
      {payload && options && data && u ? (
        <>
          <UPlotChart options={options} data={data} label={`Class weights of ${name}: ${payload.classes.map((c, i) => `${c} ${u[i].toFixed(2)}`).join(', ')} (range ±${limit.toFixed(2)})`} testId="class-weight-chart" />
          <ul className="sr-only" data-testid="class-weights">
            {payload.classes.map((c, i) => (
              <li key={c}>
                {c}: {u[i].toFixed(3)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">no analysis yet</p>
      )}
    </Panel>
  );
}
