import { pixelAt } from '../../render';
import { effectiveK, effectiveMode } from '../../store';
import { formatValue, subscript } from '../format';
import { useAppStore } from '../storeContext';

/**
 * The values under the pointer, in every space at once: the file's value (HU for CT; the stored
 * integer of a PNG), the model-input value the model saw at that spot, v_i there, and x_high(k).
 */
export function PixelReadout() {
  const hover = useAppStore((s) => s.hover);
  const image = useAppStore((s) => s.image);
  const payload = useAppStore((s) => s.payload);
  const rasters = useAppStore((s) => s.rasters);
  const projections = useAppStore((s) => s.projections);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  if (!hover) {
    return (
      <p className="readout muted" data-testid="pixel-readout">
        Point at an image to read its values. Wheel: zoom · drag: pan · right-drag or W/L tool: window/level · double-click: fit.
      </p>
    );
  }
  const parts: string[] = [];
  if (image) {
    const raw = image.raw;
    const at = pixelAt(hover.u, hover.v, raw.width, raw.height);
    if (at) {
      const i = (at.row * raw.width + at.col) * raw.channels;
      const values = Array.from(raw.data.subarray(i, i + raw.channels));
      const shown = raw.scale !== 1 ? values.map((v) => String(Math.round(v * raw.scale))) : values.map((v) => formatValue(v));
      parts.push(`image (${at.col}, ${at.row}): ${shown.join(' / ')}${raw.unit ? ` ${raw.unit}` : ''}`);
    }
  }
  if (payload) {
    const [h, w, ch] = payload.inputShape;
    const at = pixelAt(hover.u, hover.v, w, h);
    if (at) {
      const p = at.row * w + at.col;
      parts.push(`model input (${at.col}, ${at.row}): ${Array.from(payload.xModelSpace.subarray(p * ch, p * ch + ch), (v) => formatValue(v)).join(' / ')}`);
      const field = mode === null ? null : rasters?.modes[mode]?.field;
      if (field && mode !== null) parts.push(`v${subscript(mode + 1)}: ${formatValue(field[p], 3)}`);
      const high = projections?.highModelSpace[k];
      if (high) parts.push(`x_high(${k}): ${Array.from(high.subarray(p * ch, p * ch + ch), (v) => formatValue(v, 3)).join(' / ')}`);
    }
  }
  return (
    <p className="readout" data-testid="pixel-readout">
      {parts.join(' · ') || 'outside the image'}
    </p>
  );
}
