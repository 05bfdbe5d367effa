import type { Theme } from '../store';

/**
 * Visual constants of the viewer in one place (after poloclub/cnn-explainer's src/config.js):
 * theme colours (also written to the CSS custom properties, so CSS, canvases and charts agree),
 * chart styling, interaction constants and the keyboard map. Colour maps for data live in
 * src/render/colorMaps.ts; this file only picks among them.
 */
export interface ThemeColors {
  readonly bg: string;
  readonly panel: string;
  readonly panelEdge: string;
  readonly text: string;
  readonly muted: string;
  readonly accent: string;
  readonly error: string;
  readonly ok: string;
  readonly warn: string;
  /** Behind images on the canvases (a radiology viewer's black, in both themes). */
  readonly canvas: string;
  readonly grid: string;
  readonly bar: string;
  readonly barMuted: string;
  readonly barSelected: string;
  readonly barWalk: string;
  readonly line: string;
  readonly positive: string;
  readonly negative: string;
  /** Ground-truth outline: yellow reads against gray images and both diverging maps. */
  readonly outline: string;
  readonly crosshair: string;
  readonly focus: string;
}

export const THEMES: Readonly<Record<Theme, ThemeColors>> = {
  dark: {
    bg: '#0f1216',
    panel: '#181d23',
    panelEdge: '#2a323c',
    text: '#e6e9ed',
    muted: '#9aa4b0',
    accent: '#7fb4ff',
    error: '#ff8a80',
    ok: '#8fd694',
    warn: '#ffd37f',
    canvas: '#000000',
    grid: '#2a323c',
    bar: '#5b9be0',
    barMuted: '#3a4654',
    barSelected: '#ffd166',
    barWalk: '#f78c6b',
    line: '#c3a6ff',
    positive: '#d6604d',
    negative: '#4393c3',
    outline: '#ffe14d',
    crosshair: '#00e5ff',
    focus: '#ffd166',
  },
  light: {
    bg: '#f4f6f8',
    panel: '#ffffff',
    panelEdge: '#cfd6de',
    text: '#1b2026',
    muted: '#56616d',
    accent: '#1f5fbf',
    error: '#b3261e',
    ok: '#1e7b34',
    warn: '#8a5a00',
    canvas: '#000000',
    grid: '#e1e6eb',
    bar: '#2f6db5',
    barMuted: '#b7c2ce',
    barSelected: '#c77d00',
    barWalk: '#d1495b',
    line: '#6a3fb5',
    positive: '#b2182b',
    negative: '#2166ac',
    outline: '#ffd400',
    crosshair: '#00b8d4',
    focus: '#c77d00',
  },
};

/** Writes a theme's colours to CSS custom properties (--bg, --panel-edge, …) on an element. */
export function applyThemeVariables(element: HTMLElement, theme: Theme): void {
  for (const [key, value] of Object.entries(THEMES[theme])) {
    element.style.setProperty(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  }
}

export const VIEWER = {
  /** Zoom per wheel notch (deltaY = 100). */
  wheelZoomPerNotch: 1.2,
  /** Zoom per + / − key. */
  keyZoomStep: 1.25,
  crosshairRadiusCssPx: 9,
  outlineWidthCssPx: 1.5,
  /** Slider resolution of the walk (positions −steps…steps). */
  walkSliderSteps: 1000,
  /** A walk's forward pass: the page waits at most this long before showing "evaluating…". */
  walkPendingHintMs: 150,
} as const;

export const CHARTS = {
  font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  height: { spectrum: 170, probabilities: 150, classWeights: 150 },
  /** Eigenvalues below this fraction of λ₁ are drawn at it on the log axis (they are numerically zero). */
  logFloorRelative: 1e-9,
} as const;

/** The keyboard map, shown in the About panel and the tour. */
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: '← / →', action: 'previous / next mode vᵢ' },
  { keys: '[ / ]', action: 'fewer / more modes k in x_high(k)' },
  { keys: 'O', action: 'overlay: none → vᵢ → |x_high(k)|' },
  { keys: 'W', action: 'left button: window/level ↔ pan' },
  { keys: '1 … 5', action: 'window presets of the panel last pointed at' },
  { keys: 'I', action: 'invert the gray scale' },
  { keys: 'R', action: 'rotate 90° clockwise' },
  { keys: 'H / V', action: 'flip left–right / up–down' },
  { keys: 'Space', action: 'reset zoom, pan, rotation, flips and windows' },
  { keys: 'M', action: 'original image ↔ model input' },
  { keys: '+ / − / 0', action: 'zoom in / out / fit' },
  { keys: 'T', action: 'dark ↔ light theme' },
  { keys: '?', action: 'about this view' },
  { keys: 'Esc', action: 'close dialogs and the tour' },
];
