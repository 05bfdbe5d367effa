import { useEffect, useMemo, useRef } from 'react';
import { svgLinePlot } from '../../render/svgPlot';
import type { AttributionMap, DatasetStudyPayload, EvidenceSanityResult, EvidenceStudyResult } from '../../store/tools';
import { attributionRaster, datasetPlotSpecs, EXPECTED_SLOPES, klCurves, sanityMatrix, slopeText, studyPlotSpec } from '../../store/tools';
import { RasterCanvas } from '../RasterCanvas';
import { useAppStore, useStoreApi } from '../storeContext';

/**
 * "Evidence" for the current image: the perturbation study (KL against ε on log–log axes, the
 * second-order prediction, fitted slopes), attribution maps beside the iFIM's, their
 * deletion/insertion areas and the randomisation check. Everything runs in the engine's worker.
 */
export function EvidencePanel() {
  const store = useStoreApi();
  const job = useAppStore((s) => s.job);
  const error = useAppStore((s) => s.evidenceError);
  const ready = useAppStore((s) => s.payload !== null && s.status !== 'running');
  const hasModel = useAppStore((s) => s.model !== null);
  const tools = store.getState();
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
      <DatasetControls disabled={!hasModel || job !== null} />
      <DatasetResult />
    </div>
  );
}

function StudyControls({ disabled }: { readonly disabled: boolean }) {
  const store = useStoreApi();
  const o = useAppStore((s) => s.studyOptions);
  const tools = store.getState();
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
  const study = useAppStore((s) => s.study);
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
  const store = useStoreApi();
  const maps = useAppStore((s) => s.maps);
  const rows = useAppStore((s) => s.deletionRows);
  const sanity = useAppStore((s) => s.sanity);
  const tools = store.getState();
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

function DatasetControls({ disabled }: { readonly disabled: boolean }) {
  const store = useStoreApi();
  const o = useAppStore((s) => s.datasetOptions);
  const task = useAppStore((s) => s.model?.summary.metadata?.task?.id ?? null);
  const files = useAppStore((s) => s.datasetFiles);
  const tools = store.getState();
  const int = (text: string, min: number): number => Math.max(min, Math.round(Number(text) || min));
  return (
    <form
      className="tools-card tools-form"
      data-testid="dataset-study"
      onSubmit={(e) => {
        e.preventDefault();
        void tools.runDatasetStudy();
      }}
    >
      <h3>Data-set study (held-out images of the model’s demo task, or your labelled images)</h3>
      <div className="tools-row" role="radiogroup" aria-label="Images of the data-set study">
        <label>
          <input type="radio" name="dataset-source" checked={o.source === 'task'} onChange={() => tools.setDatasetOptions({ source: 'task' })} data-testid="dataset-source-task" /> demo task
        </label>
        <label>
          <input type="radio" name="dataset-source" checked={o.source === 'files'} onChange={() => tools.setDatasetOptions({ source: 'files' })} data-testid="dataset-source-files" /> my images + labels CSV
        </label>
      </div>
      {o.source === 'task' ? (
        <p className="tools-note">
          {task
            ? `Generates n held-out images of task ${task} in the worker and runs the perturbation study on each: the set’s accuracy and AUC against ε per family.`
            : 'This model names no demo task (metadata.task.id): the data-set study has no images to generate; choose your own images and a labels CSV.'}
        </p>
      ) : (
        <DatasetFilesPicker />
      )}
      <label>
        ε values (L2 norm in model input space)
        <input value={o.epsilons} onChange={(e) => tools.setDatasetOptions({ epsilons: e.target.value })} data-testid="dataset-epsilons" />
      </label>
      <div className="tools-row">
        <label hidden={o.source !== 'task'}>
          n <input type="number" min={1} value={o.count} onChange={(e) => tools.setDatasetOptions({ count: int(e.target.value, 1) })} data-testid="dataset-count" />
        </label>
        <label>
          draws <input type="number" min={1} value={o.draws} onChange={(e) => tools.setDatasetOptions({ draws: int(e.target.value, 1) })} data-testid="dataset-draws" />
        </label>
        <label>
          k <input type="number" min={1} value={o.k} onChange={(e) => tools.setDatasetOptions({ k: int(e.target.value, 1) })} />
        </label>
        <label>
          seed <input type="number" value={o.seed} onChange={(e) => tools.setDatasetOptions({ seed: Math.round(Number(e.target.value) || 0) })} />
        </label>
        <button type="submit" disabled={disabled || (o.source === 'task' ? !task : files.labels === null || files.images.length === 0)} data-testid="dataset-run">
          Run data-set study
        </button>
      </div>
    </form>
  );
}

/** The images (a folder, or several files, or dropped) and the labels CSV of the data-set study. */
function DatasetFilesPicker() {
  const store = useStoreApi();
  const files = useAppStore((s) => s.datasetFiles);
  const tools = store.getState();
  const folderRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // React has no prop for it: the folder picker is an attribute.
    folderRef.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <div
      className="tools-note"
      data-testid="dataset-files"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        tools.setDatasetFiles({ images: [...e.dataTransfer.files] });
      }}
    >
      <p>
        A labels CSV with a header row and one row per image: <code>file,label</code> (a class name or index; sigmoid models: one 0/1 column per class). Images are decoded and preprocessed as
        the model’s metadata says. Drop the files here, or choose them:
      </p>
      <div className="tools-row">
        <label>
          images <input type="file" multiple accept="image/*,.dcm,.csv" onChange={(e) => tools.setDatasetFiles({ images: [...(e.target.files ?? [])] })} data-testid="dataset-images" />
        </label>
        <label>
          folder <input type="file" ref={folderRef} onChange={(e) => tools.setDatasetFiles({ images: [...(e.target.files ?? [])] })} data-testid="dataset-folder" />
        </label>
        <label>
          labels CSV <input type="file" accept=".csv,text/csv" onChange={(e) => tools.setDatasetFiles({ labels: e.target.files?.[0] ?? null })} data-testid="dataset-labels" />
        </label>
      </div>
      <p data-testid="dataset-files-summary">
        {files.images.length} image{files.images.length === 1 ? '' : 's'}; labels: {files.labels ? files.labels.name : 'none yet'}
      </p>
    </div>
  );
}

const svgSrc = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function DatasetResult() {
  const result = useAppStore((s) => s.dataset);
  const title = useAppStore((s) => s.model?.summary.title ?? '');
  const plots = useMemo(() => {
    if (!result) return null;
    const specs = datasetPlotSpecs(result, title);
    return { accuracy: svgSrc(svgLinePlot(specs.accuracy)), auc: svgSrc(svgLinePlot(specs.auc)) };
  }, [result, title]);
  if (!result || !plots) return null;
  return (
    <section className="tools-card" data-testid="dataset-result">
      <img src={plots.accuracy} alt="Accuracy of the set against ε, per perturbation family" className="tools-plot" />
      <img src={plots.auc} alt="AUC of the set against ε, per perturbation family" className="tools-plot" />
      <DatasetTable result={result} />
      <p className="tools-note">
        {result.source}, {result.draws} draws per family; clean accuracy {result.clean.accuracy.toFixed(3)}, AUC{' '}
        {Number.isNaN(result.clean.auc) ? '—' : result.clean.auc.toFixed(3)}; noise floor {result.noiseFloor.toExponential(2)}, {result.seconds.toFixed(1)} s.
      </p>
    </section>
  );
}

function DatasetTable({ result }: { readonly result: DatasetStudyPayload }) {
  const metric = (v: number): string => (Number.isNaN(v) ? '—' : v.toFixed(3));
  return (
    <table className="tools-table" data-testid="dataset-table">
      <thead>
        <tr>
          <th>family</th>
          <th>ε</th>
          <th>accuracy</th>
          <th>AUC</th>
          <th>pooled small-ε slope of log KL</th>
        </tr>
      </thead>
      <tbody>
        {result.table.map((r, i) => (
          <tr key={`${r.family}|${r.epsilon}`} data-family={r.family}>
            <td>{r.family}</td>
            <td>{r.family.startsWith('removal') ? `${r.epsilon.toPrecision(3)} (mean |x_high|)` : r.epsilon.toPrecision(3)}</td>
            <td>{metric(r.accuracy)}</td>
            <td>{metric(r.auc)}</td>
            <td>{r.family in result.slopes && result.table.findIndex((t) => t.family === r.family) === i ? slopeText(result.slopes[r.family]) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
