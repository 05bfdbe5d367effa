import { describe, expect, it } from 'vitest';
import { axisCodes, identityAffine, imageOrientationEdgeLabels, nearestLabel, sliceEdgeLabels, sliceLayout, voxelToWorld } from './orientation';
import type { Affine, SlicePlane } from './orientation';
import { extractSlice } from './voxelGrid';

/** A DICOM-style grid: i towards patient Left, j Posterior, k Superior (LPS+), as RAS+ columns. */
const LPS: Affine = [-0.8, 0, 0, 100, 0, -0.8, 0, 120, 0, 0, 2.5, -40, 0, 0, 0, 1];

/** Rotation by θ about the S–I axis of the identity grid. */
function rotatedAboutZ(degrees: number): Affine {
  const t = (degrees * Math.PI) / 180;
  return [Math.cos(t), -Math.sin(t), 0, 0, Math.sin(t), Math.cos(t), 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}

describe('axis codes', () => {
  it('names identity RAS, DICOM LPS and a nearly axial oblique grid', () => {
    expect(axisCodes(identityAffine())).toBe('RAS');
    expect(axisCodes(LPS)).toBe('LPS');
    expect(axisCodes(rotatedAboutZ(20))).toBe('RAS');
    // 60°: i now runs mostly anterior, j mostly to the patient's left.
    expect(axisCodes(rotatedAboutZ(60))).toBe('ALS');
  });
  it('labels a direction by its nearest axis', () => {
    expect(nearestLabel([0.3, -0.9, 0.2])).toBe('P');
    expect(nearestLabel([-0.6, 0.5, 0.1])).toBe('L');
  });
});

describe('slice layout and edge labels (radiological convention)', () => {
  const expected: Record<SlicePlane, [string, string, string, string]> = {
    axial: ['R', 'L', 'A', 'P'],
    coronal: ['R', 'L', 'S', 'I'],
    sagittal: ['A', 'P', 'S', 'I'],
  };
  const labels = (affine: Affine, plane: SlicePlane) => {
    const l = sliceEdgeLabels(affine, sliceLayout(affine, plane));
    return [l.left, l.right, l.top, l.bottom];
  };
  for (const [name, affine] of [['identity RAS', identityAffine()], ['LPS', LPS], ['oblique 20°', rotatedAboutZ(20)], ['oblique 60°', rotatedAboutZ(60)]] as const) {
    it(`${name}: every plane shows the standard labels`, () => {
      for (const plane of ['axial', 'coronal', 'sagittal'] as const) expect(labels(affine, plane)).toEqual(expected[plane]);
    });
  }
  it('identity RAS: axial cuts k and reverses both in-plane axes; LPS needs no flip', () => {
    expect(sliceLayout(identityAffine(), 'axial')).toEqual({ plane: 'axial', sliceAxis: 2, columnAxis: 0, rowAxis: 1, flipColumns: true, flipRows: true });
    expect(sliceLayout(LPS, 'axial')).toEqual({ plane: 'axial', sliceAxis: 2, columnAxis: 0, rowAxis: 1, flipColumns: false, flipRows: false });
    expect(sliceLayout(LPS, 'coronal')).toEqual({ plane: 'coronal', sliceAxis: 1, columnAxis: 0, rowAxis: 2, flipColumns: false, flipRows: true });
    expect(sliceLayout(LPS, 'sagittal')).toEqual({ plane: 'sagittal', sliceAxis: 0, columnAxis: 1, rowAxis: 2, flipColumns: false, flipRows: true });
  });
  it('oblique 60°: the axial columns run along j, the rows along i reversed', () => {
    expect(sliceLayout(rotatedAboutZ(60), 'axial')).toEqual({ plane: 'axial', sliceAxis: 2, columnAxis: 1, rowAxis: 0, flipColumns: false, flipRows: true });
  });
  it('a sagittally acquired grid (i→A, j→S, k→L) is cut along k for sagittal', () => {
    const affine: Affine = [0, 0, -1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    expect(axisCodes(affine)).toBe('ASL');
    expect(sliceLayout(affine, 'sagittal').sliceAxis).toBe(2);
    expect(labels(affine, 'sagittal')).toEqual(expected.sagittal);
    expect(labels(affine, 'axial')).toEqual(expected.axial);
  });
});

describe('extracted slices agree with the affine', () => {
  // Each voxel stores its own index, so the world position of every screen pixel can be recomputed.
  const dims = [5, 4, 3] as const;
  const planes = Array.from({ length: dims[2] }, (_, k) => Int32Array.from({ length: dims[0] * dims[1] }, (_, p) => k * 100 + Math.floor(p / dims[0]) * 10 + (p % dims[0])));
  const grid = { dims, planes, slope: 1, intercept: 0 };
  const decode = (v: number) => [v % 10, Math.floor(v / 10) % 10, Math.floor(v / 100)] as const;
  for (const [name, affine] of [['identity', identityAffine()], ['LPS', LPS], ['oblique 60°', rotatedAboutZ(60)]] as const) {
    for (const plane of ['axial', 'coronal', 'sagittal'] as const) {
      it(`${name} ${plane}: moving right goes towards the right-edge label, moving down towards the bottom label`, () => {
        const layout = sliceLayout(affine, plane);
        const slice = extractSlice(grid, layout, 1);
        const labels = sliceEdgeLabels(affine, layout);
        const world = (x: number, y: number) => voxelToWorld(affine, ...decode(slice.values[y * slice.width + x]));
        const step = (a: number[], b: number[]) => [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        expect(nearestLabel(step(world(0, 0), world(1, 0)))).toBe(labels.right);
        expect(nearestLabel(step(world(0, 0), world(0, 1)))).toBe(labels.bottom);
        // Every pixel of the slice lies on the fixed slice index.
        for (const v of slice.values) expect(decode(v)[layout.sliceAxis]).toBe(1);
      });
    }
  }
  it('refuses a slice outside the grid, naming the range', () => {
    expect(() => extractSlice(grid, sliceLayout(LPS, 'axial'), 3)).toThrow('slice 3 does not exist: the axial plane has 3 slices (0–2)');
  });
  it('applies slope and intercept', () => {
    const s = extractSlice({ ...grid, slope: 2, intercept: -1000 }, sliceLayout(LPS, 'axial'), 2);
    expect(s.values[0]).toBe(200 * 2 - 1000);
  });
});

describe('DICOM Image Orientation (Patient) edge labels', () => {
  it('axial, coronal and sagittal acquisitions; oblique to the nearest axis', () => {
    const l = (iop: number[]) => Object.values(imageOrientationEdgeLabels(iop)).join('');
    expect(l([1, 0, 0, 0, 1, 0])).toBe('RLAP');
    expect(l([1, 0, 0, 0, 0, -1])).toBe('RLSI');
    expect(l([0, 1, 0, 0, 0, -1])).toBe('APSI');
    const t = (25 * Math.PI) / 180;
    expect(l([Math.cos(t), Math.sin(t), 0, -Math.sin(t), Math.cos(t), 0])).toBe('RLAP');
  });
});
