import type { DisplayWindow } from './displayWindow';
import { windowFromLevel } from './displayWindow';

/**
 * Named windows (level = centre, width) for CT in Hounsfield units. Values are the common
 * radiology defaults (e.g. Radiopaedia, "Windowing (CT)"): lung W1500/L−600, mediastinum W350/L50,
 * bone W1800/L400, brain W80/L40.
 */
export interface NamedWindow {
  readonly id: string;
  readonly label: string;
  readonly center: number;
  readonly width: number;
}

export const CT_WINDOWS: readonly NamedWindow[] = [
  { id: 'lung', label: 'Lung', center: -600, width: 1500 },
  { id: 'mediastinum', label: 'Mediastinum', center: 50, width: 350 },
  { id: 'bone', label: 'Bone', center: 400, width: 1800 },
  { id: 'brain', label: 'Brain', center: 40, width: 80 },
];

export function namedToWindow(w: Pick<NamedWindow, 'center' | 'width'>): DisplayWindow {
  return windowFromLevel(w.center, w.width);
}

export function levelAndWidth(window: DisplayWindow): { level: number; width: number } {
  return { level: (window.low + window.high) / 2, width: window.high - window.low };
}

/**
 * Window/level by dragging (right mouse button or the W/L tool): left–right changes the width,
 * up–down the level, as in most radiology viewers. `span` is the data's value range; one full
 * panel width of drag (dx = 1) changes the width by that span.
 */
export function dragWindow(start: DisplayWindow, dxFraction: number, dyFraction: number, span: number): DisplayWindow {
  const { level, width } = levelAndWidth(start);
  const scale = span > 0 && Number.isFinite(span) ? span : 1;
  const nextWidth = Math.max(scale * 1e-4, width + dxFraction * scale);
  const nextLevel = level - dyFraction * scale;
  return windowFromLevel(nextLevel, nextWidth);
}
