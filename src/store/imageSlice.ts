import { decodeImageFile } from '../io/decodeImage';
import { UPRIGHT } from '../render/orientation';
import { FIT_VIEWPORT } from '../render/viewport';
import type { DecodedFile } from '../worker/imageDecodeProtocol';
import { groundTruthMask, loadedImage, withFrame, withVolumeAxis } from './imageLoading';
import type { ImageSlice, LoadedImage, SliceContext, SliceCreator } from './types';

/** A new image starts at its own default window and the whole view; the walk starts at x. */
export const FRESH_IMAGE_VIEW = {
  displayWindow: null,
  panelWindows: { input: null, high: null, low: null },
  viewport: FIT_VIEWPORT,
  orientation: UPRIGHT,
  showInsensitiveMap: false,
  walkPosition: 0,
  walkResult: null,
} as const;

/**
 * A slice or frame change shows at once; its analysis starts once the choice has rested this long
 * (a dragged slider or a held key would otherwise start, and cancel, one analysis per step).
 */
export const FRAME_ANALYSIS_DEBOUNCE_MS = 250;

/** Which image the page shows: a demo sample or a file, decoded off the main thread. */
export const createImageSlice =
  ({ deps }: SliceContext): SliceCreator<ImageSlice> =>
  (set, get) => {
    // Every image request gets a number; a decode overtaken by a newer request is dropped.
    let imageRequests = 0;
    let fileCounter = 0;
    const decode = deps.decodeImage ?? (async (bytes: Uint8Array, name: string): Promise<DecodedFile> => ({ decoded: await decodeImageFile(bytes, name) }));

    // The pending debounced analysis of a frame/slice change, and those waiting for it.
    let frameTimer: ReturnType<typeof setTimeout> | null = null;
    let frameWaiters: (() => void)[] = [];
    const refreshSoon = (): Promise<void> => {
      if (frameTimer !== null) clearTimeout(frameTimer);
      // 'running' at once: nobody reads the previous slice's analysis as this one's.
      set({ status: 'running', error: null });
      return new Promise<void>((resolve) => {
        frameWaiters.push(resolve);
        frameTimer = setTimeout(() => {
          frameTimer = null;
          const waiters = frameWaiters;
          frameWaiters = [];
          void get().refresh().finally(() => waiters.forEach((w) => w()));
        }, FRAME_ANALYSIS_DEBOUNCE_MS);
      });
    };

    const changeImage = async (change: { readonly frame?: number; readonly modelIntensity?: LoadedImage['modelIntensity'] }): Promise<void> => {
      const image = get().image;
      if (!image) return;
      const frame = change.frame ?? image.frame;
      const modelIntensity = change.modelIntensity === undefined ? image.modelIntensity : change.modelIntensity;
      if (frame === image.frame && modelIntensity === image.modelIntensity) return;
      try {
        // A volume's slices share one window (the file's units); another DICOM frame gets its own.
        const keepWindow = frame === image.frame || image.volumeAxis !== undefined;
        set({ image: withFrame(image, frame, modelIntensity), displayWindow: keepWindow ? get().displayWindow : null });
      } catch (error) {
        get().notify('error', errorText(error));
        return;
      }
      if (frame !== image.frame) await refreshSoon();
      else await get().refresh();
    };

    return {
      sampleCatalog: [],
      sampleId: null,
      image: null,
      decoding: null,

      selectSample(id) {
        set({ sampleId: id });
        return get().refresh();
      },

      async loadImageFile(file) {
        const mine = ++imageRequests;
        set({ decoding: file.name });
        let image: LoadedImage;
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const { decoded, firstFrame } = await decode(bytes, file.name);
          image = loadedImage(`file:${file.name}#${++fileCounter}`, decoded, { kind: 'file', name: file.name, bytes: bytes.length }, file.name, { firstFrame });
        } catch (error) {
          if (mine === imageRequests) set({ decoding: null });
          // The message names the file and the problem (ImageDecodeError); nothing else changes.
          get().notify('error', `Could not open ${file.name}: ${stripName(errorText(error), file.name)}`);
          return;
        }
        if (mine !== imageRequests) return; // another image was asked for meanwhile
        set({ decoding: null, sampleId: null, image, ...FRESH_IMAGE_VIEW });
        await get().refresh();
      },

      selectFrame(frame) {
        return changeImage({ frame });
      },

      stepFrame(delta) {
        const image = get().image;
        if (!image || image.frameCount < 2) return Promise.resolve();
        return changeImage({ frame: Math.max(0, Math.min(image.frameCount - 1, image.frame + delta)) });
      },

      async selectVolumeAxis(axis) {
        const image = get().image;
        if (!image || image.volumeAxis === undefined || image.volumeAxis === axis) return;
        try {
          // Another plane has another shape: the view and the ROIs drawn on this one start afresh.
          set({ image: withVolumeAxis(image, axis), ...FRESH_IMAGE_VIEW, annotations: [], selectedAnnotation: null, regionFisher: null });
        } catch (error) {
          get().notify('error', errorText(error));
          return;
        }
        await refreshSoon();
      },

      setModelIntensity(policy) {
        return changeImage({ modelIntensity: policy });
      },

      async ensureSample() {
        const { sampleId, image } = get();
        if (!sampleId || image?.id === sampleId) return image;
        imageRequests++;
        const entry = get().sampleCatalog.find((s) => s.id === sampleId);
        if (!entry) throw new Error(`sample "${sampleId}" is not in samples/index.json`);
        const t0 = deps.now();
        const url = deps.resolveUrl(entry.path);
        deps.mark?.('ifim:image-load:start');
        let loaded: LoadedImage;
        try {
          const response = await deps.fetch(url);
          if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
          const bytes = new Uint8Array(await response.arrayBuffer());
          const name = entry.path.split('/').pop() ?? entry.id;
          let file: DecodedFile;
          try {
            file = await decode(bytes, name);
          } catch (error) {
            throw new Error(`could not decode ${url}: ${errorText(error)}`);
          }
          loaded = loadedImage(entry.id, file.decoded, { kind: 'sample', sampleId: entry.id, url }, entry.title, { groundTruth: groundTruthMask(entry.groundTruth), firstFrame: file.firstFrame });
        } finally {
          deps.mark?.('ifim:image-load:end');
        }
        set((s) => ({ clientTimingsMs: { ...s.clientTimingsMs, imageLoad: deps.now() - t0 } }));
        return loaded;
      },
    };
  };

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decoder messages start with the file name ("x.dcm: …"); the notice names it once already. */
function stripName(message: string, name: string): string {
  return message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message.startsWith(`${name} `) ? `it ${message.slice(name.length + 1)}` : message;
}
