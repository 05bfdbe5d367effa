/**
 * Anatomical orientation of voxel grids and of the slices shown from them, from the voxel → RAS+
 * affine (NIfTI's world space: +x towards the patient's Right, +y Anterior, +z Superior, in mm).
 * DICOM's patient space is LPS+: rasFromLps converts its directions.
 *
 * Display follows the radiological convention that OHIF/Cornerstone use: axial and coronal slices
 * put the patient's right on the screen's left; axial has anterior at the top, coronal and
 * sagittal superior at the top; sagittal has anterior on the left.
 */

/** Row-major 4×4 matrix mapping (i, j, k, 1) voxel indices to (x, y, z, 1) RAS+ millimetres. */
export type Affine = readonly number[];

export type AnatomicalLabel = 'R' | 'L' | 'A' | 'P' | 'S' | 'I';
export type SlicePlane = 'axial' | 'coronal' | 'sagittal';
export type VoxelAxis = 0 | 1 | 2;

export const SLICE_PLANES: readonly SlicePlane[] = ['axial', 'coronal', 'sagittal'];

/** Labels of +x, +y, +z (RAS+) and of their opposites. */
const POSITIVE: readonly AnatomicalLabel[] = ['R', 'A', 'S'];
const NEGATIVE: readonly AnatomicalLabel[] = ['L', 'P', 'I'];

export function identityAffine(): number[] {
  return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}

/** An LPS+ direction (DICOM) as RAS+: x and y change sign. */
export function rasFromLps(v: readonly number[]): [number, number, number] {
  return [-v[0], -v[1], v[2]];
}

/** (i, j, k) → RAS+ mm. */
export function voxelToWorld(affine: Affine, i: number, j: number, k: number): [number, number, number] {
  const row = (r: number) => affine[4 * r] * i + affine[4 * r + 1] * j + affine[4 * r + 2] * k + affine[4 * r + 3];
  return [row(0), row(1), row(2)];
}

/** The RAS+ direction in which voxel axis `axis` increases (the affine's column), unit length. */
export function axisDirection(affine: Affine, axis: VoxelAxis): [number, number, number] {
  const v: [number, number, number] = [affine[axis], affine[4 + axis], affine[8 + axis]];
  const norm = Math.hypot(v[0], v[1], v[2]);
  if (!(norm > 0)) throw new RangeError(`the affine's voxel axis ${axis} has no direction (column of zeros)`);
  return [v[0] / norm, v[1] / norm, v[2] / norm];
}

/** The anatomical label of a direction: its largest RAS component (the nearest axis for oblique ones). */
export function nearestLabel(direction: readonly number[]): AnatomicalLabel {
  let best = 0;
  for (let w = 1; w < 3; w++) if (Math.abs(direction[w]) > Math.abs(direction[best])) best = w;
  return direction[best] >= 0 ? POSITIVE[best] : NEGATIVE[best];
}

export function oppositeLabel(label: AnatomicalLabel): AnatomicalLabel {
  const w = POSITIVE.indexOf(label);
  return w >= 0 ? NEGATIVE[w] : POSITIVE[NEGATIVE.indexOf(label)];
}

/**
 * Which world axis (0 = R–L, 1 = A–P, 2 = S–I) each voxel axis runs along, and whether it runs
 * towards R/A/S: the greedy assignment of nibabel's io_orientation (largest |cosine| first, each
 * world axis used once), so that an oblique grid still gets three distinct axes.
 */
export function voxelAxisAssignment(affine: Affine): { world: [number, number, number]; positive: [boolean, boolean, boolean] } {
  const dirs = [axisDirection(affine, 0), axisDirection(affine, 1), axisDirection(affine, 2)];
  const world: [number, number, number] = [-1, -1, -1];
  const positive: [boolean, boolean, boolean] = [true, true, true];
  const usedWorld = [false, false, false];
  for (let round = 0; round < 3; round++) {
    let bestAxis = -1;
    let bestWorld = -1;
    let bestValue = -1;
    for (let a = 0; a < 3; a++) {
      if (world[a] >= 0) continue;
      for (let w = 0; w < 3; w++) {
        if (usedWorld[w]) continue;
        const value = Math.abs(dirs[a][w]);
        if (value > bestValue) [bestAxis, bestWorld, bestValue] = [a, w, value];
      }
    }
    world[bestAxis] = bestWorld;
    positive[bestAxis] = dirs[bestAxis][bestWorld] >= 0;
    usedWorld[bestWorld] = true;
  }
  return { world, positive };
}

/** nibabel's aff2axcodes: the label each voxel axis increases towards, e.g. "RAS" or "LPS". */
export function axisCodes(affine: Affine): string {
  const { world, positive } = voxelAxisAssignment(affine);
  return world.map((w, a) => (positive[a] ? POSITIVE[w] : NEGATIVE[w])).join('');
}

/**
 * How a displayed slice is cut from the grid: the voxel axis held fixed, the voxel axes that run
 * along the screen's columns (left → right) and rows (top → bottom), and whether each is reversed.
 */
export interface SliceLayout {
  readonly plane: SlicePlane;
  readonly sliceAxis: VoxelAxis;
  readonly columnAxis: VoxelAxis;
  readonly rowAxis: VoxelAxis;
  /** Screen column x shows voxel index (n − 1 − x) along columnAxis. */
  readonly flipColumns: boolean;
  readonly flipRows: boolean;
}

/** World axes [normal, screen-right, screen-down] per plane, and the direction screen-right and screen-down must point. */
const PLANE_AXES: Record<SlicePlane, { normal: number; across: number; down: number; acrossPositive: boolean; downPositive: boolean }> = {
  // Screen right = patient Left (−x), screen down = Posterior (−y).
  axial: { normal: 2, across: 0, down: 1, acrossPositive: false, downPositive: false },
  // Screen right = Left (−x), screen down = Inferior (−z).
  coronal: { normal: 1, across: 0, down: 2, acrossPositive: false, downPositive: false },
  // Screen right = Posterior (−y), screen down = Inferior (−z).
  sagittal: { normal: 0, across: 1, down: 2, acrossPositive: false, downPositive: false },
};

export function sliceLayout(affine: Affine, plane: SlicePlane): SliceLayout {
  const { world, positive } = voxelAxisAssignment(affine);
  const spec = PLANE_AXES[plane];
  const axisFor = (w: number) => world.indexOf(w) as VoxelAxis;
  const columnAxis = axisFor(spec.across);
  const rowAxis = axisFor(spec.down);
  return {
    plane,
    sliceAxis: axisFor(spec.normal),
    columnAxis,
    rowAxis,
    flipColumns: positive[columnAxis] !== spec.acrossPositive,
    flipRows: positive[rowAxis] !== spec.downPositive,
  };
}

export interface EdgeLabels {
  readonly left: AnatomicalLabel;
  readonly right: AnatomicalLabel;
  readonly top: AnatomicalLabel;
  readonly bottom: AnatomicalLabel;
}

/** The labels at the four edges of a slice cut by `layout`: where screen-right and screen-down actually point. */
export function sliceEdgeLabels(affine: Affine, layout: SliceLayout): EdgeLabels {
  const sign = (flip: boolean) => (flip ? -1 : 1);
  const across = axisDirection(affine, layout.columnAxis).map((v) => v * sign(layout.flipColumns));
  const down = axisDirection(affine, layout.rowAxis).map((v) => v * sign(layout.flipRows));
  const right = nearestLabel(across);
  const bottom = nearestLabel(down);
  return { left: oppositeLabel(right), right, top: oppositeLabel(bottom), bottom };
}

/**
 * Edge labels of a 2-D DICOM image shown as stored (first row at the top, first column on the
 * left), from Image Orientation (Patient): the row direction (along a row, towards higher column
 * index) then the column direction, both LPS+ (PS3.3 C.7.6.2.1.1).
 */
export function imageOrientationEdgeLabels(imageOrientationPatient: readonly number[]): EdgeLabels {
  if (imageOrientationPatient.length < 6) throw new RangeError('Image Orientation (Patient) needs 6 values');
  const right = nearestLabel(rasFromLps(imageOrientationPatient.slice(0, 3)));
  const bottom = nearestLabel(rasFromLps(imageOrientationPatient.slice(3, 6)));
  return { left: oppositeLabel(right), right, top: oppositeLabel(bottom), bottom };
}
