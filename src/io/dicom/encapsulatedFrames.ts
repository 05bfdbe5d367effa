import type { DataSet, Element, Fragment } from 'dicom-parser';
import type { UserWarning } from '../../core/userFacingError';
import { ImageDecodeError } from '../imageDecodeError';
import { startsCodestream } from './headerChecks';

/**
 * Compressed pixel data is a sequence of fragments (PS3.5 A.4); a frame may span several. This maps
 * fragments to frames: by the Basic Offset Table when present, one-to-one when the counts agree,
 * otherwise by where each codestream starts (JPEG/JPEG-LS SOI, JPEG 2000 SOC or JP2 signature).
 */

function concat(byteArray: Uint8Array, fragments: readonly Fragment[]): Uint8Array {
  if (fragments.length === 1) return byteArray.subarray(fragments[0].position, fragments[0].position + fragments[0].length);
  const total = fragments.reduce((s, f) => s + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    out.set(byteArray.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

export function encapsulatedFrames(dataSet: DataSet, element: Element, frames: number, warnings: UserWarning[] = []): Uint8Array[] {
  const fragments = element.fragments ?? [];
  const byteArray = dataSet.byteArray as Uint8Array;
  if (fragments.length === 0) throw new ImageDecodeError('truncated', 'the compressed pixel data has no fragments');
  for (const f of fragments) {
    if (f.position + f.length > byteArray.length) throw new ImageDecodeError('truncated', 'the compressed pixel data is truncated (a fragment runs past the end of the file)');
  }
  if (frames === 1) {
    // Several codestreams under Number of Frames 1: the header undercounts; show the first, say so.
    const starts = fragments.filter((f) => f.length >= 2 && startsCodestream(byteArray, f.position));
    if (starts.length > 1 && startsCodestream(byteArray, fragments[0].position)) {
      const firstEnd = fragments.indexOf(starts[1]);
      warnings.push({ code: 'frames-undercounted', message: `the pixel data holds ${starts.length} compressed frames, but Number of Frames says 1: only the first is shown` });
      return [concat(byteArray, fragments.slice(0, firstEnd))];
    }
    return [concat(byteArray, fragments)];
  }
  const table = element.basicOffsetTable ?? [];
  if (table.length === frames) {
    return table.map((start, i) => {
      const end = i + 1 < frames ? table[i + 1] : Infinity;
      const group = fragments.filter((f) => f.offset >= start && f.offset < end);
      if (group.length === 0) throw new ImageDecodeError('corrupt-stream', `the Basic Offset Table points frame ${i + 1} at no fragment`);
      return concat(byteArray, group);
    });
  }
  if (fragments.length === frames) return fragments.map((f) => concat(byteArray, [f]));
  const groups: Fragment[][] = [];
  for (const f of fragments) {
    if (groups.length === 0 || startsCodestream(byteArray, f.position)) groups.push([f]);
    else groups[groups.length - 1].push(f);
  }
  if (groups.length !== frames) {
    throw new ImageDecodeError('inconsistent-header', `the pixel data holds ${groups.length} compressed frame(s) in ${fragments.length} fragments, but Number of Frames says ${frames}; the header is damaged`);
  }
  return groups.map((g) => concat(byteArray, g));
}
