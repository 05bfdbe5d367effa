import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';

interface Props {
  /** Built once per theme/shape (memoise it): a new object recreates the chart. */
  readonly options: Omit<uPlot.Options, 'width'>;
  /** New data only calls setData. */
  readonly data: uPlot.AlignedData;
  readonly label: string;
  readonly testId?: string;
  /** Called after the chart is created (e.g. to attach a click handler to `u.over`). */
  readonly onCreate?: (chart: uPlot) => (() => void) | void;
}

/**
 * A thin uPlot host: create on mount (and when the options change), setData when the data does,
 * follow the container's width. uPlot draws on a canvas with real axes, ticks and scales (log for
 * the spectrum); it is ~50 KB and fast enough to redraw on every walk step.
 */
export const UPlotChart = memo(function UPlotChart({ options, data, label, testId, onCreate }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latestData = useRef(data);
  latestData.current = data;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const u = new uPlot({ ...options, width: Math.max(120, el.clientWidth) }, latestData.current, el);
    chart.current = u;
    const detach = onCreate?.(u);
    const observer = new ResizeObserver(() => {
      const width = Math.max(120, el.clientWidth);
      if (Math.abs(width - u.width) >= 1) u.setSize({ width, height: options.height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      detach?.();
      u.destroy();
      chart.current = null;
    };
  }, [options, onCreate]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={container} className="chart" role="img" aria-label={label} data-testid={testId} />;
});
