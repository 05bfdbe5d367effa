import type { DicomImage } from '../dicom/types';
import type { ImageVolume } from './types';

/**
 * A multi-frame DICOM as a volume, when the file says where its frames lie: Image Orientation
 * (Patient) and an Image Position (Patient) for every frame (PS3.3 C.7.6.2.1.1, enhanced objects'
 * Plane Position/Orientation functional groups; src/io/dicom/geometry.ts reads them). Voxel i runs
 * along a row (the row direction), j down the columns, k through the frames in file order; the
 * affine is LPS+ from the file converted to RAS+ (negate x and y), as NIfTI's world is.
 *
 * Null when the geometry is missing or does not describe a stack (one frame, colour, a frame
 * without a position, frames not on one line): such files stay frame series without orientation.
 */
export function dicomVolume(image: DicomImage): ImageVolume | null {
  const g = image.geometry;
  if (!g || image.frames < 2 || image.channels !== 1 || !g.imageOrientationPatient) return null;
  const positions = g.framePositions;
  if (positions.length !== image.frames || positions.some((p) => p === null)) return null;
  const [rx, ry, rz, cx, cy, cz] = g.imageOrientationPatient;
  const row = unit([rx, ry, rz]);
  const column = unit([cx, cy, cz]);
  if (!row || !column || Math.abs(dot(row, column)) > 1e-3) return null;
  // Pixel Spacing is (between rows, between columns): i steps by the column spacing.
  const [rowSpacing, columnSpacing] = image.pixelSpacing ?? [1, 1];
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  const n = image.frames - 1;
  const step = [(last[0] - first[0]) / n, (last[1] - first[1]) / n, (last[2] - first[2]) / n];
  const sliceStep = Math.hypot(step[0], step[1], step[2]);
  if (!(sliceStep > 0)) return null;
  // Every frame on the line from the first to the last, evenly spaced (within 1% of a step).
  for (let f = 1; f < n; f++) {
    const p = positions[f]!;
    const off = Math.hypot(p[0] - first[0] - f * step[0], p[1] - first[1] - f * step[1], p[2] - first[2] - f * step[2]);
    if (off > 0.01 * sliceStep) return null;
  }
  const normal = cross(row, column);
  if (Math.abs(dot(normal, step)) / sliceStep < 0.999) return null; // tilted stacks (gantry tilt) are not a regular grid
  const lps = [
    [row[0] * columnSpacing, column[0] * rowSpacing, step[0], first[0]],
    [row[1] * columnSpacing, column[1] * rowSpacing, step[1], first[1]],
    [row[2] * columnSpacing, column[2] * rowSpacing, step[2], first[2]],
  ];
  const voxelToRas = [...lps[0].map((v) => -v), ...lps[1].map((v) => -v), ...lps[2], 0, 0, 0, 1].map((v) => v + 0);
  const notes = [`volume from Image Position/Orientation (Patient): ${image.frames} frames ${sliceStep.toFixed(3)} mm apart`];
  if (g.sliceSpacing !== null && Math.abs(g.sliceSpacing - sliceStep) > 0.01 * sliceStep) {
    notes.push(`the file's slice spacing (${g.sliceSpacing} mm) differs from the frames' positions (${sliceStep.toFixed(3)} mm apart): the positions are used`);
  }
  return {
    format: 'DICOM multi-frame',
    datatype: 'float32',
    dims: [image.width, image.height, image.frames],
    // The frames arrive rescaled: stored = value.
    planes: image.frameData,
    slope: 1,
    intercept: 0,
    spacingMm: [columnSpacing, rowSpacing, sliceStep],
    voxelToRas,
    affineSource: 'dicom-geometry',
    orientationKnown: true,
    rescaledMin: image.rescaledMin,
    rescaledMax: image.rescaledMax,
    displayRange: image.windowPresets.length > 0 ? [image.windowPresets[0].center - image.windowPresets[0].width / 2, image.windowPresets[0].center + image.windowPresets[0].width / 2] : null,
    modality: image.modality,
    notes,
  };
}

type Vec3 = [number, number, number];
const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
function unit(v: Vec3): Vec3 | null {
  const length = Math.hypot(...v);
  return Math.abs(length - 1) < 1e-2 ? [v[0] / length, v[1] / length, v[2] / length] : null;
}
