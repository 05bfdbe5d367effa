import { useMemo } from 'react';
import type { DisplayWindow } from '../render';
import { imageToRaster, rangeWindow } from '../render';
import type { ProjectionSeries } from '../store';
import { effectiveK, useAppStore } from '../store';
import { formatRange } from './format';
import { subscript } from './ModeControls';
import { Panel } from './Panel';
import { RasterCanvas } from './RasterCanvas';

function useComponentRaster(series: ProjectionSeries | null, values: Float32Array | null, window: DisplayWindow | null) {
  return useMemo(() => {
    if (!series || !values || !window) return null;
    return imageToRaster({ width: series.width, height: series.height, channels: series.channels, data: values }, window);
  }, [series, values, window]);
}

/**
 * x_high(k) (its own full range: it is small) and x_low(k) (the window of x as the model saw it,
 * so that x_low(0) looks exactly like x). Both in display space: the model's normalisation undone.
 */
export function ProjectionPanels() {
  const series = useAppStore((s) => s.projections);
  const k = useAppStore(effectiveK);
  const high = series?.high[k] ?? null;
  const low = series?.low[k] ?? null;
  const highWindow = useMemo(() => (high ? rangeWindow(high) : null), [high]);
  const lowWindow = useMemo(() => (series ? rangeWindow(series.x) : null), [series]);
  const highRaster = useComponentRaster(series, high, highWindow);
  const lowRaster = useComponentRaster(series, low, lowWindow);
  const size = series ? `${series.width}×${series.height} (model input)` : '';
  return (
    <>
      <Panel
        title={`High-sensitivity component x_high(${k})`}
        testId="high-panel"
        caption={series && highWindow ? `${k === 0 ? 'No modes: zero' : k === 1 ? 'x projected on v₁' : `x projected on the span of v₁…v${subscript(k)}`}; ${size}; window ${formatRange(highWindow.low, highWindow.high)}` : 'no analysis yet'}
      >
        <RasterCanvas raster={highRaster} label={`the high-sensitivity component with k = ${k}`} testId="high-canvas" />
      </Panel>
      <Panel
        title={`Complementary component x_low(${k})`}
        testId="low-panel"
        caption={series && lowWindow ? `x − x_high(${k}); ${size}; same window as x: ${formatRange(lowWindow.low, lowWindow.high)}` : 'no analysis yet'}
      >
        <RasterCanvas raster={lowRaster} label={`the complementary component with k = ${k}`} testId="low-canvas" />
      </Panel>
    </>
  );
}
