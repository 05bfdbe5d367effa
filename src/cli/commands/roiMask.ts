import type { ModelMetadata, UnitImage } from '../../core';
import { imageMaskToModelSpace } from '../../core/roi';
import { decodeImageFile, toDisplayImage } from '../../io/decodeImage';
import { CliError } from '../cliError';
import { readInputFile } from '../readInputFile';

/**
 * `--roi mask.png` → the 0/1 region in model space, in the layout of input.npy (H×W×Ch). Pixels
 * whose value is nonzero in any channel are inside. A mask of the model's input size is taken as
 * it is; one of the image's size is resampled to the model's size by the image's own resize
 * (metadata preprocessing), and a model pixel is inside when its resampled value is ≥ ½ (so
 * bilinear resampling neither grows nor shrinks the region by more than half a pixel).
 */
export async function readRoiMask(
  path: string,
  image: { width: number; height: number },
  modelShape: readonly [number, number, number],
  resize: ModelMetadata['preprocessing']['resize'],
): Promise<Uint8Array> {
  const bytes = await readInputFile(path, 'ROI mask');
  let decoded: UnitImage;
  try {
    decoded = toDisplayImage(await decodeImageFile(bytes, path));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const [h, w] = modelShape;
  const binary = new Uint8Array(decoded.width * decoded.height);
  for (let p = 0; p < binary.length; p++) {
    for (let c = 0; c < decoded.channels; c++) if (decoded.data[p * decoded.channels + c] !== 0) binary[p] = 1;
  }
  const modelSize = decoded.width === w && decoded.height === h;
  if (!modelSize && !(decoded.width === image.width && decoded.height === image.height)) {
    throw new CliError(
      `ROI mask ${path} is ${decoded.width}×${decoded.height}; it must be the image's size (${image.width}×${image.height}) or the model's input size (${w}×${h})`,
    );
  }
  const mask = imageMaskToModelSpace(binary, decoded.width, decoded.height, modelShape, resize);
  if (!mask.includes(1)) throw new CliError(`ROI mask ${path} has no nonzero pixel${decoded.width === w ? '' : ' after resampling to the model input'}: mark the region with nonzero values`);
  return mask;
}
