import type { ModelMetadata } from '../core';
import type { AttributionContext, AttributionMap } from '../engine/attribution';
import { cascadingRandomization, computeAttribution, deletionInsertionTable, resolveTarget } from '../engine/attribution';
import type { Classifier } from '../engine/classifier';
import type { ModelFromFiles } from '../engine/modelFromFiles';
import { perturbationStudy } from '../engine/perturbationStudy';
import { datasetStudy } from '../engine/datasetStudy';
import type { LabelledSet } from '../engine/datasetStudy';
import { labelledImageSet } from '../io/labelsCsv';
import { labelledTaskSet } from '../tasks/labelledTaskSet';
import type { AnalysisApi, DatasetFilesSource, DatasetStudyPayload, PerturbationFamily, StudyProgress } from './protocol';

type EvidenceApi = Pick<AnalysisApi, 'perturbationStudy' | 'attribution' | 'deletionInsertion' | 'sanityCheck' | 'datasetStudy' | 'studyProgress'>;

export interface EvidenceSources {
  readonly classifier: () => Classifier;
  /** x (model space) of the last analysis; throws when there is none. */
  readonly x: () => Float32Array;
  readonly artifacts: () => ModelFromFiles['artifacts'] | null;
  readonly metadata: () => ModelMetadata | null;
}

/**
 * The evidence studies of the analysis service (perturbation, attribution, deletion/insertion,
 * randomisation) on the service's current model and image. One study at a time: a second one
 * waits for the first. cancel() stops the one running at its next batch boundary.
 */
export function createEvidenceService(sources: EvidenceSources): { readonly api: EvidenceApi; cancel(): void } {
  let cancelGeneration = 0;
  let progress: StudyProgress | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  // The maps of the last attribution() call and the (model, x) they belong to.
  let lastMaps: { maps: AttributionMap[]; classifier: Classifier; x: Float32Array; target: number | undefined } | null = null;

  const abortError = (): Error => {
    const error = new Error('the study was cancelled');
    error.name = 'AbortError';
    return error;
  };

  /** Runs a study after the previous one, with a cancellation check bound to this generation. */
  const study = <T>(label: string, task: (checkCancelled: () => void) => Promise<T>): Promise<T> => {
    const mine = cancelGeneration;
    const checkCancelled = (): void => {
      if (mine !== cancelGeneration) throw abortError();
    };
    const run = async (): Promise<T> => {
      checkCancelled();
      progress = { fraction: 0, label };
      try {
        return await task(checkCancelled);
      } catch (error) {
        // The engine's own cancellation error, under the protocol's name.
        if (error instanceof Error && error.name === 'StudyCancelledError') throw abortError();
        throw error;
      } finally {
        progress = null;
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const normalization = (): AttributionContext['normalization'] => {
    const p = sources.metadata()?.preprocessing;
    return p ? { mean: p.mean, std: p.std } : undefined;
  };

  const api: EvidenceApi = {
    perturbationStudy(request) {
      return study('perturbation study', async (checkCancelled) => {
        const classifier = sources.classifier();
        const x = sources.x();
        const epsilons = [...new Set(request.epsilons)].sort((a, b) => a - b);
        if (epsilons.length === 0 || epsilons.some((e) => !(e > 0) || !Number.isFinite(e))) throw new RangeError('ε values must be positive numbers');
        const started = performance.now();
        const result = await perturbationStudy(classifier, x, {
          epsilons,
          draws: Math.max(1, Math.round(request.draws)),
          k: Math.max(1, Math.round(request.k)),
          seed: request.seed,
          families: request.families,
          checkCancelled,
          onProgress: (fraction) => {
            progress = { fraction, label: 'perturbation study' };
          },
        });
        return {
          modelId: classifier.info.id,
          epsilons,
          draws: request.draws,
          records: result.records.map((r) => ({ family: r.family, epsilon: r.epsilon, draw: r.draw, kl: r.kl, deltaP: r.deltaP, flipped: r.flipped, predictedKl: r.predictedKl })),
          eigenvalues: result.eigenvalues,
          kUsed: result.kUsed,
          highNorm: result.highNorm,
          noiseFloor: result.noiseFloor.value,
          slopes: result.slopes,
          skipped: result.skipped,
          seconds: (performance.now() - started) / 1000,
        };
      });
    },

    attribution(request) {
      return study('attribution', async (checkCancelled) => {
        const classifier = sources.classifier();
        const x = sources.x();
        const context: AttributionContext = { artifacts: sources.artifacts() ?? undefined, normalization: normalization(), target: request.target };
        const maps: AttributionMap[] = [];
        for (const [i, spec] of request.specs.entries()) {
          checkCancelled();
          progress = { fraction: i / request.specs.length, label: spec.method };
          try {
            maps.push(await computeAttribution(classifier, x, spec, context));
          } catch (error) {
            throw new Error(`${spec.method}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        lastMaps = { maps, classifier, x, target: request.target };
        return maps;
      });
    },

    deletionInsertion(request = {}) {
      return study('deletion/insertion', async (checkCancelled) => {
        const classifier = sources.classifier();
        const x = sources.x();
        if (!lastMaps || lastMaps.classifier !== classifier || lastMaps.x !== x) throw new Error('compute the attribution maps of this image first');
        // The class the curves track: the one explained (the iFIM maps have none: the predicted class).
        const { target } = await resolveTarget(classifier, x, lastMaps.target);
        const rows = await deletionInsertionTable(classifier, x, lastMaps.maps, { target, normalization: normalization(), steps: request.steps, checkCancelled });
        return rows.map((r) => ({ label: r.label, deletionArea: r.deletionArea, insertionArea: r.insertionArea }));
      });
    },

    sanityCheck(request) {
      return study('randomisation', async (checkCancelled) => {
        const classifier = sources.classifier();
        const x = sources.x();
        const artifacts = sources.artifacts();
        if (!artifacts) throw new Error('the randomisation check needs the model’s artifacts');
        const result = await cascadingRandomization(classifier, x, request.specs, {
          artifacts,
          metadata: sources.metadata(),
          context: { normalization: normalization() },
          maxStages: request.maxStages,
          seed: request.seed,
          checkCancelled,
          onProgress: (p) => {
            progress = { fraction: (p.stage - 1) / p.stages, label: `randomisation stage ${p.stage}/${p.stages}: ${p.label}` };
          },
        });
        return { target: result.target, rows: result.rows.map((r) => ({ stage: r.stage, layer: r.layer, label: r.label, spearman: r.spearman, ssim: r.ssim })) };
      });
    },

    datasetStudy(request) {
      return study('dataset study', async (checkCancelled) => {
        const classifier = sources.classifier();
        const metadata = sources.metadata();
        const taskId = request.files ? null : (metadata?.task?.id ?? null);
        if (!request.files && (!metadata || !taskId)) throw new Error('this model names no demo task (metadata.task.id); the data-set study generates its images from one — or give it images and a labels CSV');
        if (!metadata) throw new Error('the data-set study needs the model’s metadata (classes, input, preprocessing)');
        const epsilons = [...new Set(request.epsilons)].sort((a, b) => a - b);
        if (epsilons.length === 0 || epsilons.some((e) => !(e > 0) || !Number.isFinite(e))) throw new RangeError('ε values must be positive numbers');
        const draws = Math.max(1, Math.round(request.draws));
        const started = performance.now();
        let set: LabelledSet;
        let dataSeed: number | null = null;
        let source: string;
        if (request.files) {
          const files = request.files;
          const lookup = datasetFileLookup(files.images);
          set = await labelledImageSet(files.csv, files.csvName, async (name) => lookup(name), metadata, (done, total) => {
            checkCancelled();
            progress = { fraction: 0, label: `decoding image ${done} of ${total}` };
          });
          source = `${set.count} images labelled by ${files.csvName}`;
        } else {
          const count = Math.round(request.count);
          if (!(count >= 1)) throw new RangeError('the number of images must be at least 1');
          progress = { fraction: 0, label: `generating ${count} ${taskId} images` };
          const generated = labelledTaskSet(taskId as string, count, metadata);
          set = generated;
          dataSeed = generated.seed;
          source = `${count} held-out images of task ${taskId} (seed ${generated.seed})`;
        }
        const count = set.count;
        checkCancelled();
        const result = await datasetStudy(classifier, set, {
          epsilons,
          draws,
          k: Math.max(1, Math.round(request.k)),
          seed: request.seed,
          families: request.families,
          checkCancelled,
          onProgress: (p) => {
            progress = { fraction: p.fraction, label: `dataset study: image ${Math.min(p.imagesDone + 1, p.imageCount)} of ${p.imageCount}` };
          },
        });
        const slopes: DatasetStudyPayload['slopes'] = {};
        for (const [family, summary] of Object.entries(result.slopes)) if (summary) slopes[family as PerturbationFamily] = summary.pooled;
        return {
          modelId: classifier.info.id,
          taskId,
          count,
          dataSeed,
          source,
          epsilons,
          draws,
          clean: { accuracy: result.clean.accuracy, auc: result.clean.auc },
          table: result.table.map((r) => ({ family: r.family, epsilon: r.epsilon, accuracy: r.accuracy, auc: r.auc })),
          slopes,
          noiseFloor: result.noiseFloor,
          seconds: (performance.now() - started) / 1000,
        };
      });
    },

    async studyProgress() {
      return progress;
    },
  };

  return {
    api,
    cancel() {
      cancelGeneration++;
    },
  };
}

/**
 * Finds the image a CSV row names among the given files: by its name or folder path (with or
 * without the picked folder's own name in front), else by its base name when that is unique.
 */
export function datasetFileLookup(images: DatasetFilesSource['images']): (name: string) => Uint8Array | null {
  const byPath = new Map<string, ArrayBuffer>();
  // Names with the first folder dropped, and base names; null where two files share one.
  const inFolder = new Map<string, ArrayBuffer | null>();
  const byBase = new Map<string, ArrayBuffer | null>();
  const add = (map: Map<string, ArrayBuffer | null>, key: string, bytes: ArrayBuffer): void => {
    map.set(key, map.has(key) ? null : bytes);
  };
  const norm = (name: string): string => name.replace(/\\/g, '/').replace(/^\.\//, '');
  for (const image of images) {
    const path = norm(image.name);
    byPath.set(path, image.bytes);
    const slash = path.indexOf('/');
    if (slash >= 0) add(inFolder, path.slice(slash + 1), image.bytes);
    add(byBase, path.slice(path.lastIndexOf('/') + 1), image.bytes);
  }
  return (name) => {
    const path = norm(name);
    const base = path.slice(path.lastIndexOf('/') + 1);
    const bytes = byPath.get(path) ?? (inFolder.has(path) ? inFolder.get(path) : byBase.get(base)) ?? null;
    return bytes ? new Uint8Array(bytes) : null;
  };
}
