import { useMemo } from 'react';
import { rotateClockwise } from '../../render';
import { useAppStore, useStoreApi } from '../storeContext';
import { FrameControls } from '../volume/FrameControls';
import { applyPreset, currentWindowOf, presetIdOf, presetsFor } from './windowLogic';

/**
 * How the images are shown: the left button's tool, the image panel's window presets, inversion,
 * rotation and flips, original or model input, the shared window of x_high/x_low, reset, and the
 * reading level of the captions (plain words or the mathematics).
 */
export function DisplayToolbar() {
  const store = useStoreApi();
  const raw = useAppStore((s) => s.image?.raw ?? null);
  const rasters = useAppStore((s) => s.rasters);
  const tool = useAppStore((s) => s.tool);
  const invert = useAppStore((s) => s.invert);
  const imageView = useAppStore((s) => s.imageView);
  const current = useAppStore((s) => currentWindowOf(s, 'image'));
  const zoom = useAppStore((s) => s.viewport.zoom);
  const orientation = useAppStore((s) => s.orientation);
  const windowLink = useAppStore((s) => s.windowLink);
  const readingLevel = useAppStore((s) => s.readingLevel);
  // The presets follow the image, its view and the analysis.
  const presets = useMemo(() => presetsFor(store.getState(), 'image'), [raw, rasters, imageView]);
  const selected = presetIdOf(presets, current);
  const s = store.getState();
  const gray = raw?.channels === 1;
  return (
    <div className="toolbar" role="toolbar" aria-label="Image display" data-tour="toolbar">
      <div className="segmented" role="group" aria-label="Left mouse button">
        <button type="button" aria-pressed={tool === 'window'} onClick={() => s.setTool('window')} title="Left-drag: window (left–right) and level (up–down) on any panel (W)" data-testid="wl-tool">
          W/L
        </button>
        <button type="button" aria-pressed={tool === 'pan'} onClick={() => s.setTool('pan')} title="Left-drag pans (the middle button always does; right-drag zooms)" data-testid="pan-tool">
          Pan
        </button>
      </div>
      <label className="inline-field">
        <span>Window</span>
        <select
          data-testid="window-preset"
          disabled={presets.length === 0}
          value={selected}
          onChange={(e) => {
            const preset = presets.find((c) => c.id === e.target.value);
            if (preset) applyPreset(store.getState(), 'image', preset);
          }}
        >
          {presets.map((c, i) => (
            <option key={c.id} value={c.id}>
              {i < 5 ? `${i + 1}: ` : ''}
              {c.label}
            </option>
          ))}
          {selected === 'custom' ? (
            <option value="custom" disabled>
              Custom (dragged)
            </option>
          ) : null}
        </select>
      </label>
      <label className="inline-field" title="Invert the gray scale (I)">
        <input type="checkbox" checked={invert} disabled={!gray} onChange={(e) => s.setInvert(e.target.checked)} data-testid="invert" />
        <span>Invert</span>
      </label>
      <div className="segmented" role="group" aria-label="Rotate and flip">
        <button type="button" onClick={() => s.setOrientation(rotateClockwise(orientation))} title="Rotate 90° clockwise (R)" data-testid="rotate">
          <span aria-hidden="true">⟳</span> {orientation.quarterTurns * 90}°<span className="sr-only">: rotate 90° clockwise</span>
        </button>
        <button type="button" aria-pressed={orientation.flipH} onClick={() => s.setOrientation({ ...orientation, flipH: !orientation.flipH })} title="Flip left–right (H)" data-testid="flip-h">
          ⇆
          <span className="sr-only">Flip left–right</span>
        </button>
        <button type="button" aria-pressed={orientation.flipV} onClick={() => s.setOrientation({ ...orientation, flipV: !orientation.flipV })} title="Flip up–down (V)" data-testid="flip-v">
          ⇅
          <span className="sr-only">Flip up–down</span>
        </button>
      </div>
      <div className="segmented" role="group" aria-label="Image shown">
        <button type="button" aria-pressed={imageView === 'original'} onClick={() => s.setImageView('original')} title="The image as loaded, at its own resolution (M)">
          Original
        </button>
        <button type="button" aria-pressed={imageView === 'model'} onClick={() => s.setImageView('model')} title="The exact tensor the model sees, after resizing and normalisation (M)" data-testid="view-model-input">
          Model input
        </button>
      </div>
      <label className="inline-field" title="Show x_high(k) and x_low(k) in the window of x instead of each in its own">
        <input type="checkbox" checked={windowLink === 'shared'} onChange={(e) => s.setWindowLink(e.target.checked ? 'shared' : 'own')} data-testid="shared-window" />
        <span>Shared window</span>
      </label>
      <FrameControls />
      <button type="button" onClick={() => s.resetView()} title="Fit, upright, default windows (space, or double-click an image)" data-testid="reset-view">
        Reset ({Math.round(zoom * 100)} %)
      </button>
      <div className="segmented" role="group" aria-label="Reading level of the captions">
        <button type="button" aria-pressed={readingLevel === 'plain'} onClick={() => s.setReadingLevel('plain')} data-testid="reading-plain" title="Captions in plain words">
          Plain
        </button>
        <button type="button" aria-pressed={readingLevel === 'math'} onClick={() => s.setReadingLevel('math')} data-testid="reading-math" title="Captions with the mathematics (λ, tr F, projections)">
          Maths
        </button>
      </div>
    </div>
  );
}
