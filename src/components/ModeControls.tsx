import { effectiveK, effectiveMode, useAppStore } from '../store';

/** Which eigenvector to draw, and how many leading modes make up x_high(k). */
export function ModeControls() {
  const modeCount = useAppStore((s) => s.payload?.modeCount ?? 0);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  const setSelectedMode = useAppStore((s) => s.setSelectedMode);
  const setK = useAppStore((s) => s.setK);
  const disabled = modeCount === 0;
  return (
    <div className="mode-controls">
      <label className="field">
        <span className="field-label">Mode shown</span>
        <select data-testid="mode-picker" disabled={disabled} value={mode ?? 0} onChange={(e) => setSelectedMode(Number(e.target.value))}>
          {Array.from({ length: Math.max(modeCount, 1) }, (_, i) => (
            <option key={i} value={i}>
              v{subscript(i + 1)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">
          k = <output data-testid="k-value">{k}</output> of {modeCount} mode{modeCount === 1 ? '' : 's'}
        </span>
        <input
          type="range"
          data-testid="k-slider"
          min={0}
          max={modeCount}
          step={1}
          value={k}
          disabled={disabled}
          onChange={(e) => setK(Number(e.target.value))}
        />
      </label>
    </div>
  );
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';

export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}
