import type { AnalysisApi, AttributionSpec } from '../../worker/protocol';
import { transferDatasetRequest } from '../../worker/datasetTransfer';
import { datasetFileName, datasetFilesState, DEFAULT_DATASET_EPSILONS, DEFAULT_EVIDENCE_SPECS, DEFAULT_STUDY_EPSILONS, parseDatasetOptions, SANITY_SPECS, formatEpsilonList, parseEpsilonList } from './evidenceLogic';
import type { EvidenceJobKind, EvidenceSlice, SliceContext, SliceCreator } from '../types';

const LABELS: Record<EvidenceJobKind, string> = { study: 'perturbation study', attribution: 'attribution maps', deletion: 'deletion/insertion', sanity: 'randomisation check', dataset: 'dataset study' };

/** The evidence studies on the page's model and image, run in the worker through the engine session. */
export const createEvidenceSlice =
  ({ engine }: SliceContext): SliceCreator<EvidenceSlice> =>
  (set, get, store) => {
    // Evidence belongs to one analysis: another model or image makes it stale. The data-set study
    // belongs to one model.
    store.subscribe((s, prev) => {
      if (s.analysisKey !== prev.analysisKey && s.analysisKey !== null && s.evidenceKey !== null && s.evidenceKey !== s.analysisKey && !s.job) {
        set({ evidenceKey: null, study: null, maps: null, deletionRows: null, sanity: null, evidenceError: null });
      }
      if (s.model?.id !== prev.model?.id && s.dataset) set({ dataset: null });
    });

    /**
     * Runs one job in the worker on the page's current model and image, polling its progress.
     * Results are kept with the analysis key they belong to; a job whose image changed meanwhile
     * is dropped.
     */
    const job = async <T>(kind: EvidenceJobKind, task: (api: AnalysisApi) => Promise<T>, done: (result: T) => Partial<EvidenceSlice>): Promise<void> => {
      if (get().job) return;
      const app = get();
      // The data-set study needs the model only; its results belong to the model, not the image.
      const perModel = kind === 'dataset';
      const key = perModel ? (app.model?.id ?? null) : app.analysisKey;
      const currentKey = (): string | null => (perModel ? (get().model?.id ?? null) : get().analysisKey);
      if (perModel ? !key : !app.payload || !key || app.status === 'running') {
        set({ evidenceError: perModel ? 'Wait for the model to load first.' : 'Wait for the analysis of the current image to finish first.' });
        return;
      }
      set({
        job: { kind, fraction: 0, label: LABELS[kind] },
        evidenceError: null,
        ...(!perModel && get().evidenceKey !== key ? { evidenceKey: key, study: null, maps: null, deletionRows: null, sanity: null } : {}),
      });
      try {
        const result = await engine.requestWithProgress(kind, task, (p) => {
          if (get().job?.kind === kind) set({ job: { kind, fraction: p.fraction, label: p.label } });
        });
        if (currentKey() !== key) {
          set({ job: null, evidenceError: `The ${perModel ? 'model' : 'image or model'} changed while the study ran; its results were dropped.` });
          return;
        }
        set({ job: null, ...done(result) });
      } catch (error) {
        const cancelled = error instanceof Error && error.name === 'AbortError';
        set({ job: null, evidenceError: cancelled ? `${LABELS[kind]} cancelled.` : `${LABELS[kind]}: ${error instanceof Error ? error.message : String(error)}` });
      }
    };

    return {
      studyOptions: { epsilons: formatEpsilonList(DEFAULT_STUDY_EPSILONS), draws: 4, k: 1, seed: 0 },
      datasetOptions: { count: 64, epsilons: formatEpsilonList(DEFAULT_DATASET_EPSILONS), draws: 2, k: 1, seed: 0, source: 'task' },
      datasetFiles: { images: [], labels: null },
      dataset: null,
      job: null,
      evidenceError: null,
      evidenceKey: null,
      study: null,
      maps: null,
      deletionRows: null,
      sanity: null,

      setStudyOptions(patch) {
        set((s) => ({ studyOptions: { ...s.studyOptions, ...patch } }));
      },

      async runStudy() {
        const o = get().studyOptions;
        const parsed = parseEpsilonList(o.epsilons);
        if ('error' in parsed) {
          set({ evidenceError: parsed.error });
          return;
        }
        if (!(o.draws >= 1) || !(o.k >= 1)) {
          set({ evidenceError: 'draws and k must be at least 1' });
          return;
        }
        await job('study', (api) => api.perturbationStudy({ epsilons: parsed.epsilons, draws: o.draws, k: o.k, seed: o.seed }), (study) => ({ study }));
      },

      setDatasetOptions(patch) {
        set((s) => ({ datasetOptions: { ...s.datasetOptions, ...patch } }));
      },

      setDatasetFiles(patch) {
        set((s) => {
          const next = datasetFilesState(patch.images ?? s.datasetFiles.images, patch.labels !== undefined ? patch.labels : s.datasetFiles.labels);
          return { datasetFiles: { images: next.images, labels: next.labels }, datasetOptions: { ...s.datasetOptions, source: 'files' } };
        });
      },

      async runDatasetStudy() {
        const options = get().datasetOptions;
        const parsed = parseDatasetOptions(options);
        if ('error' in parsed) {
          set({ evidenceError: parsed.error });
          return;
        }
        if (options.source === 'task') {
          await job('dataset', (api) => api.datasetStudy(parsed.request), (dataset) => ({ dataset }));
          return;
        }
        const files = datasetFilesState(get().datasetFiles.images, get().datasetFiles.labels);
        if (files.error || !files.labels) {
          set({ evidenceError: `dataset study: ${files.error ?? 'no labels CSV'}` });
          return;
        }
        const labels = files.labels;
        await job(
          'dataset',
          async (api) => {
            const [csv, images] = await Promise.all([labels.text(), Promise.all(files.images.map(async (f) => ({ name: datasetFileName(f), bytes: await f.arrayBuffer() })))]);
            return api.datasetStudy(transferDatasetRequest({ ...parsed.request, files: { csv, csvName: labels.name, images } }));
          },
          (dataset) => ({ dataset }),
        );
      },

      async runAttribution(specs: readonly AttributionSpec[] = DEFAULT_EVIDENCE_SPECS) {
        await job('attribution', (api) => api.attribution({ specs }), (maps) => ({ maps, deletionRows: null, sanity: null }));
      },

      async runDeletionInsertion() {
        if (!get().maps) {
          set({ evidenceError: 'Compute the attribution maps first.' });
          return;
        }
        await job('deletion', (api) => api.deletionInsertion(), (deletionRows) => ({ deletionRows }));
      },

      async runSanity(maxStages?: number) {
        await job('sanity', (api) => api.sanityCheck({ specs: SANITY_SPECS, maxStages }), (sanity) => ({ sanity }));
      },

      cancelEvidence() {
        if (!get().job) return;
        engine.cancel();
      },
    };
  };
