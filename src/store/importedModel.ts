import type { AnalysisClient } from '../worker/analysisClient';
import { currentAnalysisClient } from '../worker/analysisClient';
import type { ModelSummary } from '../worker/protocol';
import type { AppStore } from './appStore';

/**
 * The seam between features beside the pipeline (the tools drawer's model import and evidence)
 * and the page's store: the engine client the pipeline started, and the one action that makes a
 * model loaded by such a feature the page's model and analyses the current image with it.
 * Uses only the store's public state and actions (getState/setState).
 */

/** The page's engine client (the worker holding the current model and image), started if need be. */
export async function engineClientOf(app: AppStore): Promise<AnalysisClient> {
  const existing = currentAnalysisClient();
  if (existing) return existing;
  // engineMemory() starts the engine the pipeline's way (backend, init) when nothing has yet.
  await app.getState().engineMemory();
  const started = currentAnalysisClient();
  if (!started) throw new Error('the analysis engine did not start');
  return started;
}

/**
 * Stops the page's analysis in flight, if any, so that the worker does not load another model
 * under it (the pipeline queues its own engine calls, not ours). True if one was stopped.
 */
export function stopPageAnalysis(app: AppStore): boolean {
  if (app.getState().status !== 'running') return false;
  app.getState().cancel();
  return true;
}

/** Id of an imported model in the store: `file:` ids stay out of the page URL (app/urlState). */
export function importedModelId(summary: Pick<ModelSummary, 'id'>): string {
  return `file:${summary.id}`;
}

/**
 * Makes `summary` (the model the engine now holds) the page's model and analyses the current image
 * with it; resolves when that analysis has finished. `from` names the source in the notice.
 */
export async function adoptImportedModel(app: AppStore, summary: ModelSummary, from: string, options: { readonly quiet?: boolean } = {}): Promise<void> {
  const id = importedModelId(summary);
  app.setState({ modelId: id, model: { id, summary }, payload: null, analysisKey: null, projections: null, rasters: null, walkRange: null, walkResult: null });
  if (!options.quiet) {
    const s = app.getState();
    s.notify('info', `Loaded the model “${summary.title}” from ${from}.`);
    if (summary.notice) s.notify('info', summary.notice);
  }
  await app.getState().analyze();
}
