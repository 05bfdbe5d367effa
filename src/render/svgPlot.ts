/**
 * Line plots as standalone SVG text, for the evidence figures the CLI writes (and anything else
 * that wants a figure without a DOM): linear or log axes, lines with optional markers and shaded
 * bands (e.g. interquartile ranges), horizontal reference lines, a legend. Pure string building.
 *
 * Written here rather than taken from a library: the charting libraries in use (uPlot in the app)
 * draw on a canvas in a DOM; the SVG-producing ones (d3, Vega) are large for five static figures
 * and need a DOM shim in Node. This file needs nothing.
 */
export type AxisScale = 'linear' | 'log';

export interface PlotSeries {
  readonly name: string;
  /** CSS colour; default from a colour-blind-safe palette (Okabe & Ito 2008). */
  readonly color?: string;
  /** (x, y) points; non-finite values (and non-positive ones on a log axis) break the line. */
  readonly points: ReadonlyArray<readonly [number, number]>;
  /** (x, low, high): a shaded band around the line. */
  readonly band?: ReadonlyArray<readonly [number, number, number]>;
  readonly dashed?: boolean;
  /** Draw a dot at each point (default true); `line: false` for markers only. */
  readonly markers?: boolean;
  readonly line?: boolean;
}

export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
  readonly color?: string;
}

export interface LinePlotSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale?: AxisScale;
  readonly yScale?: AxisScale;
  readonly series: readonly PlotSeries[];
  readonly referenceLines?: readonly ReferenceLine[];
  /** Fixed ranges; default: the data's (positive data only on log axes). */
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  readonly width?: number;
  readonly height?: number;
}

export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

const MARGIN = { top: 36, right: 190, bottom: 52, left: 74 };
/** An upper bound of the mean glyph width of 12 px Helvetica/Arial text (measured ≈ 5.5 px), for the legend's room. */
const LEGEND_CHAR_WIDTH = 6.6;

export function svgLinePlot(spec: LinePlotSpec): string {
  // The plot area keeps the width asked for; the figure grows to the right until the longest
  // legend label fits (it used to run past the edge and be cut).
  const labels = [...spec.series.map((s) => s.name), ...(spec.referenceLines ?? []).map((r) => r.label)];
  const legendWidth = 14 + 28 + Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * LEGEND_CHAR_WIDTH) + 8;
  const width = (spec.width ?? 720) + Math.max(0, legendWidth - MARGIN.right);
  const height = spec.height ?? 440;
  const xScale = spec.xScale ?? 'linear';
  const yScale = spec.yScale ?? 'linear';
  const plotW = (spec.width ?? 720) - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series) {
    for (const [x, y] of s.points) {
      xs.push(x);
      ys.push(y);
    }
    for (const [x, lo, hi] of s.band ?? []) {
      xs.push(x);
      ys.push(lo, hi);
    }
  }
  for (const r of spec.referenceLines ?? []) ys.push(r.y);
  const xDomain = spec.xDomain ?? dataDomain(xs, xScale);
  const yDomain = spec.yDomain ?? dataDomain(ys, yScale);
  const px = axisMap(xDomain, xScale, MARGIN.left, MARGIN.left + plotW);
  const py = axisMap(yDomain, yScale, MARGIN.top + plotH, MARGIN.top);
  const usable = (x: number, y: number): boolean =>
    Number.isFinite(x) && Number.isFinite(y) && (xScale === 'linear' || x > 0) && (yScale === 'linear' || y > 0);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`);
  parts.push(`<defs><clipPath id="plot-area"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`);

  // Grid and ticks.
  for (const t of ticks(xDomain, xScale)) {
    const x = fmt(px(t));
    parts.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${tickLabel(t, xScale)}</text>`);
  }
  for (const t of ticks(yDomain, yScale)) {
    const y = fmt(py(t));
    parts.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${tickLabel(t, yScale)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333333"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);

  const clipped: string[] = [];
  spec.series.forEach((s, i) => {
    const color = s.color ?? OKABE_ITO[i % OKABE_ITO.length];
    const band = (s.band ?? []).filter(([x, lo, hi]) => usable(x, lo) && usable(x, hi));
    if (band.length >= 2) {
      const upper = band.map(([x, , hi]) => `${fmt(px(x))},${fmt(py(hi))}`);
      const lower = band.map(([x, lo]) => `${fmt(px(x))},${fmt(py(lo))}`).reverse();
      clipped.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
    }
    if (s.line !== false) {
      for (const segment of segments(s.points, usable)) {
        if (segment.length < 2) continue;
        const d = segment.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${fmt(px(x))},${fmt(py(y))}`).join(' ');
        clipped.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      }
    }
    if (s.markers !== false) {
      for (const [x, y] of s.points) if (usable(x, y)) clipped.push(`<circle cx="${fmt(px(x))}" cy="${fmt(py(y))}" r="3" fill="${color}"/>`);
    }
  });
  for (const r of spec.referenceLines ?? []) {
    if (!usable(xDomain[0], r.y)) continue;
    const y = fmt(py(r.y));
    clipped.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="${r.color ?? '#777777'}" stroke-dasharray="2 3"/>`);
  }
  parts.push(`<g clip-path="url(#plot-area)">${clipped.join('')}</g>`);

  // Legend.
  const legendX = MARGIN.left + plotW + 14;
  let legendY = MARGIN.top + 8;
  spec.series.forEach((s, i) => {
    const color = s.color ?? OKABE_ITO[i % OKABE_ITO.length];
    parts.push(`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 22}" y2="${legendY}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}${s.line === false ? ' stroke-opacity="0"' : ''}/>`);
    if (s.markers !== false) parts.push(`<circle cx="${legendX + 11}" cy="${legendY}" r="3" fill="${color}"/>`);
    parts.push(`<text x="${legendX + 28}" y="${legendY}" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
    legendY += 18;
  });
  for (const r of spec.referenceLines ?? []) {
    parts.push(`<line x1="${legendX}" y1="${legendY}" x2="${legendX + 22}" y2="${legendY}" stroke="${r.color ?? '#777777'}" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${legendX + 28}" y="${legendY}" dominant-baseline="middle">${escapeXml(r.label)}</text>`);
    legendY += 18;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** The data's range, padded a little; log axes use positive values only and whole decades. */
export function dataDomain(values: readonly number[], scale: AxisScale): [number, number] {
  const usable = values.filter((v) => Number.isFinite(v) && (scale === 'linear' || v > 0));
  if (usable.length === 0) return scale === 'log' ? [1, 10] : [0, 1];
  let lo = Math.min(...usable);
  let hi = Math.max(...usable);
  if (scale === 'log') return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + (lo === hi ? 1 : 0))];
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = 0.04 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** Tick values: powers of ten (thinned to at most ~8) on log axes; 1-2-5 steps on linear axes. */
export function ticks([lo, hi]: readonly [number, number], scale: AxisScale): number[] {
  if (scale === 'log') {
    const a = Math.ceil(Math.log10(lo) - 1e-9);
    const b = Math.floor(Math.log10(hi) + 1e-9);
    const every = Math.max(1, Math.ceil((b - a + 1) / 8));
    const out: number[] = [];
    for (let e = a; e <= b; e += every) out.push(10 ** e);
    return out;
  }
  const raw = (hi - lo) / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function tickLabel(value: number, scale: AxisScale): string {
  if (scale === 'log') {
    const e = Math.round(Math.log10(value));
    return e >= -2 && e <= 3 ? String(Number(value.toPrecision(1))) : `1e${e}`;
  }
  return String(Number(value.toPrecision(6)));
}

function axisMap([lo, hi]: readonly [number, number], scale: AxisScale, from: number, to: number): (v: number) => number {
  const t = scale === 'log' ? Math.log10 : (v: number): number => v;
  const a = t(lo);
  const b = t(hi);
  return (v) => from + ((t(v) - a) / (b - a || 1)) * (to - from);
}

function segments(points: ReadonlyArray<readonly [number, number]>, usable: (x: number, y: number) => boolean): Array<Array<readonly [number, number]>> {
  const out: Array<Array<readonly [number, number]>> = [[]];
  for (const p of points) {
    if (usable(p[0], p[1])) out[out.length - 1].push(p);
    else if (out[out.length - 1].length > 0) out.push([]);
  }
  return out;
}

function fmt(v: number): string {
  return v.toFixed(2);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
