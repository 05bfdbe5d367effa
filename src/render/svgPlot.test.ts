import { describe, expect, it } from 'vitest';
import { dataDomain, escapeXml, svgLinePlot, ticks } from './svgPlot';

describe('svgLinePlot', () => {
  const svg = svgLinePlot({
    title: 'KL <against> ε & more',
    xLabel: 'ε',
    yLabel: 'KL',
    xScale: 'log',
    yScale: 'log',
    series: [
      { name: 'leading', points: [[1e-3, 1e-6], [1e-2, 1e-4], [1e-1, 1e-2]], band: [[1e-3, 5e-7, 2e-6], [1e-2, 5e-5, 2e-4], [1e-1, 5e-3, 2e-2]] },
      { name: 'complement', points: [[1e-3, 0], [1e-2, 1e-9], [1e-1, 1e-6]], dashed: true },
    ],
    referenceLines: [{ y: 1e-8, label: 'floor' }],
  });

  it('is one well-formed svg element with the title escaped', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('KL &lt;against&gt; ε &amp; more');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('draws a band, lines, legend entries and the reference line; skips y ≤ 0 on a log axis', () => {
    expect(svg.match(/<polygon /g)).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('>leading<');
    expect(svg).toContain('>floor<');
    // The complement's first point (y = 0) is dropped: 2 markers for it, 3 for leading.
    expect(svg.match(/<circle /g)).toHaveLength(3 + 2 + 2);
  });

  it('log axes span whole decades with power-of-ten ticks', () => {
    expect(dataDomain([2e-3, 0.5, -1, 0], 'log')).toEqual([1e-3, 1]);
    expect(ticks([1e-3, 1], 'log')).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(ticks([0, 1], 'linear')).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(escapeXml('"a"')).toBe('&quot;a&quot;');
  });

  it('grows to the right for a long legend label, keeping the plot area (the label is measured in the browser by e2e/layout.spec.ts)', () => {
    const spec = { title: 't', xLabel: 'x', yLabel: 'y', width: 640, series: [{ name: 'short', points: [[0, 0], [1, 1]] as [number, number][] }] };
    const frameOf = (text: string): string => /<rect x="74" y="36" width="([\d.]+)"[^>]*fill="none"/.exec(text)?.[1] ?? 'missing';
    const widthOf = (text: string): number => Number(/<svg [^>]*width="(\d+)"/.exec(text)?.[1]);
    const short = svgLinePlot(spec);
    const long = svgLinePlot({ ...spec, series: [{ ...spec.series[0], name: 'removal-leading (at mean |x_high|)' }] });
    expect(widthOf(short)).toBe(640);
    expect(widthOf(long)).toBeGreaterThan(640);
    expect(frameOf(long)).toBe(frameOf(short));
    expect(frameOf(short)).toBe(String(640 - 74 - 190));
  });
});
