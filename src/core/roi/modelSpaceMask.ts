import type { ModelMetadata } from '../modelMetadata';
import { resizeImage } from '../preprocess';
import { rasterizeRoi } from './rasterize';
import type { Roi } from './roiTypes';

/**
 * A region drawn on the image → the 0/1 mask that roiFisherAnalysis takes, in model space (the
 * layout of x: H×W×Ch, every channel of an inside pixel set). A mask of the model's input size is
 * taken as it is; one of the image's size is resampled by the image's own resize and a model pixel
 * is inside when its resampled value is ≥ ½, so bilinear resampling neither grows nor shrinks the
 * region by more than half a model pixel.
 */
export function imageMaskToModelSpace(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  modelShape: readonly [number, number, number],
  resize: ModelMetadata['preprocessing']['resize'],
): Uint8Array {
  const [h, w, ch] = modelShape;
  if (mask.length !== width * height) throw new RangeError(`the mask has ${mask.length} values for ${width}×${height}`);
  const binary = Float32Array.from(mask, (v) => (v !== 0 ? 1 : 0));
  const inModelSpace = width === w && height === h ? binary : resizeImage({ width, height, channels: 1, data: binary }, h, w, resize).data.map((v) => (v >= 0.5 ? 1 : 0));
  const out = new Uint8Array(h * w * ch);
  for (let p = 0; p < h * w; p++) if (inModelSpace[p] !== 0) out.fill(1, p * ch, (p + 1) * ch);
  return out;
}

/** An ROI on an image of width × height → the model-space mask (see imageMaskToModelSpace). */
export function roiToModelMask(
  roi: Roi,
  image: { readonly width: number; readonly height: number },
  modelShape: readonly [number, number, number],
  resize: ModelMetadata['preprocessing']['resize'],
): Uint8Array {
  return imageMaskToModelSpace(rasterizeRoi(roi, image.width, image.height), image.width, image.height, modelShape, resize);
}
