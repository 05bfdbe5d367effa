import type { DataSet, Element, Fragment } from 'dicom-parser';
import { ImageDecodeError } from '../imageDecodeError';

/**
 * Compressed pixel data is a sequence of fragments (PS3.5 A.4); a frame may span several. This maps
 * fragments to frames: by the Basic Offset Table when present, one-to-one when the counts agree,
 * otherwise by where each codestream starts (JPEG/JPEG-LS SOI, JPEG 2000 SOC or JP2 signature).
 */

function startsCodestream(bytes: Uint8Array, at: number): boolean {
  const b0 = bytes[at];
  const b1 = bytes[at + 1];
  if (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f)) return true;
  return b0 === 0 && b1 === 0 && bytes[at + 2] === 0 && bytes[at + 3] === 0x0c && bytes[at + 4] === 0x6a && bytes[at + 5] === 0x50;
}

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

export function encapsulatedFrames(dataSet: DataSet, element: Element, frames: number): Uint8Array[] {
  const fragments = element.fragments ?? [];
  const byteArray = dataSet.byteArray as Uint8Array;
  if (fragments.length === 0) throw new ImageDecodeError('truncated', 'the compressed pixel data has no fragments');
  for (const f of fragments) {
    if (f.position + f.length > byteArray.length) throw new ImageDecodeError('truncated', 'the compressed pixel data is truncated (a fragment runs past the end of the file)');
  }
  if (frames === 1) return [concat(byteArray, fragments)];
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
    throw new ImageDecodeError('corrupt-stream', `found ${groups.length} compressed frame(s) in ${fragments.length} fragments; the header says ${frames}`);
  }
  return groups.map((g) => concat(byteArray, g));
}
