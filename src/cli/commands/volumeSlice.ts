import type { SlicePlane } from '../../core/volume';
import { SLICE_PLANES, axisCodes, sliceEdgeLabels, sliceLayout } from '../../core/volume';
import type { DecodedImage } from '../../io/decodeImage';
import { toDisplayImage } from '../../io/decodeImage';
import type { PngImage } from '../../io/pngDecode';
import type { ImageVolume } from '../../io/volume';
import { middleSlice, volumeSlice } from '../../io/volume';
import { CliError } from '../cliError';
import { wholeNumber } from './cliNumbers';

/**
 * `--slice K [--axis axial|coronal|sagittal]`: which slice of a volume (NIfTI, multi-frame DICOM)
 * the 2-D model analyses. Without --slice a volume gives its middle slice of the axis (axial by
 * default); a 2-D image refuses the flags.
 */
export interface VolumeSliceOption {
  readonly index?: number;
  readonly axis: SlicePlane;
}

export const VOLUME_SLICE_FLAGS = { slice: { type: 'string' }, axis: { type: 'string' } } as const;

export function volumeSliceOption(values: Record<string, string | boolean | undefined>, command = 'analyze'): VolumeSliceOption | undefined {
  const sliceText = typeof values.slice === 'string' ? values.slice : undefined;
  const axisText = typeof values.axis === 'string' ? values.axis : undefined;
  if (sliceText === undefined && axisText === undefined) return undefined;
  if (axisText !== undefined && !SLICE_PLANES.includes(axisText as SlicePlane)) throw new CliError(`ifim ${command}: --axis must be axial, coronal or sagittal, not "${axisText}"`);
  return { index: wholeNumber(sliceText, 'slice', command), axis: (axisText ?? 'axial') as SlicePlane };
}

export interface AnalyzedSlice {
  readonly image: PngImage;
  /** For result.json: which slice of which volume, null for 2-D images. */
  readonly slice: { axis: SlicePlane; index: number; count: number; edgeLabels: unknown } | null;
}

/** The model's starting image: a 2-D file as before, a volume's chosen (or middle) slice. */
export function analyzedImage(decoded: DecodedImage, name: string, option: VolumeSliceOption | undefined): AnalyzedSlice {
  const volume = decoded.kind === 'dicom' ? decoded.volume : undefined;
  if (!volume) {
    if (option) throw new CliError(`${name} is a 2-D image; --slice and --axis apply to volumes (NIfTI, multi-frame DICOM)`);
    return { image: toDisplayImage(decoded), slice: null };
  }
  const axis = option?.axis ?? 'axial';
  const index = option?.index ?? middleSlice(volume, axis);
  let slice;
  try {
    slice = volumeSlice(volume, axis, index);
  } catch (error) {
    throw new CliError(`${name}: ${(error as Error).message}`);
  }
  return {
    image: toDisplayImage({ kind: 'dicom', dicom: slice.image }),
    slice: { axis, index, count: slice.count, edgeLabels: slice.edgeLabels },
  };
}

/** `ifim inspect` lines for a volume. */
export function volumeLines(volume: ImageVolume): [string, string][] {
  const [nx, ny, nz] = volume.dims;
  const mm = (v: number) => Number(v.toFixed(4));
  const lines: [string, string][] = [
    ['volume', `${nx} × ${ny} × ${nz} voxels, ${volume.datatype} (${volume.format})`],
    ['spacing', `${volume.spacingMm.map(mm).join(' × ')} mm`],
    ['orientation', volume.orientationKnown ? `${axisCodes(volume.voxelToRas)} (from the ${volume.affineSource})` : 'unknown (no qform or sform)'],
  ];
  for (const plane of SLICE_PLANES) {
    const layout = sliceLayout(volume.voxelToRas, plane);
    const labels = volume.orientationKnown ? sliceEdgeLabels(volume.voxelToRas, layout) : null;
    const edges = labels ? `, left ${labels.left} right ${labels.right} top ${labels.top} bottom ${labels.bottom}` : '';
    lines.push([plane, `${volume.dims[layout.sliceAxis]} slices along voxel axis ${'ijk'[layout.sliceAxis]}${edges}`]);
  }
  return lines;
}

/** `ifim inspect --json`'s `volume` field. */
export function volumeSummary(volume: ImageVolume) {
  return {
    format: volume.format,
    dims: [...volume.dims],
    datatype: volume.datatype,
    spacingMm: volume.spacingMm.map((v) => Number(v.toFixed(6))),
    orientation: volume.orientationKnown ? axisCodes(volume.voxelToRas) : null,
    affineSource: volume.affineSource,
    voxelToRas: [...volume.voxelToRas],
    rescaledMin: volume.rescaledMin,
    rescaledMax: volume.rescaledMax,
  };
}
