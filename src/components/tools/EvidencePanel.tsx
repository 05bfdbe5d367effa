import { useMemo } from 'react';
import { svgLinePlot } from '../../render/svgPlot';
import { useAppStore } from '../../store';
import type { AttributionMap, EvidenceSanityResult, EvidenceStudyResult } from '../../store/tools';
import { attributionRaster, EXPECTED_SLOPES, klCurves, sanityMatrix, slopeText, studyPlotSpec, toolsStore, useToolsStore } from '../../store/tools';
import { RasterCanvas } from '../RasterCanvas';

/**
 * "Evidence" for the current image: the perturbation study (KL against ε on log–log axes, the
 * second-order prediction, fitted slopes), attribution maps beside the iFIM's, their
 * deletion/insertion areas and the randomisation check. Everything runs in the engine's worker.
 */
export function EvidencePanel() {
  const job = useToolsStore((s) => s.job);
  const error = useToolsStore((s) => s.evidenceError);
  const ready = useAppStore((s) => s.payload !== null && s.status !== 'running');
  const tools = toolsStore().getState();
  return (
    <div className="tools-section" data-testid="evidence">
      {!ready ? <p className="tools-note">The studies run on the analysed image: wait for the analysis to finish.</p> : null}
      <StudyControls disabled={!ready || job !== null} />
      {job ? (
        <div className="tools-row" role="status" data-testid="evidence-progress">
          <span>{job.label}…</span>
          <progress max={1} value={job.fraction} />
          <span>{Math.round(100 * job.fraction)} %</span>
          <button type="button" onClick={() => tools.cancelEvidence()} data-testid="evidence-cancel">
            Cancel
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="tools-problem" role="alert" data-testid="evidence-error">
          {error}
        </p>
      ) : null}
      <StudyResult />
      <Attribution disabled={!ready || job !== null} />
    </div>
  );
}

function StudyControls({ disabled }: { readonly disabled: boolean }) {
  const o = useToolsStore((s) => s.studyOptions);
  const tools = toolsStore().getState();
  const int = (text: string, min: number): number => Math.max(min, Math.round(Number(text) || min));
  return (
    <form
      className="tools-card tools-form"
      onSubmit={(e) => {
        e.preventDefault();
        void tools.runStudy();
      }}
    >
      <h3>Perturbation study (this image)</h3>
      <label>
        ε values (L2 norm in model input space)
        <input value={o.epsilons} onChange={(e) => tools.setStudyOptions({ epsilons: e.target.value })} data-testid="study-epsilons" />
      </label>
      <div className="tools-row">
        <label>
          draws <input type="number" min={1} value={o.draws} onChange={(e) => tools.setStudyOptions({ draws: int(e.target.value, 1) })} data-testid="study-draws" />
        </label>
        <label>
          k <input type="number" min={1} value={o.k} onChange={(e) => tools.setStudyOptions({ k: int(e.target.value, 1) })} />
        </label>
        <label>
          seed <input type="number" value={o.seed} onChange={(e) => tools.setStudyOptions({ seed: Math.round(Number(e.target.value) || 0) })} />
        </label>
        <button type="submit" disabled={disabled} data-testid="study-run">
          Run study
        </button>
      </div>
    </form>
  );
}

function StudyResult() {
  const study = useToolsStore((s) => s.study);
  const title = useAppStore((s) => s.model?.summary.title ?? '');
  const src = useMemo(() => (study ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgLinePlot(studyPlotSpec(study, `KL against ε — ${title}`)))}` : null), [study, title]);
  if (!study || !src) return null;
  return (
    <section className="tools-card" data-testid="study-result">
      <img src={src} alt="KL divergence against ε on log–log axes, per perturbation family, with the second-order prediction along the leading subspace" className="tools-plot" />
      <SlopeTable study={study} />
      <p className="tools-note">
        k = {study.kUsed}, λ₁ = {study.eigenvalues[0]?.toExponential(3) ?? '—'}, {study.draws} draws per family, noise floor {study.noiseFloor.toExponential(2)}, {study.seconds.toFixed(1)} s.
        {study.skipped.map((s) => ` ${s.family} skipped: ${s.reason}.`).join('')}
      </p>
    </section>
  );
}

function SlopeTable({ study }: { readonly study: EvidenceStudyResult }) {
  return (
    <table className="tools-table" data-testid="evidence-slopes">
      <thead>
        <tr>
          <th>family</th>
          <th>small-ε slope of log KL</th>
          <th>expected</th>
        </tr>
      </thead>
      <tbody>
        {klCurves(study).map((c) => (
          <tr key={c.family} data-family={c.family}>
            <td>{c.family}</td>
            <td data-testid={`slope-${c.family}`}>{slopeText(study.slopes[c.family])}</td>
            <td>{EXPECTED_SLOPES[c.family] ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Attribution({ disabled }: { readonly disabled: boolean }) {
  const maps = useToolsStore((s) => s.maps);
  const rows = useToolsStore((s) => s.deletionRows);
  const sanity = useToolsStore((s) => s.sanity);
  const tools = toolsStore().getState();
  return (
    <section className="tools-card" data-testid="attribution">
      <h3>Attribution maps beside the iFIM</h3>
      <div className="tools-row">
        <button type="button" disabled={disabled} onClick={() => void tools.runAttribution()} data-testid="attribution-run">
          Compute maps
        </button>
        <button type="button" disabled={disabled || !maps} onClick={() => void tools.runDeletionInsertion()} data-testid="deletion-run">
          Deletion / insertion
        </button>
        <button type="button" disabled={disabled} onClick={() => void tools.runSanity()} data-testid="sanity-run">
          Randomisation check
        </button>
      </div>
      {maps ? <MapGrid maps={maps} /> : null}
      {rows ? (
        <table className="tools-table" data-testid="deletion-table">
          <thead>
            <tr>
              <th>map</th>
              <th>deletion area (lower is better)</th>
              <th>insertion area (higher is better)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                <td>{r.deletionArea.toFixed(3)}</td>
                <td>{r.insertionArea.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {sanity ? <SanityTable sanity={sanity} /> : null}
    </section>
  );
}

function MapGrid({ maps }: { readonly maps: readonly AttributionMap[] }) {
  const colorMap = useAppStore((s) => s.colorMap);
  const rasters = useMemo(() => maps.map((m) => attributionRaster(m, colorMap)), [maps, colorMap]);
  return (
    <div className="tools-maps" data-testid="attribution-maps">
      {maps.map((m, i) => (
        <figure key={m.label}>
          <RasterCanvas raster={rasters[i]} label={`${m.label} map`} />
          <figcaption>
            {m.label}
            <span className="tools-dim">{m.signed ? ' (signed)' : ''}</span>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function SanityTable({ sanity }: { readonly sanity: EvidenceSanityResult }) {
  const { labels, stages } = sanityMatrix(sanity);
  return (
    <table className="tools-table" data-testid="sanity-table">
      <caption>Cascading randomisation (Adebayo et al. 2018): Spearman ρ of each map with the trained model’s. A map that stays high does not depend on the weights.</caption>
      <thead>
        <tr>
          <th>stage</th>
          <th>layers randomised down to</th>
          {labels.map((l) => (
            <th key={l}>{l}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {stages.map((s) => (
          <tr key={s.stage}>
            <td>{s.stage}</td>
            <td>{s.layer}</td>
            {s.spearman.map((v, i) => (
              <td key={labels[i]}>{Number.isNaN(v) ? '—' : v.toFixed(2)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
