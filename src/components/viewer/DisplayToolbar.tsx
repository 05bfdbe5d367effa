import { useMemo } from 'react';
import type { DisplayWindow } from '../../render';
import { CT_WINDOWS, FIT_VIEWPORT, histogramQuantileWindow, namedToWindow, rangeWindow } from '../../render';
import type { RawImage } from '../../store';
import { useAppStore, useStoreApi } from '../storeContext';

interface WindowChoice {
  readonly id: string;
  readonly label: string;
  readonly window: (raw: RawImage) => DisplayWindow;
}

/** The window presets for an image: its default, the file's own, percentile and full range, and CT windows for CT. */
export function windowChoices(raw: RawImage): WindowChoice[] {
  const choices: WindowChoice[] = [{ id: 'default', label: raw.filePresets.length ? 'Default (the file’s window)' : 'Default (1st–99th percentile)', window: (r) => r.defaultWindow }];
  raw.filePresets.forEach((p, i) => choices.push({ id: `file-${i}`, label: `File: ${p.label}`, window: () => p.window }));
  choices.push({ id: 'p1-99', label: '1st–99th percentile', window: (r) => histogramQuantileWindow(r.data, 0.01, 0.99) });
  choices.push({ id: 'full', label: 'Full range (min–max)', window: (r) => rangeWindow(r.data) });
  if (raw.isCt) for (const w of CT_WINDOWS) choices.push({ id: `ct-${w.id}`, label: `CT ${w.label} (W ${w.width} / L ${w.center})`, window: () => namedToWindow(w) });
  return choices;
}

/** How the image is shown: pointer tool, window/level, inversion, original or model input, fit. */
export function DisplayToolbar() {
  const store = useStoreApi();
  const raw = useAppStore((s) => s.image?.raw ?? null);
  const tool = useAppStore((s) => s.tool);
  const invert = useAppStore((s) => s.invert);
  const imageView = useAppStore((s) => s.imageView);
  const displayWindow = useAppStore((s) => s.displayWindow);
  const zoom = useAppStore((s) => s.viewport.zoom);
  const frameIndex = useAppStore((s) => s.image?.frame ?? 0);
  const frameCount = useAppStore((s) => s.image?.frameCount ?? 1);
  const frame = frameCount > 1 ? { index: frameIndex, count: frameCount } : null;
  const choices = useMemo(() => (raw ? windowChoices(raw) : []), [raw]);
  const selected = useMemo(() => {
    if (!raw || displayWindow === null) return 'default';
    const match = choices.find((c) => c.id !== 'default' && c.id !== 'p1-99' && c.id !== 'full' && sameWindow(c.window(raw), displayWindow));
    return match?.id ?? 'custom';
  }, [raw, displayWindow, choices]);
  const s = store.getState();
  const gray = raw?.channels === 1;
  return (
    <div className="toolbar" role="toolbar" aria-label="Image display" data-tour="toolbar">
      <div className="segmented" role="group" aria-label="Pointer tool">
        <button type="button" aria-pressed={tool === 'pan'} onClick={() => s.setTool('pan')} title="Drag to pan, wheel to zoom">
          Pan/zoom
        </button>
        <button type="button" aria-pressed={tool === 'window'} onClick={() => s.setTool('window')} title="Drag to change window (left–right) and level (up–down); the right mouse button always does (W)" data-testid="wl-tool">
          W/L
        </button>
      </div>
      <label className="inline-field">
        <span>Window</span>
        <select
          data-testid="window-preset"
          disabled={!raw || imageView === 'model'}
          value={selected}
          onChange={(e) => {
            const choice = choices.find((c) => c.id === e.target.value);
            if (!raw || !choice) return;
            s.setDisplayWindow(choice.id === 'default' ? null : choice.window(raw));
          }}
        >
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
          {selected === 'custom' || selected === 'p1-99' || selected === 'full' ? (
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
      <div className="segmented" role="group" aria-label="Image shown">
        <button type="button" aria-pressed={imageView === 'original'} onClick={() => s.setImageView('original')} title="The image as loaded, at its own resolution (M)">
          Original
        </button>
        <button type="button" aria-pressed={imageView === 'model'} onClick={() => s.setImageView('model')} title="The exact tensor the model sees, after resizing and normalisation (M)" data-testid="view-model-input">
          Model input
        </button>
      </div>
      {frame ? (
        <label className="inline-field" title="Multi-frame file: the frame shown and analysed">
          <span>
            Frame {frame.index + 1} / {frame.count}
          </span>
          <input type="range" data-testid="frame-slider" min={1} max={frame.count} step={1} value={frame.index + 1} aria-label="Frame" onChange={(e) => void s.selectFrame(Number(e.target.value) - 1)} />
        </label>
      ) : null}
      <button type="button" onClick={() => s.setViewport(FIT_VIEWPORT)} disabled={zoom === 1} title="Fit the image to the panels (0, or double-click an image)">
        Fit ({Math.round(zoom * 100)} %)
      </button>
    </div>
  );
}

function sameWindow(a: DisplayWindow, b: DisplayWindow): boolean {
  const tolerance = 1e-9 * Math.max(1, Math.abs(a.high - a.low));
  return Math.abs(a.low - b.low) <= tolerance && Math.abs(a.high - b.high) <= tolerance;
}
