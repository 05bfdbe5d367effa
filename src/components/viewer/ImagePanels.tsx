import { DIVERGING_MAPS, SEQUENTIAL_VIRIDIS } from '../../render';
import { activeWindow, effectiveK, effectiveMode } from '../../store';
import { formatRange, formatScientific, formatShare, subscript } from '../format';
import { Panel } from '../Panel';
import { ColorBar } from './ColorBar';
import { ExportPanelButton } from './ExportPanelButton';
import { highScene, imageScene, lowScene, modeScene } from './scenes';
import { ViewportCanvas } from './ViewportCanvas';
import { RoiLayer } from '../beyond/RoiLayer';
import { useAppStore } from '../storeContext';

/** The image (original geometry, windowed; or the exact model input), with the overlay and ground truth. */
export function ImagePanel() {
  const image = useAppStore((s) => s.image);
  const view = useAppStore((s) => s.imageView);
  const overlay = useAppStore((s) => s.overlay);
  const mode = useAppStore(effectiveMode);
  const k = useAppStore(effectiveK);
  const window = useAppStore(activeWindow);
  const modelShape = useAppStore((s) => s.payload?.inputShape ?? null);
  const showOutline = useAppStore((s) => s.showOutline);
  const colorMap = useAppStore((s) => s.colorMap);
  const limit = useAppStore((s) => (s.overlay === 'mode' && mode !== null ? (s.rasters?.modes[mode]?.limit ?? 0) : s.overlay === 'high' ? (s.rasters?.components[k]?.magnitudeLimit ?? 0) : 0));
  const unit = image?.raw.unit ? ` ${image.raw.unit}` : '';
  const modelSize = modelShape ? `${modelShape[1]}×${modelShape[0]}` : null;
  const title = view === 'model' ? `Model input${modelSize ? ` (${modelSize})` : ''}` : image ? image.name : 'Image';
  const parts: string[] = [];
  if (image && view === 'original') {
    parts.push(`${image.raw.width}×${image.raw.height}${image.frameCount > 1 ? `, frame ${image.frame + 1} of ${image.frameCount}` : ''}`);
    if (window) parts.push(`window ${formatRange(window.low, window.high)}${unit}`);
  } else if (view === 'model') parts.push('the exact tensor the model sees (normalised), stretched to the image’s shape');
  if (overlay === 'mode' && mode !== null) parts.push(`overlay: v${subscript(mode + 1)} mapped onto the image`);
  if (overlay === 'high') parts.push(`overlay: |x_high(${k})| mapped onto the image`);
  if (image?.groundTruth && showOutline) parts.push(`yellow outline: ground truth${image.groundTruth.description ? ` (${image.groundTruth.description})` : ''}`);
  return (
    <Panel title={title} testId="input-panel" tour="image" caption={parts.join('; ') || 'drop an image, or choose a sample'} actions={<ExportPanelButton panel="image" />}>
      <ViewportCanvas build={imageScene} label="the image, with the chosen overlay" testId="input-canvas" />
      <RoiLayer />
      {overlay === 'mode' && limit > 0 ? <ColorBar map={DIVERGING_MAPS[colorMap]} kind="diverging" limit={limit} label="overlay colour scale" /> : null}
      {overlay === 'high' && limit > 0 ? <ColorBar map={SEQUENTIAL_VIRIDIS} kind="sequential" limit={limit} label="overlay colour scale of |x_high(k)|" /> : null}
    </Panel>
  );
}

export function EigenvectorPanel() {
  const mode = useAppStore(effectiveMode);
  const eigenvalue = useAppStore((s) => (mode === null ? null : (s.payload?.eigenvalues[mode] ?? null)));
  const share = useAppStore((s) => (mode === null || !s.payload || !(s.payload.traceFisher > 0) ? null : s.payload.eigenvalues[mode] / s.payload.traceFisher));
  const limit = useAppStore((s) => (mode === null ? 0 : (s.rasters?.modes[mode]?.limit ?? 0)));
  const channels = useAppStore((s) => s.payload?.inputShape[2] ?? 1);
  const colorMap = useAppStore((s) => s.colorMap);
  const name = mode === null ? 'vᵢ' : `v${subscript(mode + 1)}`;
  const ends = colorMap === 'rdbu' ? 'blue negative, red positive' : 'purple negative, orange positive';
  return (
    <Panel
      title={
        <>
          Sensitive direction <span data-testid="mode-name">{name}</span>
        </>
      }
      testId="eigenvector-panel"
      tour="eigenvector"
      actions={<ExportPanelButton panel="mode" />}
      caption={
        eigenvalue !== null ? (
          <>
            λ = {formatScientific(eigenvalue)}
            {share !== null ? ` (${formatShare(share)} of tr F)` : ''}. {ends}, white zero; the 99th percentile of |v| saturates{channels > 1 ? '; colour channels summed' : ''}.
          </>
        ) : (
          'no sensitive direction yet'
        )
      }
    >
      <ViewportCanvas build={modeScene} label={`the sensitive direction ${name} in a diverging colour map`} testId="eigenvector-canvas" />
      {limit > 0 ? <ColorBar map={DIVERGING_MAPS[colorMap]} kind="diverging" limit={limit} label={`colour scale of ${name}`} /> : null}
    </Panel>
  );
}

export function HighPanel() {
  const k = useAppStore(effectiveK);
  const window = useAppStore((s) => s.rasters?.components[effectiveK(s)]?.highWindow ?? null);
  return (
    <Panel
      title={<>High-sensitivity part x_high({k})</>}
      testId="high-panel"
      tour="high"
      actions={<ExportPanelButton panel="high" />}
      caption={window ? `${k === 0 ? 'no modes: zero' : k === 1 ? 'x projected on v₁' : `x projected on v₁…v${subscript(k)}`} (model input); window ${formatRange(window.low, window.high)}` : 'no analysis yet'}
    >
      <ViewportCanvas build={highScene} label={`the high-sensitivity component with k = ${k}`} testId="high-canvas" />
    </Panel>
  );
}

export function LowPanel() {
  const k = useAppStore(effectiveK);
  const window = useAppStore((s) => s.rasters?.lowWindow ?? null);
  return (
    <Panel
      title={<>Remainder x_low({k})</>}
      testId="low-panel"
      actions={<ExportPanelButton panel="low" />}
      caption={window ? `x − x_high(${k}) (model input), in the window of x: ${formatRange(window.low, window.high)}` : 'no analysis yet'}
    >
      <ViewportCanvas build={lowScene} label={`the complementary component with k = ${k}`} testId="low-canvas" />
    </Panel>
  );
}
