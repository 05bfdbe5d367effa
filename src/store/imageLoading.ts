import type { DecodedImage } from '../io/decodeImage';
import { toDisplayImage } from '../io/decodeImage';
import type { IntensityPolicy } from '../io/dicom/types';
import type { PngImage } from '../io/pngDecode';
import type { SlicePlane } from '../core/volume';
import { middleSlice, volumeAsFrames } from '../io/volume';
import type { DisplayWindow } from '../render';
import { histogramQuantileWindow, maskOutlineSegments, rangeWindow, windowFromLevel } from '../render';
import type { MaskRle } from '../tasks/imageOps';
import { decodeMaskRle } from '../tasks/imageOps';
import type { GroundTruthMask, ImageSource, LoadedImage, RawImage } from './types';

/**
 * A decoded file → what the page keeps of it: the model's starting point (exactly the CLI's
 * toDisplayImage), the file's own values for the readout and the display window, and the demo
 * sample's ground truth when there is one.
 */
export interface LoadedImageOptions {
  readonly frame?: number;
  readonly modelIntensity?: IntensityPolicy | null;
  readonly groundTruth?: GroundTruthMask | null;
  readonly revision?: number;
  /** toDisplayImage(decoded, 0), when the decoder already computed it (off the main thread). */
  readonly firstFrame?: PngImage | null;
  /** Volumes: the plane whose slices `decoded.dicom` holds as frames (volumes only; default axial). */
  readonly volumeAxis?: SlicePlane;
}

export function loadedImage(id: string, file: DecodedImage, source: ImageSource, name: string, options: LoadedImageOptions = {}): LoadedImage {
  const volume = file.kind === 'dicom' ? file.volume : undefined;
  // A DICOM volume arrives as the file's frames: the page shows (and analyses) a plane's slices,
  // as NIfTI's axial ones already are and as `ifim analyze --slice --axis` cuts them.
  const recut = volume !== undefined && volume.format === 'DICOM multi-frame' && options.volumeAxis === undefined;
  const decoded: DecodedImage = recut ? { kind: 'dicom', dicom: volumeAsFrames(volume, 'axial'), volume } : file;
  const frameCount = decoded.kind === 'dicom' ? decoded.dicom.frames : 1;
  const volumeAxis = volume ? (options.volumeAxis ?? 'axial') : undefined;
  // A volume opens at its middle slice, as `ifim analyze` without --slice does.
  const frame = Math.max(0, Math.min(frameCount - 1, options.frame ?? (volume && volumeAxis ? middleSlice(volume, volumeAxis) : 0)));
  const modelIntensity = decoded.kind === 'dicom' ? (options.modelIntensity ?? null) : null;
  return {
    id,
    source,
    name,
    decoded,
    frame,
    frameCount,
    ...(volumeAxis ? { volumeAxis } : {}),
    modelIntensity,
    data: frame === 0 && modelIntensity === null && options.firstFrame && !recut ? options.firstFrame : toDisplayImage(decoded, frame, modelIntensity ?? undefined),
    raw: rawImageOf(decoded, frame),
    groundTruth: options.groundTruth ?? null,
    revision: options.revision ?? 0,
  };
}

/** The same image with another frame or intensity mapping (a new revision: it is analysed again). */
export function withFrame(image: LoadedImage, frame: number, modelIntensity: IntensityPolicy | null = image.modelIntensity): LoadedImage {
  return loadedImage(image.id, image.decoded, image.source, image.name, { frame, modelIntensity, groundTruth: image.groundTruth, revision: image.revision + 1, volumeAxis: image.volumeAxis });
}

/** A volume cut along another plane, at that plane's middle slice (a new revision). */
export function withVolumeAxis(image: LoadedImage, axis: SlicePlane): LoadedImage {
  const { decoded } = image;
  const volume = decoded.kind === 'dicom' ? decoded.volume : undefined;
  if (!volume) throw new Error(`${image.name} is a 2-D image: it has no other planes`);
  const recut = { kind: 'dicom' as const, dicom: volumeAsFrames(volume, axis), volume };
  return loadedImage(image.id, recut, image.source, image.name, { modelIntensity: image.modelIntensity, groundTruth: image.groundTruth, revision: image.revision + 1, volumeAxis: axis });
}

export function rawImageOf(decoded: DecodedImage, frame: number): RawImage {
  if (decoded.kind === 'raster') {
    const { image } = decoded;
    const gray = image.channels === 1;
    return {
      width: image.width,
      height: image.height,
      channels: image.channels,
      data: image.data,
      unit: '',
      scale: 2 ** image.bitDepth - 1,
      range: rangeWindow(image.data),
      // Colour keeps its balance under the full range; a stretch per channel would shift hues.
      defaultWindow: gray ? nonEmpty(histogramQuantileWindow(image.data, 0.01, 0.99), image.data) : { low: 0, high: 1 },
      filePresets: [],
      isCt: false,
    };
  }
  const { dicom } = decoded;
  const data = dicom.frameData[frame];
  const filePresets = dicom.windowPresets.map((p, i) => ({ label: p.explanation || `File window ${i + 1}`, window: windowFromLevel(p.center, p.width) }));
  const gray = dicom.channels === 1;
  const defaultWindow =
    gray && filePresets.length > 0
      ? filePresets[0].window
      : gray
        ? nonEmpty(histogramQuantileWindow(data, 0.01, 0.99), data)
        : { low: dicom.rescaledRange[0], high: dicom.rescaledRange[1] };
  return {
    width: dicom.width,
    height: dicom.height,
    channels: dicom.channels,
    data,
    unit: isCt(decoded) ? 'HU' : '',
    scale: 1,
    range: rangeWindow(data),
    defaultWindow,
    filePresets,
    isCt: isCt(decoded),
  };
}

export function isCt(decoded: DecodedImage): boolean {
  return decoded.kind === 'dicom' && (decoded.dicom.modality === 'CT' || decoded.dicom.tags.rescaleType?.toUpperCase() === 'HU');
}

/** A percentile window of width 0 (a mostly flat image) falls back to the full range. */
function nonEmpty(window: DisplayWindow, values: ArrayLike<number>): DisplayWindow {
  return window.high > window.low ? window : rangeWindow(values);
}

/**
 * The ground-truth mask of a demo sample (samples/index.json or the sample's sidecar JSON):
 * `maskRle` (row-major run lengths), with the class name(s) for the caption. Null when the sample
 * has no lesion (an all-zero mask) or no mask at all.
 */
export function groundTruthMask(groundTruth: unknown): GroundTruthMask | null {
  if (typeof groundTruth !== 'object' || groundTruth === null) return null;
  const g = groundTruth as { maskRle?: unknown; className?: unknown; classNames?: unknown };
  const rle = g.maskRle as MaskRle | undefined;
  if (!rle || !Array.isArray(rle.size) || !Array.isArray(rle.counts)) return null;
  let mask: Uint8Array;
  try {
    mask = decodeMaskRle(rle);
  } catch {
    return null;
  }
  if (!mask.some((v) => v !== 0)) return null;
  const [height, width] = rle.size;
  const description = typeof g.className === 'string' ? g.className : Array.isArray(g.classNames) ? g.classNames.join(', ') : null;
  return { width, height, mask, outline: maskOutlineSegments(mask, width, height), description };
}
