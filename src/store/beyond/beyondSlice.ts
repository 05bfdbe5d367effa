import type { PixelSpacingMm, SavedAnnotation } from '../../core/roi';
import { roiToModelMask } from '../../core/roi';
import type { ComparePayload, NeighbourhoodPayload, RegionFisherPayload, ValidityRadiusPayload } from '../../worker/protocol';
import { decodeImageFile } from '../../io/decodeImage';
import type { DecodedFile } from '../../worker/imageDecodeProtocol';
import { loadedImage } from '../imageLoading';
import type { LoadedImage, SliceContext, SliceCreator } from '../types';
import type { AnnotationMeasure, RoiTool } from './roiAnnotations';
import { measureAnnotation } from './roiAnnotations';

/** The compare view's B: the same image after a viewing change, or a second image the user gave. */
export interface CompareDraft {
  readonly noiseSigma: string;
  readonly seed: string;
  /** "centre,width" in [0, 1] display units, or empty. */
  readonly window: string;
  readonly scale: string;
  readonly topK: string;
  /** Two models on one image: the catalog id of model B, or '' for the current model. */
  readonly modelB: string;
}

export interface BeyondSlice {
  readonly roiTool: RoiTool;
  /** The ROIs and lengths drawn on the current image (kept per image id in local storage). */
  readonly annotations: readonly SavedAnnotation[];
  readonly selectedAnnotation: string | null;
  /** Region-restricted Fisher of the selected ROI, for the analysis it was computed on. */
  readonly regionFisher: { readonly annotationId: string; readonly key: string; readonly result: RegionFisherPayload; readonly maskModelSpace: Uint8Array } | null;
  /** Draw the region's leading direction over the image (in place of the mode overlay). */
  readonly showRoiDirection: boolean;
  setShowRoiDirection(show: boolean): void;
  readonly validityRadius: ValidityRadiusPayload | null;
  readonly neighbourhoodDraft: { readonly samples: string; readonly sigma: string; readonly seed: string };
  readonly neighbourhood: NeighbourhoodPayload | null;
  readonly compareDraft: CompareDraft;
  readonly compareImage: { readonly name: string; readonly image: LoadedImage['data'] } | null;
  readonly compare: ComparePayload | null;
  /** What is running (one at a time, through the engine session) and the last problem. */
  readonly beyondBusy: 'region' | 'radius' | 'neighbourhood' | 'compare' | null;
  readonly beyondError: string | null;
  setRoiTool(tool: RoiTool): void;
  addAnnotation(shape: SavedAnnotation['shape']): string;
  updateAnnotation(id: string, shape: SavedAnnotation['shape']): void;
  removeAnnotation(id: string): void;
  selectAnnotation(id: string | null): void;
  setAnnotations(annotations: readonly SavedAnnotation[]): void;
  runRegionFisher(): Promise<void>;
  runValidityRadius(): Promise<void>;
  setNeighbourhoodDraft(patch: Partial<BeyondSlice['neighbourhoodDraft']>): void;
  runNeighbourhood(): Promise<void>;
  setCompareDraft(patch: Partial<CompareDraft>): void;
  setCompareImage(image: BeyondSlice['compareImage']): void;
  /** B from a file the user opened or dropped (decoded as the page's images are), or a catalog sample. */
  openCompareFile(file: File): Promise<void>;
  openCompareSample(sampleId: string): Promise<void>;
  runCompare(): Promise<void>;
}

/** The image's pixel spacing (DICOM), else null: areas in px². */
export function pixelSpacingOf(image: LoadedImage | null): PixelSpacingMm | null {
  return image?.decoded.kind === 'dicom' ? (image.decoded.dicom.pixelSpacing ?? null) : null;
}

/** Statistics of an annotation on the file's values: the stored integers for raster images, rescaled values (HU) for DICOM. */
export function measureOnImage(annotation: SavedAnnotation, image: LoadedImage): AnnotationMeasure {
  const raw = image.raw;
  const data = raw.scale === 1 ? raw.data : raw.data.map((v) => v * raw.scale);
  return measureAnnotation(annotation.shape, { width: raw.width, height: raw.height, channels: raw.channels, data }, pixelSpacingOf(image));
}

const message = (what: string, error: unknown): string => `${what}: ${error instanceof Error ? error.message : String(error)}`;

export function parseNumber(text: string, name: string, options: { min?: number; integer?: boolean; optional?: boolean } = {}): number | undefined {
  if (text.trim() === '') {
    if (options.optional) return undefined;
    throw new Error(`${name} is needed`);
  }
  const v = Number(text);
  if (!Number.isFinite(v) || (options.min !== undefined && v < options.min) || (options.integer && !Number.isInteger(v))) {
    throw new Error(`${name} must be ${options.integer ? 'a whole number' : 'a number'}${options.min !== undefined ? ` ≥ ${options.min}` : ''}, not "${text}"`);
  }
  return v;
}

/** The compare request from the draft (throws one line naming the field). */
export function compareRequestOf(draft: Omit<CompareDraft, 'modelB'>) {
  const noiseSigma = parseNumber(draft.noiseSigma, 'noise σ', { min: 0, optional: true });
  const seed = parseNumber(draft.seed, 'seed', { min: 0, integer: true, optional: true }) ?? 1;
  const scale = parseNumber(draft.scale, 'resampling factor', { min: 0, optional: true });
  if (scale === 0) throw new Error('resampling factor must be > 0');
  const topK = parseNumber(draft.topK, 'k', { min: 1, integer: true, optional: true });
  let window: { centre: number; width: number } | undefined;
  if (draft.window.trim() !== '') {
    const parts = draft.window.split(',').map((s) => Number(s.trim()));
    if (parts.length !== 2 || parts.some((v) => !Number.isFinite(v)) || !(parts[1] > 0)) throw new Error(`window must be "centre,width" in [0, 1] display units with width > 0, not "${draft.window}"`);
    window = { centre: parts[0], width: parts[1] };
  }
  return { noiseSigma, seed, topK, change: { ...(window ? { window } : {}), ...(scale !== undefined ? { scale } : {}) } };
}

let nextId = 1;

export const createBeyondSlice =
  ({ engine, deps }: SliceContext): SliceCreator<BeyondSlice> =>
  (set, get, store) => {
    const decode = deps.decodeImage ?? (async (bytes: Uint8Array, name: string): Promise<DecodedFile> => ({ decoded: await decodeImageFile(bytes, name) }));
    const openCompareBytes = async (bytes: Uint8Array, name: string): Promise<void> => {
      try {
        const { decoded, firstFrame } = await decode(bytes, name);
        const image = loadedImage(`compare:${name}`, decoded, { kind: 'file', name, bytes: bytes.length }, name, { firstFrame });
        set({ compareImage: { name, image: image.data }, compare: null, beyondError: null });
      } catch (error) {
        set({ beyondError: message(`Could not open ${name} for the comparison`, error) });
      }
    };
    // Results belong to one analysis; ROIs to one image.
    store.subscribe((s, prev) => {
      if (s.analysisKey !== prev.analysisKey) set({ validityRadius: null, neighbourhood: null, compare: null });
      if (s.image?.id !== prev.image?.id && prev.image) set({ annotations: [], selectedAnnotation: null, regionFisher: null });
    });
    const guard = async (busy: NonNullable<BeyondSlice['beyondBusy']>, what: string, task: () => Promise<Partial<BeyondSlice>>): Promise<void> => {
      const s = get();
      if (!s.payload || s.status === 'running') {
        set({ beyondError: 'Wait for the analysis of the current image to finish first.' });
        return;
      }
      set({ beyondBusy: busy, beyondError: null });
      try {
        set({ ...(await task()), beyondBusy: null });
      } catch (error) {
        set({ beyondBusy: null, beyondError: message(what, error) });
      }
    };
    return {
      roiTool: 'none',
      annotations: [],
      selectedAnnotation: null,
      regionFisher: null,
      showRoiDirection: false,
      validityRadius: null,
      neighbourhoodDraft: { samples: '8', sigma: '0.05', seed: '1' },
      neighbourhood: null,
      compareDraft: { noiseSigma: '', seed: '1', window: '', scale: '', topK: '', modelB: '' },
      compareImage: null,
      compare: null,
      beyondBusy: null,
      beyondError: null,
      setShowRoiDirection(show) {
        set({ showRoiDirection: show });
      },
      setRoiTool(tool) {
        set({ roiTool: tool });
      },
      addAnnotation(shape) {
        const id = `a${Date.now().toString(36)}-${nextId++}`;
        set((s) => ({ annotations: [...s.annotations, { id, shape }], selectedAnnotation: id }));
        return id;
      },
      updateAnnotation(id, shape) {
        set((s) => ({ annotations: s.annotations.map((a) => (a.id === id ? { ...a, shape } : a)), regionFisher: s.regionFisher?.annotationId === id ? null : s.regionFisher }));
      },
      removeAnnotation(id) {
        set((s) => ({
          annotations: s.annotations.filter((a) => a.id !== id),
          selectedAnnotation: s.selectedAnnotation === id ? null : s.selectedAnnotation,
          regionFisher: s.regionFisher?.annotationId === id ? null : s.regionFisher,
        }));
      },
      selectAnnotation(id) {
        set({ selectedAnnotation: id });
      },
      setAnnotations(annotations) {
        set({ annotations: [...annotations], selectedAnnotation: null, regionFisher: null });
      },
      runRegionFisher() {
        return guard('region', 'region analysis', async () => {
          const s = get();
          const annotation = s.annotations.find((a) => a.id === s.selectedAnnotation);
          if (!annotation || annotation.shape.kind === 'length') throw new Error('select a rectangle, ellipse or freehand ROI first');
          if (!s.image || !s.payload) throw new Error('no analysed image');
          const resize = s.model?.summary.metadata?.preprocessing.resize ?? 'bilinear';
          const mask = roiToModelMask(annotation.shape, s.image.raw, s.payload.inputShape, resize);
          if (!mask.some((v) => v !== 0)) throw new Error('the ROI covers no pixel of the model input; draw it larger');
          const key = s.analysisKey ?? '';
          const result = await engine.request('region-fisher', (client) => client.api.regionFisher({ maskModelSpace: mask }));
          return { regionFisher: { annotationId: annotation.id, key, result, maskModelSpace: mask }, showRoiDirection: result.leadingEigenvector !== null };
        });
      },
      runValidityRadius() {
        return guard('radius', 'validity radius', async () => ({ validityRadius: await engine.request('validity-radius', (client) => client.api.validityRadii({})) }));
      },
      setNeighbourhoodDraft(patch) {
        set((s) => ({ neighbourhoodDraft: { ...s.neighbourhoodDraft, ...patch } }));
      },
      runNeighbourhood() {
        return guard('neighbourhood', 'neighbourhood Fisher', async () => {
          const d = get().neighbourhoodDraft;
          const samples = parseNumber(d.samples, 'M', { min: 1, integer: true })!;
          const sigma = parseNumber(d.sigma, 'σ', { min: 0 })!;
          const seed = parseNumber(d.seed, 'seed', { min: 0, integer: true })!;
          return { neighbourhood: await engine.request('neighbourhood', (client) => client.api.neighbourhoodFisher({ samples, sigma, seed })) };
        });
      },
      setCompareDraft(patch) {
        set((s) => ({ compareDraft: { ...s.compareDraft, ...patch } }));
      },
      setCompareImage(image) {
        set({ compareImage: image, compare: null });
      },
      async openCompareFile(file) {
        await openCompareBytes(new Uint8Array(await file.arrayBuffer()), file.name);
      },
      async openCompareSample(sampleId) {
        const entry = get().sampleCatalog.find((e) => e.id === sampleId);
        if (!entry) {
          set({ beyondError: `no sample "${sampleId}" in the catalog` });
          return;
        }
        try {
          const url = deps.resolveUrl(entry.path);
          const response = await deps.fetch(url);
          if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
          await openCompareBytes(new Uint8Array(await response.arrayBuffer()), entry.id);
        } catch (error) {
          set({ beyondError: message('compare', error) });
        }
      },
      runCompare() {
        return guard('compare', 'compare', async () => {
          const s = get();
          const request = compareRequestOf(s.compareDraft);
          const b = s.compareImage;
          const modelB = s.compareDraft.modelB;
          if (!b && !modelB && request.noiseSigma === undefined && !request.change.window && request.change.scale === undefined) {
            throw new Error('nothing to compare: choose a model B, open a second image, or give noise σ, a window or a resampling factor');
          }
          const modelRequest = modelB ? { modelB: { modelJsonUrl: deps.resolveUrl(`models/${modelB}/model.json`), id: modelB } } : {};
          return { compare: await engine.request('compare', (client) => client.api.compareSubspaces({ ...request, ...modelRequest, ...(b ? { imageB: b.image, imageBName: b.name } : {}) })) };
        });
      },
    };
  };
