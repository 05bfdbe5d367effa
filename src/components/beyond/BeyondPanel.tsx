import type { SavedAnnotation } from '../../core/roi';
import { measureOnImage } from '../../store/beyond/beyondSlice';
import type { RoiTool } from '../../store/beyond/roiAnnotations';
import { formatPercent, formatScientific, formatValue } from '../format';
import { Panel } from '../Panel';
import { useAppStore, useStoreApi } from '../storeContext';
import { BeyondSpectrumChart } from './BeyondSpectrumChart';
import { CompareView } from './CompareView';
import { ModelBSelect } from './ModelBSelect';
import './beyond.css';

const TOOLS: readonly { readonly id: RoiTool; readonly label: string }[] = [
  { id: 'none', label: 'Pan' },
  { id: 'rectangle', label: 'Rectangle' },
  { id: 'ellipse', label: 'Ellipse' },
  { id: 'polygon', label: 'Freehand' },
  { id: 'length', label: 'Length' },
];

function AnnotationRow({ annotation, index }: { readonly annotation: SavedAnnotation; readonly index: number }) {
  const store = useStoreApi();
  const image = useAppStore((s) => s.image);
  const selected = useAppStore((s) => s.selectedAnnotation === annotation.id);
  if (!image) return null;
  const m = measureOnImage(annotation, image);
  const unit = image.raw.unit ? ` ${image.raw.unit}` : '';
  const text =
    annotation.shape.kind === 'length'
      ? `length ${formatValue(m.length!.value)} ${m.length!.unit}`
      : `mean ${formatValue(m.mean!)}${unit}, SD ${formatValue(m.sd!)}${unit}, area ${formatValue(m.area!.value)} ${m.area!.unit} (${m.pixels} px)`;
  const name = annotation.shape.kind === 'polygon' ? 'freehand' : annotation.shape.kind;
  return (
    <li className={selected ? 'roi-row selected' : 'roi-row'} data-testid="roi-row" data-kind={annotation.shape.kind} data-mean={m.mean} data-sd={m.sd} data-area={m.area?.value} data-pixels={m.pixels} data-length={m.length?.value}>
      <button type="button" className="link" aria-pressed={selected} onClick={() => store.getState().selectAnnotation(annotation.id)}>
        {index + 1}. {name}
      </button>{' '}
      <span>{text}</span>{' '}
      <button type="button" aria-label={`delete ${name} ${index + 1}`} onClick={() => store.getState().removeAnnotation(annotation.id)}>
        ×
      </button>
    </li>
  );
}

function RegionResult() {
  const region = useAppStore((s) => s.regionFisher);
  const key = useAppStore((s) => s.analysisKey);
  const show = useAppStore((s) => s.showRoiDirection);
  const store = useStoreApi();
  if (!region) return null;
  const r = region.result;
  return (
    <div data-testid="roi-fisher" data-trace-share={r.traceShare} data-stale={region.key !== key}>
      <p>
        The ROI holds <strong data-testid="roi-trace-share">{formatPercent(r.traceShare)}</strong> of the total sensitivity (tr F) on {formatPercent(r.insideFraction)} of the input. Its
        leading sensitive directions: λ {Array.from(r.eigenvalues.slice(0, Math.max(1, Math.min(r.rank, 4))), (v) => formatScientific(v)).join(', ')}.
      </p>
      <p>
        Share of each full-image direction inside the ROI: {Array.from(r.energyInRoi.slice(0, 6), (e, i) => `v${i + 1} ${formatPercent(e)}`).join(', ')}
        {region.key !== key ? ' (for an earlier analysis: run it again)' : ''}.
      </p>
      {r.leadingEigenvector ? (
        <label className="beyond-section">
          <input type="checkbox" data-testid="roi-direction-toggle" checked={show} onChange={(e) => store.getState().setShowRoiDirection(e.target.checked)} /> show the ROI’s most sensitive direction on the image (in place of the
          overlay)
        </label>
      ) : (
        <p className="beyond-note">The model is insensitive inside this ROI: it has no sensitive direction to show.</p>
      )}
    </div>
  );
}

/**
 * Beyond the point iFIM (docs/viewer.md, "ROI tools" … "Validity radius"): ROI tools and their
 * statistics, the region-restricted Fisher of the selected ROI, validity radii, the
 * neighbourhood-averaged Fisher and the compare view, all on the current analysis.
 */
export function BeyondPanel() {
  const store = useStoreApi();
  const tool = useAppStore((s) => s.roiTool);
  const annotations = useAppStore((s) => s.annotations);
  const busy = useAppStore((s) => s.beyondBusy);
  const error = useAppStore((s) => s.beyondError);
  const hood = useAppStore((s) => s.neighbourhood);
  const hoodDraft = useAppStore((s) => s.neighbourhoodDraft);
  const compare = useAppStore((s) => s.compare);
  const compareDraft = useAppStore((s) => s.compareDraft);
  const compareImage = useAppStore((s) => s.compareImage);
  const samples = useAppStore((s) => s.sampleCatalog);
  const hasPayload = useAppStore((s) => s.payload !== null);
  const s = () => store.getState();
  return (
    <Panel title="Regions, neighbourhood, radius, compare" testId="beyond-panel" caption="Computed in the analysis worker on the current image; nothing leaves the page.">
      <div className="beyond-section" role="toolbar" aria-label="ROI tools">
        {TOOLS.map((t) => (
          <button key={t.id} type="button" aria-pressed={tool === t.id} data-testid={`roi-tool-${t.id}`} onClick={() => s().setRoiTool(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <ol className="roi-list" data-testid="roi-list">
        {annotations.map((a, i) => (
          <AnnotationRow key={a.id} annotation={a} index={i} />
        ))}
      </ol>
      <div className="beyond-section">
        <button type="button" data-testid="roi-fisher-run" disabled={!hasPayload || busy !== null} onClick={() => void s().runRegionFisher()}>
          Sensitivity in the selected ROI
        </button>
      </div>
      <RegionResult />
      <div className="beyond-section">
        <button type="button" data-testid="radius-run" disabled={!hasPayload || busy !== null} onClick={() => void s().runValidityRadius()}>
          Validity radius per mode
        </button>
      </div>
      <fieldset className="beyond-section">
        <legend>Neighbourhood-averaged sensitivity</legend>
        <label>
          M <input data-testid="hood-m" size={3} value={hoodDraft.samples} onChange={(e) => s().setNeighbourhoodDraft({ samples: e.target.value })} />
        </label>
        <label>
          σ <input data-testid="hood-sigma" size={5} value={hoodDraft.sigma} onChange={(e) => s().setNeighbourhoodDraft({ sigma: e.target.value })} />
        </label>
        <label>
          seed <input data-testid="hood-seed" size={3} value={hoodDraft.seed} onChange={(e) => s().setNeighbourhoodDraft({ seed: e.target.value })} />
        </label>
        <button type="button" data-testid="hood-run" disabled={!hasPayload || busy !== null} onClick={() => void s().runNeighbourhood()}>
          Compute
        </button>
        {hood ? (
          <p data-testid="hood-result">
            Around x (M = {hood.M}, σ = {hood.sigma}): rank {hood.rank}, λ̄ {hood.eigenvalues.slice(0, 6).map((v) => formatScientific(v)).join(', ')}.
          </p>
        ) : null}
      </fieldset>
      <fieldset className="beyond-section">
        <legend>Compare (stability of the leading directions)</legend>
        <label>
          second image{' '}
          <select data-testid="compare-sample" value="" onChange={(e) => e.target.value && void s().openCompareSample(e.target.value)}>
            <option value="">{compareImage ? compareImage.name : 'the same image'}</option>
            {samples.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
        </label>
        <input type="file" aria-label="open a second image to compare" data-testid="compare-file" onChange={(e) => e.target.files?.[0] && void s().openCompareFile(e.target.files[0])} />
        {compareImage ? (
          <button type="button" onClick={() => s().setCompareImage(null)}>
            use the same image
          </button>
        ) : null}
        <ModelBSelect />
        <label>
          noise σ <input data-testid="compare-noise" size={5} value={compareDraft.noiseSigma} onChange={(e) => s().setCompareDraft({ noiseSigma: e.target.value })} />
        </label>
        <label>
          window c,w <input data-testid="compare-window" size={8} value={compareDraft.window} onChange={(e) => s().setCompareDraft({ window: e.target.value })} />
        </label>
        <label>
          resample × <input data-testid="compare-scale" size={4} value={compareDraft.scale} onChange={(e) => s().setCompareDraft({ scale: e.target.value })} />
        </label>
        <label>
          k <input data-testid="compare-k" size={3} value={compareDraft.topK} onChange={(e) => s().setCompareDraft({ topK: e.target.value })} />
        </label>
        <button type="button" data-testid="compare-run" disabled={!hasPayload || busy !== null} onClick={() => void s().runCompare()}>
          Compare
        </button>
        {compare ? (
          <p data-testid="compare-result" data-angles={JSON.stringify(compare.anglesDegrees)}>
            B: {compare.b.image}; ‖x_A − x_B‖ = {formatScientific(compare.inputDistanceL2)}. Angles between the leading {compare.k} directions of A and B:{' '}
            {compare.anglesDegrees.map((d) => `${d.toFixed(1)}°`).join(', ')} (0° the same directions, 90° unrelated).
          </p>
        ) : null}
      </fieldset>
      <CompareView />
      {busy ? <p role="status">working: {busy}…</p> : null}
      {error ? (
        <p role="alert" className="beyond-error" data-testid="beyond-error">
          {error}
        </p>
      ) : null}
      <BeyondSpectrumChart />
    </Panel>
  );
}
