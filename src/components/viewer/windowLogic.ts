import type { DisplayWindow } from '../../render';
import { CT_WINDOWS, histogramQuantileWindow, namedToWindow, rangeWindow } from '../../render';
import type { AppState, PanelId, RawImage } from '../../store';
import { effectiveK } from '../../store';

/**
 * Window presets for every panel. The image panel: the file's windows, percentiles, full range,
 * and for CT the named CT windows. The model-input, x_high and x_low panels: their own 1st–99th
 * percentile (the default, so each shows its own contrast), their own full range, and the window
 * of x (the shared window: x_high and x_low read on one scale with the model input).
 */
export interface WindowPreset {
  readonly id: string;
  readonly label: string;
  /** null: the panel's default window. */
  readonly window: DisplayWindow | null;
}

export function imagePresets(raw: RawImage): WindowPreset[] {
  const out: WindowPreset[] = [{ id: 'default', label: raw.filePresets.length ? 'Default (the file’s window)' : 'Default (1st–99th percentile)', window: null }];
  raw.filePresets.forEach((p, i) => out.push({ id: `file-${i}`, label: `File: ${p.label}`, window: p.window }));
  out.push({ id: 'p1-99', label: '1st–99th percentile', window: histogramQuantileWindow(raw.data, 0.01, 0.99) });
  out.push({ id: 'full', label: 'Full range (min–max)', window: rangeWindow(raw.data) });
  if (raw.isCt) for (const w of CT_WINDOWS) out.push({ id: `ct-${w.id}`, label: `CT ${w.label} (W ${w.width} / L ${w.center})`, window: namedToWindow(w) });
  return out;
}

export function derivedPresets(values: ArrayLike<number>, shared: DisplayWindow): WindowPreset[] {
  return [
    { id: 'default', label: 'Own 1st–99th percentile (default)', window: null },
    { id: 'full', label: 'Own full range', window: rangeWindow(values) },
    { id: 'shared', label: 'Window of x (shared)', window: shared },
  ];
}

/** Which preset a window is, or 'custom' (dragged). */
export function presetIdOf(presets: readonly WindowPreset[], window: DisplayWindow | null): string {
  if (window === null) return 'default';
  return presets.find((p) => p.window && sameWindow(p.window, window))?.id ?? 'custom';
}

export function sameWindow(a: DisplayWindow, b: DisplayWindow): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(a.high - a.low));
  return Math.abs(a.low - b.low) <= tolerance && Math.abs(a.high - b.high) <= tolerance;
}

/** Hotkey n (0-based) → the panel's nth preset, or undefined when it has fewer. */
export function presetForHotkey(presets: readonly WindowPreset[], index: number): WindowPreset | undefined {
  return presets[index];
}

export const PANEL_NAMES: Readonly<Record<PanelId, string>> = { image: 'the image', mode: 'the sensitive direction', high: 'x_high(k)', low: 'x_low(k)' };

/** The presets of a panel as it is shown now (none for the sensitive direction, whose range is symmetric). */
export function presetsFor(s: AppState, panel: PanelId): WindowPreset[] {
  const r = s.rasters;
  const p = s.projections;
  if (panel === 'image' && s.imageView === 'original' && s.image) return imagePresets(s.image.raw);
  if (!r || !p) return [];
  const k = effectiveK(s);
  if (panel === 'image') return derivedPresets(p.x, r.lowWindow);
  if (panel === 'high') return derivedPresets(p.high[k], r.lowWindow);
  if (panel === 'low') return derivedPresets(p.low[k], r.lowWindow);
  return [];
}

/** Sets a panel's window to a preset (null window: the panel's default). */
export function applyPreset(s: AppState, panel: PanelId, preset: WindowPreset): void {
  if (panel === 'image' && s.imageView === 'original') s.setDisplayWindow(preset.window);
  else if (panel === 'image') s.setPanelWindow('input', preset.window);
  else if (panel === 'high' || panel === 'low') s.setPanelWindow(panel, preset.window);
}

/** The window a panel shows now, for matching it against the presets. */
export function currentWindowOf(s: AppState, panel: PanelId): DisplayWindow | null {
  if (panel === 'image' && s.imageView === 'original') return s.displayWindow;
  if (panel === 'image') return s.panelWindows.input;
  if (panel === 'high' || panel === 'low') return s.panelWindows[panel];
  return null;
}
