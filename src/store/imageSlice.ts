import { decodeImageFile } from '../io/decodeImage';
import { FIT_VIEWPORT } from '../render/viewport';
import type { DecodedFile } from '../worker/imageDecodeProtocol';
import { groundTruthMask, loadedImage, withFrame } from './imageLoading';
import type { ImageSlice, LoadedImage, SliceContext, SliceCreator } from './types';

/** A new image starts at its own default window and the whole view; the walk starts at x. */
export const FRESH_IMAGE_VIEW = { displayWindow: null, viewport: FIT_VIEWPORT, walkPosition: 0, walkResult: null } as const;

/** Which image the page shows: a demo sample or a file, decoded off the main thread. */
export const createImageSlice =
  ({ deps }: SliceContext): SliceCreator<ImageSlice> =>
  (set, get) => {
    // Every image request gets a number; a decode overtaken by a newer request is dropped.
    let imageRequests = 0;
    let fileCounter = 0;
    const decode = deps.decodeImage ?? (async (bytes: Uint8Array, name: string): Promise<DecodedFile> => ({ decoded: await decodeImageFile(bytes, name) }));

    const changeImage = async (change: { readonly frame?: number; readonly modelIntensity?: LoadedImage['modelIntensity'] }): Promise<void> => {
      const image = get().image;
      if (!image) return;
      const frame = change.frame ?? image.frame;
      const modelIntensity = change.modelIntensity === undefined ? image.modelIntensity : change.modelIntensity;
      if (frame === image.frame && modelIntensity === image.modelIntensity) return;
      try {
        set({ image: withFrame(image, frame, modelIntensity), displayWindow: frame === image.frame ? get().displayWindow : null });
      } catch (error) {
        get().notify('error', errorText(error));
        return;
      }
      await get().refresh();
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
