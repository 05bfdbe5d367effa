import { useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { MetadataDraft } from '../../store/tools';
import { formatBytes, TOP_CLASS_MIN_CLASSES } from '../../store/tools';
import { filesFromDataTransfer } from '../files/openFiles';
import { useAppStore, useStoreApi } from '../storeContext';

/**
 * "Model import": files, a folder, a zip or a URL → the engine; the problem (naming the file)
 * when it fails, while the model in use stays; the inferred-metadata form; the Jacobian's memory;
 * recent models, kept in IndexedDB.
 */
export function ModelImportPanel() {
  const store = useStoreApi();
  const tools = store.getState();
  const busy = useAppStore((s) => s.importBusy);
  const problem = useAppStore((s) => s.importProblem);
  const model = useAppStore((s) => s.model);
  const [url, setUrl] = useState('');
  const [over, setOver] = useState(false);
  const folderRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // React has no prop for it: the folder picker is an attribute.
    folderRef.current?.setAttribute('webkitdirectory', '');
    void store.getState().refreshRecent();
  }, []);

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    void filesFromDataTransfer(event.dataTransfer).then((files) => (files.length ? tools.loadModelFiles(files) : false));
  };
  const pick = (list: FileList | null): void => {
    const files = Array.from(list ?? []);
    if (files.length) void tools.loadModelFiles(files);
  };

  return (
    <div className="tools-section" data-testid="model-import">
      <div
        className={`tools-dropzone${over ? ' over' : ''}`}
        data-testid="model-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>Drop model.json with its weight files (and metadata.json), a folder, or a .zip here.</p>
        <div className="tools-row">
          <label className="button-like">
            Choose files…
            <input type="file" multiple hidden data-testid="model-files-input" onChange={(e) => { pick(e.target.files); e.target.value = ''; }} />
          </label>
          <label className="button-like">
            Choose a folder…
            <input ref={folderRef} type="file" multiple hidden data-testid="model-folder-input" onChange={(e) => { pick(e.target.files); e.target.value = ''; }} />
          </label>
        </div>
      </div>
      <form
        className="tools-row"
        onSubmit={(e) => {
          e.preventDefault();
          void tools.loadModelUrl(url);
        }}
      >
        <input type="url" placeholder="https://…/model.json or .zip" value={url} onChange={(e) => setUrl(e.target.value)} aria-label="Model URL" data-testid="model-url" className="tools-grow" />
        <button type="submit" disabled={!url.trim() || busy !== null}>
          Open from URL
        </button>
      </form>
      <p className="tools-note">The server must allow this page to read the files (CORS). Nothing is uploaded: the model runs in this browser.</p>
      {busy ? (
        <p className="tools-status" role="status" data-testid="model-import-busy">
          Loading {busy}…
        </p>
      ) : null}
      {problem ? (
        <div className="tools-problem" role="alert" data-testid="model-import-problem">
          <p>
            <strong>Could not load {problem.what}</strong> ({problem.code}): {problem.message}
          </p>
          {problem.hint ? <p>{problem.hint}</p> : null}
          {model ? <p data-testid="model-import-kept">The model in use is still “{model.summary.title}”; it works as before.</p> : null}
        </div>
      ) : null}
      <CurrentModel />
      <TopClassCard />
      <MetadataForm />
      <RecentModels />
    </div>
  );
}

/** The top-m analysis of the current image, for models with more than 32 classes (docs/many-classes.md). */
function TopClassCard() {
  const store = useStoreApi();
  const classCount = useAppStore((s) => s.model?.summary.classes.length ?? 0);
  const ready = useAppStore((s) => s.payload !== null && s.status !== 'running');
  const mText = useAppStore((s) => s.topClassM);
  const result = useAppStore((s) => s.topClass);
  const busy = useAppStore((s) => s.topClassBusy);
  const error = useAppStore((s) => s.topClassError);
  if (classCount <= TOP_CLASS_MIN_CLASSES) return null;
  const tools = store.getState();
  return (
    <section className="tools-card" data-testid="top-class">
      <h3>Top-m analysis ({classCount} classes)</h3>
      <p className="tools-note">
        The iFIM restricted to the m classes of largest weight, with an unbiased estimate of tr F from sampled left-out classes: the share of tr F the kept classes capture. Leave m empty for the
        engine’s default; raise it when the share is low.
      </p>
      <form
        className="tools-row"
        onSubmit={(e) => {
          e.preventDefault();
          void tools.runTopClass();
        }}
      >
        <label>
          m <input type="number" min={1} max={classCount} placeholder="default" value={mText} onChange={(e) => tools.setTopClassM(e.target.value)} data-testid="top-class-m" />
        </label>
        <button type="submit" disabled={busy || !ready} data-testid="top-class-run">
          {busy ? 'Analysing…' : 'Run top-m analysis'}
        </button>
      </form>
      {error ? (
        <p className="tools-warning" data-testid="top-class-error">
          {error}
        </p>
      ) : null}
      {result ? (
        <div data-testid="top-class-result">
          <p>
            m = <span data-testid="top-class-m-used">{result.kept.length}</span> of {result.classCount} classes; share of tr F captured:{' '}
            <strong data-testid="top-class-share">
              {(100 * result.share.value).toFixed(1)}% ± {(100 * result.share.standardError).toFixed(1)}%
            </strong>{' '}
            (tr F ≈ {result.traceFisher.value.toExponential(3)} ± {result.traceFisher.standardError.toExponential(2)}, {result.sampleCount} sampled classes; {result.seconds.toFixed(1)} s).
          </p>
          <p className="tools-note" data-testid="top-class-kept">
            Kept: {result.kept.map((k) => `${k.name} (${k.weight.toFixed(3)})`).join(', ')}
          </p>
        </div>
      ) : null}
    </section>
  );
}

function CurrentModel() {
  const store = useStoreApi();
  const model = useAppStore((s) => s.model);
  const memory = useAppStore((s) => s.jacobianMemory);
  const pending = useAppStore((s) => s.analysisPending);
  if (!model) return null;
  const m = model.summary;
  return (
    <section className="tools-card" data-testid="model-import-current">
      <h3>
        In use: {m.title} <span className="tools-dim">({m.format ?? 'model'}, {m.inputShape.join('×')}, {m.classes.length} classes, {m.head})</span>
      </h3>
      {m.headSource === 'assumed' ? <p className="tools-warning">The head ({m.head}) was assumed: the model does not say whether its outputs are softmax or sigmoid scores. Check it below.</p> : null}
      {m.logitSource === 'log-probabilities' ? <p className="tools-note">The model ends in an activation; the analysis uses its log-probabilities as logits (the Fisher information is the same).</p> : null}
      {m.notice ? <p className="tools-note" data-testid="model-import-notice">{m.notice}</p> : null}
      {memory ? (
        <p className="tools-note" data-testid="model-import-memory">
          Jacobian: {memory.classesAnalysed} × {memory.inputSize.toLocaleString()} values = {formatBytes(memory.jacobianBytes)}, peak about {formatBytes(memory.totalBytes)} in {memory.chunks} chunk{memory.chunks === 1 ? '' : 's'} (buffer limit {formatBytes(memory.bufferLimitBytes)}).
        </p>
      ) : null}
      {pending ? (
        <button type="button" onClick={() => void store.getState().confirmAnalysis()}>
          Analyse anyway
        </button>
      ) : null}
    </section>
  );
}

function MetadataForm() {
  const store = useStoreApi();
  const model = useAppStore((s) => s.model);
  const draft = useAppStore((s) => s.metadataDraft);
  const error = useAppStore((s) => s.draftError);
  if (!model?.summary.metadata || !draft) return null;
  const tools = store.getState();
  const summary = model.summary;
  const inferred = summary.metadataSource === 'inferred';
  const notes = new Map((summary.inference?.fields ?? []).map((f) => [f.path, f]));
  const ask = new Set(summary.inference?.toConfirm ?? []);
  const note = (path: string) => {
    const f = notes.get(path as never);
    return f ? <span className={`tools-field-note${ask.has(f.path) ? ' ask' : ''}`}>{f.note}</span> : null;
  };
  const set = (patch: Partial<MetadataDraft>): void => tools.setDraft(patch);
  const save = (): void => {
    const text = tools.metadataJson();
    if (text === null) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    a.download = 'metadata.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <details className="tools-card" open={inferred} data-testid="metadata-form">
      <summary>{inferred ? 'Metadata inferred from the model — confirm or correct it' : 'Metadata (metadata.json)'}</summary>
      <div className="tools-form">
        <label>
          Title <input value={draft.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <label>
          Id <input value={draft.id} onChange={(e) => set({ id: e.target.value })} />
        </label>
        <label>
          Class names, one per line {note('classes')}
          <textarea rows={Math.min(8, summary.classes.length + 1)} value={draft.classes} onChange={(e) => set({ classes: e.target.value })} data-testid="metadata-classes" />
        </label>
        <label>
          Head {note('head')}
          <select value={draft.head} onChange={(e) => set({ head: e.target.value as MetadataDraft['head'] })}>
            <option value="softmax">softmax (one class per image)</option>
            <option value="sigmoid">sigmoid (independent findings)</option>
          </select>
        </label>
        <fieldset>
          <legend>Normalisation per channel: (x − mean) / std, x in [0, 1] {note('preprocessing.mean')}</legend>
          {draft.mean.map((m, c) => (
            <div className="tools-row" key={c}>
              <span>channel {c + 1}</span>
              <label>
                mean <input inputMode="decimal" value={m} onChange={(e) => set({ mean: draft.mean.map((v, i) => (i === c ? e.target.value : v)) })} />
              </label>
              <label>
                std <input inputMode="decimal" value={draft.std[c] ?? ''} onChange={(e) => set({ std: draft.std.map((v, i) => (i === c ? e.target.value : v)) })} />
              </label>
            </div>
          ))}
        </fieldset>
        <label>
          Resize to {summary.inputShape[0]}×{summary.inputShape[1]} {note('preprocessing.resize')}
          <select value={draft.resize} onChange={(e) => set({ resize: e.target.value as MetadataDraft['resize'] })}>
            <option value="bilinear">bilinear</option>
            <option value="nearest">nearest</option>
          </select>
        </label>
        {error ? (
          <p className="tools-problem" role="alert">
            {error}
          </p>
        ) : null}
        <div className="tools-row">
          <button type="button" onClick={() => void tools.applyDraft()}>
            Apply and analyse
          </button>
          <button type="button" onClick={save}>
            Save metadata.json
          </button>
        </div>
      </div>
    </details>
  );
}

function RecentModels() {
  const store = useStoreApi();
  const recent = useAppStore((s) => s.recentModels);
  const busy = useAppStore((s) => s.importBusy);
  if (recent.length === 0) return null;
  const tools = store.getState();
  return (
    <section className="tools-card" data-testid="recent-models">
      <h3>Recent models (kept in this browser)</h3>
      <ul className="tools-list">
        {recent.map((m) => (
          <li key={m.key}>
            <button type="button" className="link-button" disabled={busy !== null} onClick={() => void tools.openRecent(m.key)}>
              {m.title}
            </button>{' '}
            <span className="tools-dim">
              {m.source.kind === 'url' ? m.source.url : `${m.source.files.length} file${m.source.files.length === 1 ? '' : 's'}, ${formatBytes(m.totalBytes)}`} · {new Date(m.savedAt).toLocaleString()}
            </span>{' '}
            <button type="button" className="link-button" aria-label={`Forget ${m.title}`} onClick={() => void tools.forgetRecent(m.key)}>
              forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
