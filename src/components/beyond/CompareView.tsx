import { useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { RgbaRaster } from '../../render';
import { DIVERGING_MAPS, imageToRaster, ownWindow, paintRaster, perPixelSum, signedToRaster, symmetricLimit } from '../../render';
import type { AppState } from '../../store';
import { axisStyle } from '../charts/chartStyle';
import { UPlotChart } from '../charts/UPlotChart';
import { formatScientific } from '../format';
import { useAppStore } from '../storeContext';
import '../volume/volume.css';

const SERIES_A = '#0072B2';
const SERIES_B = '#D55E00';
const FLOOR = 1e-30;
const log = (v: number | undefined): number | null => (v === undefined || !(v > 0) ? null : Math.log10(Math.max(v, FLOOR)));

function RasterCanvas({ raster, label, testId }: { readonly raster: RgbaRaster | null; readonly label: string; readonly testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintRaster(ref.current, raster);
  }, [raster]);
  return <canvas ref={ref} role="img" aria-label={label} data-testid={testId} tabIndex={0} />;
}

type ComparePayload = NonNullable<AppState['compare']>;
type Display = NonNullable<ComparePayload['display']>;

/** x (its own 1–99 % window) and v_1 (diverging, the 99th percentile of |v| saturating), as the main panels draw them. */
function sideRasters(display: Display, x: Float32Array, leading: Float32Array | null, colorMap: keyof typeof DIVERGING_MAPS) {
  const [height, width, channels] = display.inputShape;
  const image = imageToRaster({ width, height, channels, data: x }, ownWindow(x));
  if (!leading) return { image, mode: null };
  const summed = perPixelSum({ width, height, channels, data: leading });
  return { image, mode: signedToRaster(summed, width, height, symmetricLimit(summed, 0.99), DIVERGING_MAPS[colorMap]) };
}

function Side({ name, title, x, leading, display, testId }: { readonly name: 'A' | 'B'; readonly title: string; readonly x: Float32Array; readonly leading: Float32Array | null; readonly display: Display; readonly testId: string }) {
  const colorMap = useAppStore((s) => s.colorMap);
  const rasters = useMemo(() => sideRasters(display, x, leading, colorMap), [display, x, leading, colorMap]);
  return (
    <figure data-testid={testId}>
      <RasterCanvas raster={rasters.image} label={`${name}: the model input of ${title}`} testId={`${testId}-image`} />
      <RasterCanvas raster={rasters.mode} label={rasters.mode ? `${name}: its most sensitive direction v1` : `${name}: no sensitive direction`} testId={`${testId}-mode`} />
      <figcaption>
        <strong style={{ color: name === 'A' ? SERIES_A : SERIES_B }}>{name}</strong>: {title} (input, v₁)
      </figcaption>
    </figure>
  );
}

/** Both spectra on one log chart: two series, a legend naming A and B. */
function CompareSpectrumChart({ compare, labelA, labelB }: { readonly compare: ComparePayload; readonly labelA: string; readonly labelB: string }) {
  const theme = useAppStore((s) => s.theme);
  const data = useMemo((): uPlot.AlignedData => {
    const count = Math.min(32, Math.max(compare.a.eigenvalues.length, compare.b.eigenvalues.length, 1));
    const x = Array.from({ length: count }, (_, i) => i + 1);
    return [x, x.map((_, i) => log(compare.a.eigenvalues[i])), x.map((_, i) => log(compare.b.eigenvalues[i]))];
  }, [compare]);
  const options = useMemo((): Omit<uPlot.Options, 'width'> => {
    const style = axisStyle(theme);
    const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({ label, stroke, width: 2, dash, points: { show: true, size: 6, fill: stroke } });
    return {
      height: 180,
      legend: { show: true },
      cursor: { y: false, drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        { ...style, size: 26, values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? String(i) : '')) },
        { ...style, size: 50, values: (_u, splits) => splits.map((v) => `1e${v.toFixed(0)}`) },
      ],
      series: [{}, line(`A: ${labelA}`, SERIES_A), line(`B: ${labelB}`, SERIES_B, [6, 3])],
    };
  }, [theme, labelA, labelB]);
  const text = (values: readonly number[]) => values.slice(0, 8).map((v) => formatScientific(v)).join(', ');
  return <UPlotChart options={options} data={data} testId="compare-spectrum-chart" label={`Spectra of A (${labelA}): ${text(compare.a.eigenvalues)}; of B (${labelB}): ${text(compare.b.eigenvalues)}`} />;
}

/**
 * The compare view (issue 15's "Compare"): A and B side by side (model input and leading direction
 * each), both spectra on one chart, and the principal angles between their leading subspaces.
 */
export function CompareView() {
  const compare = useAppStore((s) => s.compare);
  const imageName = useAppStore((s) => s.image?.name ?? 'the image');
  if (!compare?.display) return null;
  const display = compare.display;
  const labelA = `${compare.a.model} on ${imageName}`;
  const changes = [
    compare.b.change.noiseSigma !== null ? `noise σ = ${compare.b.change.noiseSigma}` : null,
    compare.b.change.window ? `window ${compare.b.change.window.centre},${compare.b.change.window.width}` : null,
    compare.b.change.scale !== null ? `resampled ×${compare.b.change.scale}` : null,
  ].filter((c): c is string => c !== null);
  const labelB = `${compare.b.model} on ${compare.b.image === 'the same image' ? imageName : compare.b.image}${changes.length ? ` (${changes.join(', ')})` : ''}`;
  return (
    <section className="compare-view" data-testid="compare-view" aria-label="A and B side by side">
      <div className="compare-side">
        <Side name="A" title={labelA} x={display.xModelSpaceA} leading={display.leadingA} display={display} testId="compare-a" />
        <Side name="B" title={labelB} x={display.xModelSpaceB} leading={display.leadingB} display={display} testId="compare-b" />
      </div>
      <CompareSpectrumChart compare={compare} labelA={labelA} labelB={labelB} />
      <p data-testid="compare-angles" data-angles={JSON.stringify(compare.anglesDegrees)}>
        Principal angles between the leading {compare.k} direction{compare.k === 1 ? '' : 's'} of A and B: {compare.anglesDegrees.map((d) => `${d.toFixed(2)}°`).join(', ') || 'none (a model has no sensitive direction here)'} (0°: the
        same directions, 90°: unrelated).
      </p>
    </section>
  );
}
