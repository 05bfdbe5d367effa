import type { DisplayWindow } from '../render';
import type { AppState } from './types';

/** k as drawn: at most the number of modes the analysis kept. */
export function effectiveK(state: Pick<AppState, 'k' | 'payload'>): number {
  const modes = state.payload?.modeCount ?? 0;
  return Math.max(0, Math.min(state.k, modes));
}

/** The 0-based mode drawn as v_i, or null when the analysis has no mode. */
export function effectiveMode(state: Pick<AppState, 'selectedMode' | 'payload'>): number | null {
  const modes = state.payload?.modeCount ?? 0;
  if (modes === 0) return null;
  return Math.max(0, Math.min(state.selectedMode, modes - 1));
}

/** Row i of the image-space eigenvectors (a view, not a copy). */
export function modeVector(state: Pick<AppState, 'payload'>, index: number): Float32Array | null {
  const p = state.payload;
  if (!p || index < 0 || index >= p.modeCount) return null;
  const n = p.inputShape[0] * p.inputShape[1] * p.inputShape[2];
  return p.imageEigenvectors.subarray(index * n, (index + 1) * n);
}

export function isBinarySoftmax(state: Pick<AppState, 'payload'>): boolean {
  return state.payload?.head === 'softmax' && state.payload.classes.length === 2;
}

/** The numerical-rank bound of the head: C − 1 for softmax, C for sigmoid. */
export function rankBound(state: Pick<AppState, 'payload'>): number | null {
  const p = state.payload;
  if (!p) return null;
  return p.head === 'softmax' ? p.classes.length - 1 : p.classes.length;
}

/** Column i of the Gram eigenvectors: u_i over the classes. */
export function gramEigenvector(state: Pick<AppState, 'payload'>, index: number): Float64Array | null {
  const p = state.payload;
  if (!p || index < 0 || index >= p.classes.length) return null;
  const c = p.classes.length;
  return Float64Array.from({ length: c }, (_, row) => p.gramEigenvectors[row * c + index]);
}

/** Cumulative share of tr F over the eigenvalues (0…1). */
export function cumulativeShare(eigenvalues: ArrayLike<number>, trace: number): Float64Array {
  const out = new Float64Array(eigenvalues.length);
  let sum = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    sum += Math.max(0, eigenvalues[i]);
    out[i] = trace > 0 ? Math.min(1, sum / trace) : 0;
  }
  return out;
}

/** The display window in force: the user's, else the image's default. */
export function activeWindow(state: Pick<AppState, 'displayWindow' | 'image'>): DisplayWindow | null {
  return state.displayWindow ?? state.image?.raw.defaultWindow ?? null;
}

/**
 * The window in force on a derived panel: the user's, else its default — its own 1st–99th
 * percentile, or the window of x when the windows are shared. Null before an analysis.
 */
export function panelWindow(state: Pick<AppState, 'panelWindows' | 'windowLink' | 'rasters' | 'k' | 'payload'>, panel: 'input' | 'high' | 'low'): DisplayWindow | null {
  const own = state.panelWindows[panel];
  if (own) return own;
  const r = state.rasters;
  if (!r) return null;
  if (panel === 'input') return r.modelInputWindow;
  const c = r.components[effectiveK(state)];
  if (!c) return null;
  if (state.windowLink === 'shared') return r.lowWindow;
  return panel === 'high' ? c.highWindow : c.lowOwnWindow;
}
