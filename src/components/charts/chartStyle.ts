import type uPlot from 'uplot';
import type { Theme } from '../../store';
import type { ThemeColors } from '../viewConfig';
import { CHARTS, THEMES } from '../viewConfig';

/** Axis styling shared by the charts, from the theme's colours (viewConfig). */
export function axisStyle(theme: Theme): Pick<uPlot.Axis, 'stroke' | 'font' | 'grid' | 'ticks'> {
  const c = THEMES[theme];
  return { stroke: c.muted, font: CHARTS.font, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
}

export function colors(theme: Theme): ThemeColors {
  return THEMES[theme];
}

/** Horizontal class charts: classes down the left, values along the bottom. */
export function classAxisOptions(theme: Theme, classes: readonly string[], valueFormat: (v: number) => string): uPlot.Axis[] {
  const style = axisStyle(theme);
  const longest = Math.max(4, ...classes.map((c) => c.length));
  return [
    {
      ...style,
      scale: 'x',
      side: 3,
      size: Math.min(140, 12 + longest * 6.6),
      grid: { show: false },
      splits: () => classes.map((_, i) => i),
      values: (_u, splits) => splits.map((i) => classes[i] ?? ''),
    },
    { ...style, scale: 'y', side: 2, size: 30, values: (_u, splits) => splits.map(valueFormat) },
  ];
}

export function classChartHeight(classes: number): number {
  return Math.max(90, 34 + classes * 24);
}
