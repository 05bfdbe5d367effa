import { deflateRaw } from 'pako';

/**
 * Test-fixture support: a small DICOM Part 10 writer (PS3.5 §7, PS3.10 §7) covering what the
 * fixtures need — implicit/explicit VR, little/big endian, deflate, sequences, native and
 * encapsulated pixel data, and files without preamble or meta header. Not for production files.
 */

export type DicomValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'u16'; readonly values: readonly number[] }
  | { readonly kind: 'u32'; readonly values: readonly number[] }
  | { readonly kind: 'words'; readonly data: Uint16Array | Int16Array }
  | { readonly kind: 'bytes'; readonly data: Uint8Array }
  | { readonly kind: 'sequence'; readonly items: readonly DicomElement[][] }
  | { readonly kind: 'encapsulated'; readonly fragments: readonly Uint8Array[]; readonly offsets: readonly number[] };

export interface DicomElement {
  readonly tag: number;
  readonly vr: string;
  readonly value: DicomValue;
}

export const text = (tag: number, vr: string, value: string): DicomElement => ({ tag, vr, value: { kind: 'text', text: value } });
export const us = (tag: number, ...values: number[]): DicomElement => ({ tag, vr: 'US', value: { kind: 'u16', values } });
export const sequence = (tag: number, items: DicomElement[][]): DicomElement => ({ tag, vr: 'SQ', value: { kind: 'sequence', items } });
export const pixelWords = (data: Uint16Array | Int16Array): DicomElement => ({ tag: 0x7fe00010, vr: 'OW', value: { kind: 'words', data } });
export const pixelBytes = (data: Uint8Array): DicomElement => ({ tag: 0x7fe00010, vr: 'OB', value: { kind: 'bytes', data } });

/** One fragment per frame, with a Basic Offset Table (PS3.5 A.4). */
export function encapsulatedPixels(frames: readonly Uint8Array[]): DicomElement {
  const fragments = frames.map((f) => (f.length % 2 === 0 ? f : Uint8Array.from([...f, 0])));
  const offsets: number[] = [];
  let at = 0;
  for (const f of fragments) {
    offsets.push(at);
    at += 8 + f.length;
  }
  return { tag: 0x7fe00010, vr: 'OB', value: { kind: 'encapsulated', fragments, offsets } };
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

export interface Encoding {
  readonly explicit: boolean;
  readonly bigEndian: boolean;
}

class Writer {
  readonly out: number[] = [];
  constructor(private readonly bigEndian: boolean) {}
  u16(v: number): void {
    if (this.bigEndian) this.out.push((v >> 8) & 255, v & 255);
    else this.out.push(v & 255, (v >> 8) & 255);
  }
  u32(v: number): void {
    if (this.bigEndian) this.out.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
    else this.out.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  }
  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.out.push(b[i]);
  }
}

function valueBytes(element: DicomElement, encoding: Encoding): number[] {
  const w = new Writer(encoding.bigEndian);
  const v = element.value;
  switch (v.kind) {
    case 'text': {
      const encoded = new TextEncoder().encode(v.text);
      w.bytes(encoded);
      if (encoded.length % 2 === 1) w.out.push(element.vr === 'UI' ? 0 : 0x20);
      break;
    }
    case 'u16':
      v.values.forEach((x) => w.u16(x));
      break;
    case 'u32':
      v.values.forEach((x) => w.u32(x));
      break;
    case 'words':
      v.data.forEach((x) => w.u16(x & 0xffff));
      break;
    case 'bytes':
      w.bytes(v.data);
      if (v.data.length % 2 === 1) w.out.push(0);
      break;
    case 'sequence':
      for (const item of v.items) {
        const body = datasetBytes(item, encoding);
        w.u16(0xfffe);
        w.u16(0xe000);
        w.u32(body.length);
        w.bytes(body);
      }
      break;
    case 'encapsulated':
      throw new Error('encapsulated values are written by elementBytes');
  }
  return w.out;
}

function elementBytes(element: DicomElement, encoding: Encoding): number[] {
  const w = new Writer(encoding.bigEndian);
  w.u16(element.tag >>> 16);
  w.u16(element.tag & 0xffff);
  if (element.value.kind === 'encapsulated') {
    // Always little endian explicit: encapsulated syntaxes are.
    w.bytes([0x4f, 0x42, 0, 0]);
    w.u32(0xffffffff);
    w.u16(0xfffe);
    w.u16(0xe000);
    w.u32(element.value.offsets.length * 4);
    element.value.offsets.forEach((o) => w.u32(o));
    for (const f of element.value.fragments) {
      w.u16(0xfffe);
      w.u16(0xe000);
      w.u32(f.length);
      w.bytes(f);
    }
    w.u16(0xfffe);
    w.u16(0xe0dd);
    w.u32(0);
    return w.out;
  }
  const value = valueBytes(element, encoding);
  if (encoding.explicit) {
    w.bytes([element.vr.charCodeAt(0), element.vr.charCodeAt(1)]);
    if (LONG_VRS.has(element.vr)) {
      w.u16(0);
      w.u32(value.length);
    } else {
      w.u16(value.length);
    }
  } else {
    w.u32(value.length);
  }
  w.bytes(value);
  return w.out;
}

export function datasetBytes(elements: readonly DicomElement[], encoding: Encoding): number[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const out: number[] = [];
  for (const e of sorted) for (const b of elementBytes(e, encoding)) out.push(b);
  return out;
}

export interface FileOptions {
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  /** Default true: 128 zero bytes and "DICM" before the meta group. */
  readonly preamble?: boolean;
  /** Default true; without it the file is a bare dataset (old ACR-NEMA style). */
  readonly metaHeader?: boolean;
}

const ENCODINGS: Readonly<Record<string, Encoding>> = {
  '1.2.840.10008.1.2': { explicit: false, bigEndian: false },
  '1.2.840.10008.1.2.2': { explicit: true, bigEndian: true },
};

export function writeDicomFile(elements: readonly DicomElement[], options: FileOptions): Uint8Array {
  const uid = options.transferSyntaxUid;
  const encoding = ENCODINGS[uid] ?? { explicit: true, bigEndian: false };
  let body = Uint8Array.from(datasetBytes(elements, encoding));
  if (uid === '1.2.840.10008.1.2.1.99') body = deflateRaw(body);
  if (options.metaHeader === false) return body;
  const instance = elements.find((e) => e.tag === 0x00080018);
  const instanceUid = instance?.value.kind === 'text' ? instance.value.text : '1.2.826.0.1.3680043.10.1';
  const metaElements: DicomElement[] = [
    { tag: 0x00020001, vr: 'OB', value: { kind: 'bytes', data: Uint8Array.from([0, 1]) } },
    text(0x00020002, 'UI', options.sopClassUid),
    text(0x00020003, 'UI', instanceUid),
    text(0x00020010, 'UI', uid),
    text(0x00020012, 'UI', '1.2.826.0.1.3680043.10.2'),
    text(0x00020013, 'SH', 'IFIM_FIXTURES'),
  ];
  const little = { explicit: true, bigEndian: false };
  const meta = datasetBytes(metaElements, little);
  const groupLength = datasetBytes([{ tag: 0x00020000, vr: 'UL', value: { kind: 'u32', values: [meta.length] } }], little);
  const prefix = options.preamble === false ? [] : [...new Array<number>(128).fill(0), 0x44, 0x49, 0x43, 0x4d];
  const head = Uint8Array.from([...prefix, ...groupLength, ...meta]);
  const file = new Uint8Array(head.length + body.length);
  file.set(head, 0);
  file.set(body, head.length);
  return file;
}
