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
