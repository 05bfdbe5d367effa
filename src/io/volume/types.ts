import type { Affine, VoxelGrid } from '../../core/volume';

/** The stored voxel types the readers accept (NIfTI DT_UINT8 … DT_FLOAT64; DICOM frames arrive rescaled as float32). */
export type VoxelDatatype = 'uint8' | 'int16' | 'uint16' | 'int32' | 'float32' | 'float64';

/** Where the voxel → patient affine came from. */
export type AffineSource = 'sform' | 'qform' | 'pixdim' | 'dicom-geometry' | 'none';

/**
 * A 3-D image of any format (NIfTI-1/2, multi-frame DICOM): stored values by plane, the rescale
 * that turns them into the file's units, and the geometry that places them in the patient.
 */
export interface ImageVolume extends VoxelGrid {
  readonly format: 'NIfTI-1' | 'NIfTI-2' | 'DICOM multi-frame';
  readonly datatype: VoxelDatatype;
  /** Voxel size along i, j, k in mm (the affine's column lengths; pixdim when there is no affine). */
  readonly spacingMm: readonly [number, number, number];
  /** Row-major 4×4: (i, j, k, 1) → RAS+ mm (NIfTI world; DICOM's LPS is converted). */
  readonly voxelToRas: Affine;
  readonly affineSource: AffineSource;
  /** False when the file does not say how the grid lies in the patient: show no orientation labels. */
  readonly orientationKnown: boolean;
  /** Over the whole volume, after rescale. */
  readonly rescaledMin: number;
  readonly rescaledMax: number;
  /** The file's display range (NIfTI cal_min/cal_max), rescaled units; null when unset. */
  readonly displayRange: readonly [number, number] | null;
  readonly modality: string | null;
  /** What was done or assumed on the way, in words for the UI. */
  readonly notes: readonly string[];
}

/** Limits checked from the header before any voxel array is allocated. */
export interface VolumeLimits {
  /** Largest nx·ny·nz kept. */
  readonly maxVoxels?: number;
  /** Largest voxel data (all volumes of a series) read or inflated, in bytes. */
  readonly maxDataBytes?: number;
}

export const DEFAULT_MAX_VOLUME_VOXELS = 64 * 1024 * 1024;
export const DEFAULT_MAX_VOLUME_DATA_BYTES = 512 * 1024 * 1024;
