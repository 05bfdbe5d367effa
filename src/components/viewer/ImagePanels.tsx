import type { ReactNode } from 'react';
import { DIVERGING_MAPS, SEQUENTIAL_VIRIDIS } from '../../render';
import type { PanelId } from '../../store';
import { activeWindow, effectiveK, effectiveMode, panelWindow } from '../../store';
import { formatRange, formatScientific, formatShare, subscript } from '../format';
import { Panel } from '../Panel';
import { analysisWarnings } from '../warnings';
import { ColorBar } from './ColorBar';
import { ExportPanelButton } from './ExportPanelButton';
import { panelValueText } from './panelReadout';
import { highScene, hidesInsensitiveMap, imageScene, lowScene, modeScene } from './scenes';
import { ViewportCanvas } from './ViewportCanvas';
import { RoiLayer } from '../beyond/RoiLayer';
import { OrientationLabels } from '../volume/OrientationLabels';
import { roiDirectionOverlay } from '../beyond/roiDirectionOverlay';
import { volumeSliceOf } from '../../store/volume/volumeView';
import { applyPreset, currentWindowOf, presetIdOf, presetsFor } from './windowLogic';
import { useAppStore, useStoreApi } from '../storeContext';

/** The value under the pointer on this panel, in its own units (every panel has one). */
function PanelReadout({ panel }: { readonly panel: PanelId }) {
  const text = useAppStore((s) => panelValueText(s, panel));
  return (
    <p className="panel-readout" data-testid={`readout-${panel}`} aria-live="off">
      {text ?? '\u00a0'}
    </p>
  );
}

/** The window presets of a derived panel (its own percentile, its full range, the window of x). */
function PanelWindowSelect({ panel }: { readonly panel: 'high' | 'low' }) {
  const store = useStoreApi();
  useAppStore((s) => s.rasters);
  const current = useAppStore((s) => currentWindowOf(s, panel));
  useAppStore((s) => s.k);
  const presets = presetsFor(store.getState(), panel);
  if (presets.length === 0) return null;
  const selected = presetIdOf(presets, current);
  return (
    <select
      className="panel-window"
      data-testid={`window-${panel}`}
      aria-label={`Window of ${panel === 'high' ? 'x_high(k)' : 'x_low(k)'} (keys 1–3 when this panel was pointed at last)`}
      value={selected}
      onChange={(e) => {
        const preset = presets.find((p) => p.id === e.target.value);
        if (preset) applyPreset(store.getState(), panel, preset);
      }}
    >
      {presets.map((p) => (
        <option key={p.id} value={p.id}>
          {p.label}
        </option>
      ))}
      {selected === 'custom' ? (
        <option value="custom" disabled>
          Custom (dragged)
        </option>
      ) : null}
    </select>
  );
}

function actions(panel: 'image' | 'mode' | 'high' | 'low', extra?: ReactNode) {
  return (
    <>
      {extra}
      <ExportPanelButton panel={panel} />
    </>
  );
}

/** The image (original geometry, windowed; or the exact model input), with the overlay and ground truth. */
export function ImagePanel() {
  const image = useAppStore((s) => s.image);
  const view = useAppStore((s) => s.imageView);
  const overlay = useAppStore((s) => s.overlay);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  const window = useAppStore((s) => (s.imageView === 'model' ? panelWindow(s, 'input') : activeWindow(s)));
  const modelShape = useAppStore((s) => s.payload?.inputShape ?? null);
  const showOutline = useAppStore((s) => s.showOutline);
  const colorMap = useAppStore((s) => s.colorMap);
  const math = useAppStore((s) => s.readingLevel === 'math');
  const limit = useAppStore((s) => (s.overlay === 'mode' && mode !== null ? (s.rasters?.modes[mode]?.limit ?? 0) : s.overlay === 'high' ? (s.rasters?.components[k]?.magnitudeLimit ?? 0) : 0));
  const roiDirection = useAppStore(roiDirectionOverlay);
  const unit = image?.raw.unit && view === 'original' ? ` ${image.raw.unit}` : '';
  const modelSize = modelShape ? `${modelShape[1]}×${modelShape[0]}` : null;
  const title = view === 'model' ? `Model input${modelSize ? ` (${modelSize})` : ''}` : image ? image.name : 'Image';
  const parts: string[] = [];
  const slice = volumeSliceOf(image);
  const position = slice ? `, ${slice.axis} slice ${slice.index} (0–${slice.count - 1})` : image && image.frameCount > 1 ? `, frame ${image.frame + 1} of ${image.frameCount}` : '';
  if (image && view === 'original') parts.push(`${image.raw.width}×${image.raw.height}${position}`);
  else if (view === 'model') parts.push(math ? 'the exact tensor x the model sees (normalised), stretched to the image’s shape' : 'exactly what the model sees, after resizing and normalisation');
  if (window) parts.push(`window ${formatRange(window.low, window.high)}${unit}`);
  if (roiDirection) parts.push(math ? 'overlay: v_M, the leading direction of the ROI-restricted F_M' : 'overlay: the most sensitive pattern inside the ROI');
  else if (overlay === 'mode' && mode !== null) parts.push(math ? `overlay: v${subscript(mode + 1)} mapped onto the image` : 'overlay: the most sensitive pattern shown');
  if (overlay === 'high' && !roiDirection) parts.push(math ? `overlay: |x_high(${k})| mapped onto the image` : 'overlay: where the sensitive part of the image is strong');
  if (image?.groundTruth && showOutline) parts.push(`yellow outline: ground truth${image.groundTruth.description ? ` (${image.groundTruth.description})` : ''}`);
  const caption = parts.join('; ') || 'drop an image, or choose a sample';
  return (
    <Panel title={title} testId="input-panel" tour="image" caption={caption} captionId="caption-image" actions={actions('image')}>
      <ViewportCanvas build={imageScene} panel="image" label={`Image panel: ${title}`} describedBy="caption-image" testId="input-canvas" />
      <OrientationLabels />
      <RoiLayer />
      <PanelReadout panel="image" />
      {roiDirection && roiDirection.limit > 0 ? <ColorBar map={DIVERGING_MAPS[colorMap]} kind="diverging" limit={roiDirection.limit} label="overlay colour scale of the ROI direction" /> : null}
      {!roiDirection && overlay === 'mode' && limit > 0 ? <ColorBar map={DIVERGING_MAPS[colorMap]} kind="diverging" limit={limit} label="overlay colour scale" /> : null}
      {!roiDirection && overlay === 'high' && limit > 0 ? <ColorBar map={SEQUENTIAL_VIRIDIS} kind="sequential" limit={limit} label="overlay colour scale of |x_high(k)|" /> : null}
    </Panel>
  );
}

export function EigenvectorPanel() {
  const store = useStoreApi();
  const mode = useAppStore(effectiveMode);
  const eigenvalue = useAppStore((s) => (mode === null ? null : (s.payload?.eigenvalues[mode] ?? null)));
  const share = useAppStore((s) => (mode === null || !s.payload || !(s.payload.traceFisher > 0) ? null : s.payload.eigenvalues[mode] / s.payload.traceFisher));
  const limit = useAppStore((s) => (mode === null ? 0 : (s.rasters?.modes[mode]?.limit ?? 0)));
  const channels = useAppStore((s) => s.payload?.inputShape[2] ?? 1);
  const colorMap = useAppStore((s) => s.colorMap);
  const math = useAppStore((s) => s.readingLevel === 'math');
  const hidden = useAppStore(hidesInsensitiveMap);
  const insensitive = useAppStore((s) => analysisWarnings(s).some((w) => w.code === 'insensitive-model'));
  const name = mode === null ? 'vᵢ' : `v${subscript(mode + 1)}`;
  const ends = colorMap === 'rdbu' ? 'blue negative, red positive' : 'purple negative, orange positive';
  const plainEnds = colorMap === 'rdbu' ? 'red brightens, blue darkens' : 'orange brightens, purple darkens';
  let caption: ReactNode = 'no sensitive direction yet';
  if (eigenvalue !== null && math) {
    caption = (
      <>
        λ = {formatScientific(eigenvalue)}
        {share !== null ? ` (${formatShare(share)} of tr F)` : ''}. {ends}, white zero; the 99th percentile of |v| saturates{channels > 1 ? '; colour channels summed' : ''}.
      </>
    );
  } else if (eigenvalue !== null) {
    caption = (
      <>
        Where a small change moves the prediction most: adding this faint pattern changes the answer fastest ({plainEnds}, white: no effect){share !== null ? `; ${formatShare(share)} of all sensitivity` : ''}.
      </>
    );
  }
  return (
    <Panel
      title={
        <>
          {math ? 'Sensitive direction' : 'Most sensitive pattern'} <span data-testid="mode-name">{name}</span>
        </>
      }
      testId="eigenvector-panel"
      tour="eigenvector"
      actions={actions('mode')}
      caption={caption}
      captionId="caption-mode"
    >
      <div className="viewport-stack">
        <ViewportCanvas build={modeScene} panel="mode" label={`Sensitive direction ${name} in a diverging colour map`} describedBy="caption-mode" testId="eigenvector-canvas" />
        {hidden ? (
          <div className="insensitive-note" role="note" data-testid="insensitive-note">
            <p>The model barely reacts to changes of this image: its most sensitive pattern would be stretched noise, so it is not shown.</p>
            <button type="button" onClick={() => store.getState().setShowInsensitiveMap(true)} data-testid="show-insensitive-map">
              Show the map anyway
            </button>
          </div>
        ) : null}
      </div>
      <PanelReadout panel="mode" />
      {insensitive && !hidden ? <p className="panel-caption warn-text">Shown on request: the model barely reacts here, so this map is mostly amplified noise.</p> : null}
      {limit > 0 && !hidden ? <ColorBar map={DIVERGING_MAPS[colorMap]} kind="diverging" limit={limit} label={`colour scale of ${name}`} /> : null}
    </Panel>
  );
}

export function HighPanel() {
  const k = useAppStore(effectiveK);
  const window = useAppStore((s) => panelWindow(s, 'high'));
  const math = useAppStore((s) => s.readingLevel === 'math');
  const what = math ? (k === 0 ? 'no modes: zero' : k === 1 ? 'x projected on v₁' : `x projected on v₁…v${subscript(k)}`) + ' (model input)' : k === 0 ? 'no sensitive part (k = 0)' : `the part of the image the model is most sensitive to (${k} pattern${k === 1 ? '' : 's'})`;
  return (
    <Panel
      title={math ? <>High-sensitivity part x_high({k})</> : <>Sensitive part ({k})</>}
      testId="high-panel"
      tour="high"
      actions={actions('high', <PanelWindowSelect panel="high" />)}
      caption={window ? `${what}; window ${formatRange(window.low, window.high)}` : 'no analysis yet'}
      captionId="caption-high"
    >
      <ViewportCanvas build={highScene} panel="high" label={`High-sensitivity part x_high(${k})`} describedBy="caption-high" testId="high-canvas" />
      <PanelReadout panel="high" />
    </Panel>
  );
}

export function LowPanel() {
  const k = useAppStore(effectiveK);
  const window = useAppStore((s) => panelWindow(s, 'low'));
  const shared = useAppStore((s) => s.windowLink === 'shared' && s.panelWindows.low === null);
  const math = useAppStore((s) => s.readingLevel === 'math');
  const what = math ? `x − x_high(${k}) (model input)` : 'the rest of the image, which the model hardly reacts to';
  return (
    <Panel
      title={math ? <>Remainder x_low({k})</> : <>The rest ({k})</>}
      testId="low-panel"
      actions={actions('low', <PanelWindowSelect panel="low" />)}
      caption={window ? `${what}; ${shared ? 'in the window of x' : 'window'} ${formatRange(window.low, window.high)}` : 'no analysis yet'}
      captionId="caption-low"
    >
      <ViewportCanvas build={lowScene} panel="low" label={`Remainder x_low(${k})`} describedBy="caption-low" testId="low-canvas" />
      <PanelReadout panel="low" />
    </Panel>
  );
}
