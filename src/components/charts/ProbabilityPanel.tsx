import { useMemo } from 'react';
import type uPlot from 'uplot';
import uPlotLib from 'uplot';
import { describeGroundTruth, formatPercent } from '../format';
import { Panel } from '../Panel';
import { classAxisOptions, classChartHeight, colors } from './chartStyle';
import { UPlotChart } from './UPlotChart';
import { useAppStore } from '../storeContext';

/**
 * The model's predictive distribution for this image — and, while walking along a direction, at
 * x + εd beside it, so the bars move as the slider does. Ground truth of a demo sample below.
 */
export function ProbabilityPanel() {
  const payload = useAppStore((s) => s.payload);
  const walk = useAppStore((s) => (s.walkResult && s.walkResult.epsilon !== 0 ? s.walkResult : null));
  const theme = useAppStore((s) => s.theme);
  const groundTruth = useAppStore((s) => (s.image?.source.kind === 'sample' ? describeGroundTruth(s.sampleCatalog.find((e) => e.id === s.image?.id)?.groundTruth) : null));
  const classes = payload?.classes;

  const options = useMemo((): Omit<uPlot.Options, 'width'> | null => {
    if (!classes) return null;
    const c = colors(theme);
    return {
      height: classChartHeight(classes.length),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, ori: 1, dir: -1, range: [-0.5, classes.length - 0.5] }, y: { ori: 0, range: [0, 1] } },
      axes: classAxisOptions(theme, classes, (v) => `${Math.round(v * 100)}%`),
      series: [
        {},
        { label: 'p(x)', fill: c.bar, stroke: c.bar, paths: uPlotLib.paths.bars?.({ size: [0.8, 16], align: 0 }), points: { show: false } },
        { label: 'p(x + εd)', fill: c.barWalk, stroke: c.barWalk, paths: uPlotLib.paths.bars?.({ size: [0.35, 7], align: 0 }), points: { show: false } },
      ],
    };
  }, [classes, theme]);

  const data = useMemo((): uPlot.AlignedData | null => {
    if (!payload) return null;
    const x = payload.classes.map((_, i) => i);
    return [x, Array.from(payload.probabilities), payload.classes.map((_, i) => (walk ? walk.probabilities[i] : null))];
  }, [payload, walk]);

  const title = payload?.head === 'sigmoid' ? 'Label probabilities q = σ(z)' : 'Class probabilities p = softmax(z)';
  return (
    <Panel
      title={title}
      testId="probability-panel"
      tour="probabilities"
      caption={
        <>
          {walk ? <>Thin bars: after the walk step (ε = {walk.epsilon.toPrecision(3)}). </> : null}
          {groundTruth ? <>Ground truth: {groundTruth}.</> : null}
        </>
      }
    >
      {payload && options && data ? (
        <>
          <UPlotChart options={options} data={data} label={`${title}: ${payload.classes.map((c, i) => `${c} ${formatPercent(payload.probabilities[i])}`).join(', ')}`} testId="probability-chart" />
          <ul className="sr-only" data-testid="probabilities">
            {payload.classes.map((name, i) => (
              <li key={name}>
                {name}: {formatPercent(payload.probabilities[i])}
                {walk ? `, after the step ${formatPercent(walk.probabilities[i])}` : ''}
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
