import type { DataSet } from 'dicom-parser';
import { frameScopes, readNumber, readNumbers } from './attributes';
import type { DicomGeometry } from './types';

/**
 * Where each frame lies in the patient (LPS+ mm): Image Position/Orientation (Patient) from the
 * Plane Position and Plane Orientation functional groups of enhanced objects (PS3.3 C.7.6.16.2.3–4),
 * else the top-level attributes (which then describe frame 0 only), and the slice spacing.
 */
export function readGeometry(dataSet: DataSet, frames: number): DicomGeometry | undefined {
  const first = (frame: number, macro: string, tag: string, count: number): number[] | null => {
    for (const scope of frameScopes(dataSet, frame, macro)) {
      const values = readNumbers(scope, tag);
      if (values.length >= count) return values.slice(0, count);
    }
    return null;
  };
  const orientation = first(0, 'x00209116', 'x00200037', 6);
  const positions = Array.from({ length: frames }, (_, f) => first(f, 'x00209113', 'x00200032', 3));
  // Only per-frame groups give each frame its own position; a top-level IPP is frame 0's.
  const perFrame = dataSet.elements.x52009230 !== undefined;
  const framePositions = perFrame ? positions : positions.map((p, f) => (f === 0 ? p : null));
  let sliceSpacing: number | null = null;
  for (const scope of frameScopes(dataSet, 0, 'x00289110')) {
    const value = readNumber(scope, 'x00180088') ?? readNumber(scope, 'x00180050');
    if (value !== undefined && value > 0) {
      sliceSpacing = value;
      break;
    }
  }
  if (!orientation && framePositions.every((p) => p === null) && sliceSpacing === null) return undefined;
  return { imageOrientationPatient: orientation, framePositions, sliceSpacing };
}
