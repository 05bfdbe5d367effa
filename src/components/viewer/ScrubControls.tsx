import { DIVERGING_MAP_IDS } from '../../render';
import type { DivergingMapId } from '../../render';
import type { OverlayMode } from '../../store';
import { effectiveK, effectiveMode } from '../../store';
import { formatScientific, subscript } from '../format';
import { useAppStore, useStoreApi } from '../storeContext';

const MAP_LABELS: Record<DivergingMapId, string> = { rdbu: 'blue–red', puor: 'purple–orange' };

/**
 * Scrubbing: the mode i (← / →) and k (the leading modes in x_high(k); [ / ]), and the overlay.
 * The sliders write to the store; the image panels redraw from pre-built rasters.
 */
export function ScrubControls() {
  const store = useStoreApi();
  const modeCount = useAppStore((s) => s.payload?.modeCount ?? 0);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  const eigenvalue = useAppStore((s) => (mode === null ? null : (s.payload?.eigenvalues[mode] ?? null)));
  const s = store.getState();
  const disabled = modeCount === 0;
  const name = mode === null ? 'v' : `v${subscript(mode + 1)}`;
  return (
    <section className="panel scrub" data-tour="scrub" aria-label="Directions">
      <label className="field slider-field">
        <span className="field-label">
          Direction <output data-testid="mode-value">{name}</output> of {modeCount} {eigenvalue !== null ? <span className="muted">(λ = {formatScientific(eigenvalue)})</span> : null}
          <kbd>←</kbd> <kbd>→</kbd>
        </span>
        <input
          type="range"
          data-testid="mode-slider"
          min={1}
          max={Math.max(1, modeCount)}
          step={1}
          value={mode === null ? 1 : mode + 1}
          disabled={disabled || modeCount < 2}
          aria-label="Sensitive direction shown"
          aria-valuetext={`${name} of ${modeCount}`}
          onChange={(e) => s.setSelectedMode(Number(e.target.value) - 1)}
        />
      </label>
      <label className="field slider-field">
        <span className="field-label">
          k = <output data-testid="k-value">{k}</output> of {modeCount} mode{modeCount === 1 ? '' : 's'} in x_high(k) <kbd>[</kbd> <kbd>]</kbd>
        </span>
        <input type="range" data-testid="k-slider" min={0} max={modeCount} step={1} value={k} disabled={disabled} aria-label="Modes k in x_high(k)" aria-valuetext={`k = ${k} of ${modeCount}`} onChange={(e) => s.setK(Number(e.target.value))} />
      </label>
    </section>
  );
}

/** The overlay on the image: what, how opaque, below which strength it is hidden, in which colours. */
export function OverlayControls() {
  const store = useStoreApi();
  const overlay = useAppStore((s) => s.overlay);
  const opacity = useAppStore((s) => s.overlayOpacity);
  const threshold = useAppStore((s) => s.overlayThreshold);
  const colorMap = useAppStore((s) => s.colorMap);
  const hasTruth = useAppStore((s) => s.image?.groundTruth != null);
  const showOutline = useAppStore((s) => s.showOutline);
  const s = store.getState();
  return (
    <div className="toolbar overlay-controls" role="toolbar" aria-label="Overlay" data-tour="overlay">
      <label className="inline-field">
        <span>
          Overlay <kbd>O</kbd>
        </span>
        <select data-testid="overlay-select" value={overlay} onChange={(e) => s.setOverlay(e.target.value as OverlayMode)}>
          <option value="none">none</option>
          <option value="mode">direction vᵢ</option>
          <option value="high">|x_high(k)|</option>
        </select>
      </label>
      <label className="inline-field">
        <span>Opacity {Math.round(opacity * 100)} %</span>
        <input type="range" data-testid="overlay-opacity" min={0} max={100} step={1} value={Math.round(opacity * 100)} disabled={overlay === 'none'} onChange={(e) => s.setOverlayOpacity(Number(e.target.value) / 100)} />
      </label>
      <label className="inline-field">
        <span>Hide below {Math.round(threshold * 100)} %</span>
        <input
          type="range"
          data-testid="overlay-threshold"
          min={0}
          max={95}
          step={1}
          value={Math.round(threshold * 100)}
          disabled={overlay === 'none'}
          aria-label="Threshold: hide the overlay where it is weaker than this share of its colour range"
          onChange={(e) => s.setOverlayThreshold(Number(e.target.value) / 100)}
        />
      </label>
      <label className="inline-field">
        <span>Colours</span>
        <select data-testid="colormap-select" value={colorMap} onChange={(e) => s.setColorMap(e.target.value as DivergingMapId)}>
          {DIVERGING_MAP_IDS.map((id) => (
            <option key={id} value={id}>
              {MAP_LABELS[id]}
            </option>
          ))}
        </select>
      </label>
      {hasTruth ? (
        <label className="inline-field" title="Outline of the sample's known lesion (demo samples only)">
          <input type="checkbox" checked={showOutline} onChange={(e) => s.setShowOutline(e.target.checked)} data-testid="outline-toggle" />
          <span>Ground truth</span>
        </label>
      ) : null}
    </div>
  );
}
