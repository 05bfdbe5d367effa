import { pixelAt } from '../../render';
import type { AppState, PanelId } from '../../store';
import { effectiveK, effectiveMode } from '../../store';
import { formatValue } from '../format';

/**
 * The value under the pointer on one panel, in that panel's own units: the file's values on the
 * image (HU for CT, the stored integer of a PNG), the model-input value when it shows the model
 * input, vᵢ there, and x_high(k) / x_low(k) in the model input's display units. Null when the
 * pointer is off the image or nothing is drawn.
 */
export function panelValueText(s: AppState, panel: PanelId): string | null {
  const hover = s.hover;
  if (!hover) return null;
  if (panel === 'image' && s.imageView === 'original' && s.image) {
    const raw = s.image.raw;
    const at = pixelAt(hover.u, hover.v, raw.width, raw.height);
    if (!at) return null;
    const i = (at.row * raw.width + at.col) * raw.channels;
    const values = Array.from(raw.data.subarray(i, i + raw.channels));
    const shown = raw.scale !== 1 ? values.map((v) => String(Math.round(v * raw.scale))) : values.map((v) => formatValue(v));
    return `(${at.col}, ${at.row}): ${shown.join(' / ')}${raw.unit ? ` ${raw.unit}` : ''}`;
  }
  const p = s.payload;
  const series = s.projections;
  if (!p || !series) return null;
  const [h, w, ch] = p.inputShape;
  const at = pixelAt(hover.u, hover.v, w, h);
  if (!at) return null;
  const i = at.row * w + at.col;
  const pick = (data: ArrayLike<number>): string => Array.from({ length: ch }, (_, c) => formatValue(data[i * ch + c], 3)).join(' / ');
  const k = effectiveK(s);
  if (panel === 'image') return `(${at.col}, ${at.row}): ${pick(series.x)}`;
  if (panel === 'mode') {
    const mode = effectiveMode(s);
    const field = mode === null ? null : s.rasters?.modes[mode]?.field;
    return field ? `(${at.col}, ${at.row}): ${formatValue(field[i], 3)}` : null;
  }
  if (panel === 'high') return series.high[k] ? `(${at.col}, ${at.row}): ${pick(series.high[k])}` : null;
  return series.low[k] ? `(${at.col}, ${at.row}): ${pick(series.low[k])}` : null;
}
