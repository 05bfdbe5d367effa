import type { SliceLayout } from './orientation';

/** Voxel values in the type the file stores them in. */
export type VoxelArray = Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/**
 * A 3-D grid of stored values: plane k (the third voxel axis) is planes[k], nx·ny values with i
 * fastest. NIfTI planes are views into one array; multi-frame DICOM planes are its frames, so no
 * volume copies its source. Value = stored × slope + intercept (NIfTI scl_*, DICOM rescale).
 */
export interface VoxelGrid {
  readonly dims: readonly [number, number, number];
  readonly planes: readonly VoxelArray[];
  readonly slope: number;
  readonly intercept: number;
}

export interface ExtractedSlice {
  readonly width: number;
  readonly height: number;
  /** Rescaled values, row-major from the screen's top-left. */
  readonly values: Float32Array;
}

/** Number of slices of a layout's plane. */
export function sliceCount(grid: VoxelGrid, layout: SliceLayout): number {
  return grid.dims[layout.sliceAxis];
}

/**
 * One displayed slice: screen (x, y) shows the voxel whose columnAxis index is x (or n−1−x when
 * flipped), rowAxis index y (or m−1−y), and sliceAxis index `index`. Values are rescaled.
 */
export function extractSlice(grid: VoxelGrid, layout: SliceLayout, index: number): ExtractedSlice {
  const count = grid.dims[layout.sliceAxis];
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`slice ${index} does not exist: the ${layout.plane} plane has ${count} slice${count === 1 ? '' : 's'} (0–${count - 1})`);
  }
  const width = grid.dims[layout.columnAxis];
  const height = grid.dims[layout.rowAxis];
  const nx = grid.dims[0];
  const values = new Float32Array(width * height);
  const ijk = [0, 0, 0];
  ijk[layout.sliceAxis] = index;
  const { slope, intercept } = grid;
  for (let y = 0; y < height; y++) {
    ijk[layout.rowAxis] = layout.flipRows ? height - 1 - y : y;
    for (let x = 0; x < width; x++) {
      ijk[layout.columnAxis] = layout.flipColumns ? width - 1 - x : x;
      values[y * width + x] = grid.planes[ijk[2]][ijk[1] * nx + ijk[0]] * slope + intercept;
    }
  }
  return { width, height, values };
}

/** Lowest and highest rescaled value over the grid (one pass; NaN voxels are skipped). */
export function rescaledExtent(grid: VoxelGrid): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const plane of grid.planes) {
    for (let p = 0; p < plane.length; p++) {
      const v = plane[p];
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (low > high) return [0, 0];
  const a = low * grid.slope + grid.intercept;
  const b = high * grid.slope + grid.intercept;
  return [Math.min(a, b), Math.max(a, b)];
}
