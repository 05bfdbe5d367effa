import { CliError } from '../cliError';

// The changes themselves are shared with the viewer's compare view (core/viewingChange.ts).
export type { ViewingChange } from '../../core/viewingChange';
export { applyViewingChange } from '../../core/viewingChange';
import type { ViewingChange } from '../../core/viewingChange';

export function parseWindow(text: string | undefined): ViewingChange['window'] {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v)) || !(parts[1] > 0)) {
    throw new CliError(`ifim compare: --window-b must be "centre,width" in [0, 1] display units with width > 0, not "${text}"`);
  }
  return { centre: parts[0], width: parts[1] };
}

export function parsePositive(text: string | undefined, flag: string, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new CliError(`ifim compare: --${flag} must be a number ${allowZero ? '≥' : '>'} 0, not "${text}"`);
  }
  return v;
}
