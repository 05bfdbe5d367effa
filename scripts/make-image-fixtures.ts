/**
 * Writes test-fixtures/images/: DICOM files in every supported transfer syntax, PNG/BMP/GIF
 * rasters and deliberately broken files, all from the known pixels of
 * src/io/dicom/testing/fixturePixels.ts. Deterministic; run with `npx tsx scripts/make-image-fixtures.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { encapsulatedPixels, pixelBytes, pixelWords, us, writeDicomFile } from '../src/io/dicom/testing/dicomWriter';
import type { DicomElement } from '../src/io/dicom/testing/dicomWriter';
import { CT_IMAGE, DX_IMAGE, ENHANCED_MR, MR_IMAGE, SECONDARY_CAPTURE, imageAttributes, sharedFunctionalGroups, textReport } from '../src/io/dicom/testing/fixtureDatasets';
import { HEIGHT, WIDTH, ctHounsfield, edgyGray, rgb8, rgbToYbrFull, smoothGray, toPlanar } from '../src/io/dicom/testing/fixturePixels';
import { encodeExtendedJpeg } from '../src/io/dicom/testing/jpegExtendedEncoder';
import { encodeLosslessJpeg } from '../src/io/dicom/testing/jpegLosslessEncoder';
import { encodeRleFrame } from '../src/io/dicom/testing/rleEncoder';
import { cjpeg } from '../src/io/dicom/testing/cjpeg';
import { encodeBaselineJpeg, encodeJpeg2000, encodeJpegLs } from '../src/io/dicom/testing/wasmEncoders';
import { projectRoot } from '../src/cli/projectPaths';

const OUT = join(projectRoot, 'test-fixtures', 'images');
const TS = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  bigEndian: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  baseline: '1.2.840.10008.1.2.4.50',
  extended: '1.2.840.10008.1.2.4.51',
  lossless: '1.2.840.10008.1.2.4.57',
  losslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  jpegLsNear: '1.2.840.10008.1.2.4.81',
  j2kLossless: '1.2.840.10008.1.2.4.90',
  j2k: '1.2.840.10008.1.2.4.91',
  mpeg2: '1.2.840.10008.1.2.4.100',
} as const;

/** Signed CT: stored = HU − 1024 (negative values), Rescale Intercept +1024 brings back HU. */
const ctSigned = (frame = 0): Int16Array => ctHounsfield(frame).map((hu) => hu - 1024);
/** Unsigned 12-bit CT: stored = HU + 1024, intercept −1024 (the common scanner convention). */
const ct12 = (): Uint16Array => Uint16Array.from(ctHounsfield(), (hu) => hu + 1024);
const bitPattern16 = (values: Int16Array): Uint16Array => new Uint16Array(values.buffer.slice(0));

const CT_WINDOWS = { centers: '40\\-600', widths: '400\\1500', explanation: 'SOFT TISSUE\\LUNG' };
const signedCt = (instance: number, description: string) =>
  imageAttributes({ sopClassUid: CT_IMAGE, modality: 'CT', instance, bitsAllocated: 16, bitsStored: 16, signed: true, rescale: { slope: 1, intercept: 1024, type: 'HU' }, windows: CT_WINDOWS, description });
const unsignedCt12 = (instance: number, description: string) =>
  imageAttributes({ sopClassUid: CT_IMAGE, modality: 'CT', instance, bitsAllocated: 16, bitsStored: 12, rescale: { slope: 1, intercept: -1024 }, windows: { centers: '40', widths: '400' }, description });
const gray = (instance: number, bits: number, allocated: number, description: string, extra: Partial<Parameters<typeof imageAttributes>[0]> = {}) =>
  imageAttributes({ sopClassUid: MR_IMAGE, modality: 'MR', instance, bitsAllocated: allocated, bitsStored: bits, description, ...extra });
const colour = (instance: number, photometric: string, description: string, planar: 0 | 1 = 0) =>
  imageAttributes({ sopClassUid: SECONDARY_CAPTURE, modality: 'OT', instance, samplesPerPixel: 3, photometric, planar, bitsAllocated: 8, bitsStored: 8, description });

const files = new Map<string, Uint8Array>();
const dicom = (name: string, uid: string, elements: DicomElement[], options: { preamble?: boolean; metaHeader?: boolean } = {}): Uint8Array => {
  const sop = elements.find((e) => e.tag === 0x00080016);
  const bytes = writeDicomFile(elements, { transferSyntaxUid: uid, sopClassUid: sop?.value.kind === 'text' ? sop.value.text : CT_IMAGE, ...options });
  files.set(name, bytes);
  return bytes;
};

async function makeDicom(): Promise<void> {
  // Uncompressed, in each byte order and VR style.
  dicom('ct-implicit-le.dcm', TS.implicit, [...signedCt(1, 'implicit VR little endian'), pixelWords(ctSigned())]);
  const withJunk = ct12().map((v, i) => (i % (WIDTH + 1) === 0 ? v | 0x8000 : v)); // bits above High Bit must be ignored
  dicom('ct-explicit-le.dcm', TS.explicit, [...unsignedCt12(2, 'explicit VR little endian, 12 of 16 bits'), pixelWords(withJunk)]);
  dicom('ct-big-endian.dcm', TS.bigEndian, [...signedCt(3, 'explicit VR big endian'), pixelWords(ctSigned())]);
  dicom('ct-deflated.dcm', TS.deflated, [...signedCt(4, 'deflated explicit VR little endian'), pixelWords(ctSigned())]);
  dicom('ct-no-preamble.dcm', TS.explicit, [...unsignedCt12(5, 'meta header without preamble'), pixelWords(ct12())], { preamble: false });
  dicom('ct-raw-dataset', TS.implicit, [...signedCt(6, 'bare dataset, no meta header, no extension'), pixelWords(ctSigned())], { metaHeader: false });
  dicom('mono1-explicit-le.dcm', TS.explicit, [...imageAttributes({ sopClassUid: DX_IMAGE, modality: 'DX', instance: 7, photometric: 'MONOCHROME1', bitsAllocated: 8, bitsStored: 8, description: 'MONOCHROME1' }), pixelBytes(Uint8Array.from(smoothGray(8)))]);
  dicom('rgb-explicit-le.dcm', TS.explicit, [...colour(8, 'RGB', 'RGB, interleaved'), pixelBytes(rgb8())]);
  dicom('ybr-full-planar.dcm', TS.explicit, [...colour(9, 'YBR_FULL', 'YBR_FULL, planar configuration 1', 1), pixelBytes(toPlanar(rgbToYbrFull(rgb8())))]);
  const frames = [0, 1, 2].map((f) => smoothGray(16, f));
  const multi = [...gray(10, 16, 16, 'three frames, functional groups', { sopClassUid: ENHANCED_MR, frames: 3 }), sharedFunctionalGroups(0.5, -100, 16000, 30000)];
  const allFrames = new Uint16Array(frames.length * WIDTH * HEIGHT);
  frames.forEach((f, i) => allFrames.set(f, i * WIDTH * HEIGHT));
  dicom('multiframe-explicit-le.dcm', TS.explicit, [...multi, pixelWords(allFrames)]);

  // RLE.
  dicom('ct-rle.dcm', TS.rle, [...signedCt(11, 'RLE lossless'), encapsulatedPixels([encodeRleFrame(bitPattern16(ctSigned()), WIDTH * HEIGHT, 1, 2)])]);
  dicom('rgb-rle.dcm', TS.rle, [...colour(12, 'RGB', 'RGB RLE'), encapsulatedPixels([encodeRleFrame(rgb8(), WIDTH * HEIGHT, 3, 1)])]);

  // JPEG family.
  const mono8 = Uint8Array.from(smoothGray(8));
  dicom('mono8-jpeg-baseline.dcm', TS.baseline, [...gray(13, 8, 8, 'JPEG baseline, 8-bit gray'), encapsulatedPixels([await encodeBaselineJpeg(mono8, WIDTH, HEIGHT, 1, 90)])]);
  dicom('ybr-jpeg-baseline.dcm', TS.baseline, [...colour(14, 'YBR_FULL_422', 'JPEG baseline, YCbCr 4:2:2'), encapsulatedPixels([await encodeBaselineJpeg(rgb8(), WIDTH, HEIGHT, 3, 90, 1)])]);
  const q12 = Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 2 + ((i >> 3) + (i & 7)))); // exact DC, gentle AC steps
  dicom('ct12-jpeg-extended.dcm', TS.extended, [...unsignedCt12(15, 'JPEG extended, 12-bit'), encapsulatedPixels([encodeExtendedJpeg(ct12(), WIDTH, HEIGHT, { precision: 12, quant: q12, restartInterval: 5 })])]);
  dicom('ct-jpeg-lossless-sv1.dcm', TS.losslessSv1, [...signedCt(16, 'JPEG lossless SV1, signed 16-bit'), encapsulatedPixels([encodeLosslessJpeg(bitPattern16(ctSigned()), WIDTH, HEIGHT, 16, 1)])]);
  dicom('gray12-jpeg-lossless-p14.dcm', TS.lossless, [...gray(17, 12, 16, 'JPEG lossless process 14, predictor 6'), encapsulatedPixels([encodeLosslessJpeg(edgyGray(12), WIDTH, HEIGHT, 12, 6)])]);

  // JPEG-LS and JPEG 2000.
  const jls = await encodeJpegLs(bitPattern16(ctSigned()), WIDTH, HEIGHT, 16, 0);
  dicom('ct-jpeg-ls.dcm', TS.jpegLs, [...signedCt(18, 'JPEG-LS lossless'), encapsulatedPixels([jls])]);
  dicom('gray12-jpeg-ls-near.dcm', TS.jpegLsNear, [...gray(19, 12, 16, 'JPEG-LS near-lossless, NEAR=3'), encapsulatedPixels([await encodeJpegLs(smoothGray(12), WIDTH, HEIGHT, 12, 3)])]);
  const jlsFrames = await Promise.all(frames.map((f) => encodeJpegLs(f, WIDTH, HEIGHT, 16, 0)));
  dicom('multiframe-jpeg-ls.dcm', TS.jpegLs, [...multi, encapsulatedPixels(jlsFrames)]);
  dicom('ct-j2k-lossless.dcm', TS.j2kLossless, [...signedCt(20, 'JPEG 2000 lossless'), encapsulatedPixels([await encodeJpeg2000(ctSigned(), WIDTH, HEIGHT, 16, true, true)])]);
  dicom('gray12-j2k-lossy.dcm', TS.j2k, [...gray(21, 12, 16, 'JPEG 2000 irreversible'), encapsulatedPixels([await encodeJpeg2000(smoothGray(12), WIDTH, HEIGHT, 12, false, false, 8)])]);

  // JPEG kinds seen failing on real files (issue 14), streams from libjpeg-turbo's cjpeg. Expected
  // values from pydicom + Pillow: scripts/dicom-reference-values.py writes <name>.expected.npy.
  dicom('rgb-jpeg-progressive.dcm', TS.extended, [...colour(25, 'YBR_FULL_422', 'progressive JPEG (SOF2), 4:2:0'), encapsulatedPixels([cjpeg(rgb8(), WIDTH, HEIGHT, 3, ['-progressive', '-quality', '90'])])]);
  dicom('rgb-jpeg-app14-no-transform.dcm', TS.baseline, [...colour(26, 'RGB', 'baseline JPEG, Adobe APP14 transform 0 (RGB, no colour transform)'), encapsulatedPixels([cjpeg(rgb8(), WIDTH, HEIGHT, 3, ['-rgb', '-quality', '90'])])]);
  // RGB JPEG naming no colour space (no JFIF, no Adobe APP14, component IDs 0 1 2): the DICOM header's
  // RGB is what says "no transform". And the same behind a 10-byte APP14 that libjpeg ignores, in an
  // Implicit VR dataset under a meta header that says JPEG Baseline (explicit VR).
  const rgbStream = cjpeg(rgb8(), WIDTH, HEIGHT, 3, ['-rgb', '-quality', '90']);
  dicom('rgb-jpeg-unmarked.dcm', TS.baseline, [...colour(30, 'RGB', 'RGB JPEG without JFIF or APP14 markers'), encapsulatedPixels([unmarkRgbJpeg(rgbStream)])]);
  const shortApp14 = Uint8Array.from([0xff, 0xee, 0x00, 0x0c, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 0, 0, 0, 0]);
  const unmarked = unmarkRgbJpeg(rgbStream);
  const withShortApp14 = Uint8Array.from([...unmarked.subarray(0, 2), ...shortApp14, ...unmarked.subarray(2)]);
  const implicitElements = [...colour(31, 'RGB', 'Implicit VR dataset under JPEG Baseline'), encapsulatedPixels([withShortApp14])];
  const asImplicit = writeDicomFile(implicitElements, { transferSyntaxUid: TS.implicit, sopClassUid: SECONDARY_CAPTURE });
  const asBaseline = writeDicomFile(implicitElements, { transferSyntaxUid: TS.baseline, sopClassUid: SECONDARY_CAPTURE });
  const metaEnd = (b: Uint8Array): number => 144 + new DataView(b.buffer, b.byteOffset).getUint32(140, true);
  const implicitBody = Array.from(asImplicit.subarray(metaEnd(asImplicit)));
  // The writer keeps "OB 00 00" on encapsulated pixel data; a pure Implicit VR dataset has tag then length.
  const pixelTag = implicitBody.findIndex((b, k) => b === 0xe0 && implicitBody[k + 1] === 0x7f && implicitBody[k + 2] === 0x10 && implicitBody[k + 3] === 0x00 && implicitBody[k + 4] === 0x4f);
  if (pixelTag >= 0) implicitBody.splice(pixelTag + 4, 4);
  files.set('rgb-jpeg-implicit-vr-short-app14.dcm', Uint8Array.from([...asBaseline.subarray(0, metaEnd(asBaseline)), ...implicitBody]));
  const oddRgb = rgb8().subarray(0, 5 * 3 * 3).slice(); // 5 × 3: odd in both directions under 4:2:0
  dicom('rgb-jpeg-small-odd.dcm', TS.baseline, [...imageAttributes({ sopClassUid: SECONDARY_CAPTURE, modality: 'OT', instance: 27, samplesPerPixel: 3, photometric: 'YBR_FULL_422', bitsAllocated: 8, bitsStored: 8, rows: 3, columns: 5, description: 'small odd-sized baseline JPEG' }), encapsulatedPixels([cjpeg(oddRgb, 5, 3, 3, ['-quality', '75'])])]);
  const lastFragmentOpen = dicom('rgb-jpeg-no-sequence-delimiter.dcm', TS.baseline, [...colour(28, 'YBR_FULL_422', 'baseline JPEG, pixel data without its sequence delimiter'), encapsulatedPixels([cjpeg(rgb8(), WIDTH, HEIGHT, 3, ['-quality', '90'])])]);
  files.set('rgb-jpeg-no-sequence-delimiter.dcm', lastFragmentOpen.slice(0, lastFragmentOpen.length - 8)); // drop (FFFE,E0DD) and its length

  // JPEG 2000 whose codestream holds the bytes of a sequence delimiter (FFFE,E0DD) in a COM segment:
  // a reader that scans for the delimiter instead of walking the items cuts the fragment there.
  const j2k = await encodeJpeg2000(ctSigned(), WIDTH, HEIGHT, 16, true, true);
  const sizEnd = 4 + ((j2k[4] << 8) | j2k[5]); // SOC, then SIZ: FF51 + its length
  const delimiterBytes = [0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  const com = Uint8Array.from([0xff, 0x64, 0, 4 + delimiterBytes.length, 0, 0, ...delimiterBytes]); // COM, Rcom 0 (binary)
  const withCom = new Uint8Array(j2k.length + com.length);
  withCom.set(j2k.subarray(0, sizEnd), 0);
  withCom.set(com, sizEnd);
  withCom.set(j2k.subarray(sizEnd), sizEnd + com.length);
  dicom('ct-j2k-embedded-delimiter.dcm', TS.j2kLossless, [...signedCt(29, 'JPEG 2000 lossless, codestream holds FFFE,E0DD bytes'), encapsulatedPixels([withCom])]);

  // No pixels, and broken files.
  dicom('sr-basic-text.dcm', TS.explicit, textReport());
  const complete = files.get('ct-explicit-le.dcm')!;
  files.set('truncated.dcm', complete.slice(0, Math.floor(complete.length * 0.6)));
  dicom('mpeg2-unsupported.dcm', TS.mpeg2, [...gray(22, 8, 8, 'MPEG2 video'), encapsulatedPixels([Uint8Array.from([0, 0, 1, 0xb3, 1, 2, 3, 4])])]);
  dicom('huge-dimensions.dcm', TS.explicit, [
    ...gray(23, 16, 16, 'declares 60000 × 60000').filter((e) => e.tag !== 0x00280010 && e.tag !== 0x00280011),
    us(0x00280010, 60000),
    us(0x00280011, 60000),
    pixelWords(new Uint16Array(16)),
  ]);
  const corrupt = jls.slice();
  for (let i = 40; i < corrupt.length - 40; i += 7) corrupt[i] ^= 0x5a; // keep the header, scramble the scan
  dicom('corrupt-jpeg-ls.dcm', TS.jpegLs, [...signedCt(24, 'JPEG-LS with a scrambled scan'), encapsulatedPixels([corrupt])]);
}

/**
 * cjpeg -rgb's stream without what names its colour space: the Adobe APP14 segment removed and the
 * component IDs 'R' 'G' 'B' renumbered 0 1 2 (in SOF and in every SOS), as some DICOM writers emit.
 */
function unmarkRgbJpeg(stream: Uint8Array): Uint8Array {
  const out: number[] = [0xff, 0xd8];
  let i = 2;
  const renumber = (id: number): number => ({ 0x52: 0, 0x47: 1, 0x42: 2 })[id] ?? id;
  while (i < stream.length) {
    const marker = stream[i + 1];
    const length = (stream[i + 2] << 8) | stream[i + 3];
    const segment = Array.from(stream.subarray(i, i + 2 + length));
    if (marker === 0xc0) for (let c = 0; c < 3; c++) segment[10 + c * 3] = renumber(segment[10 + c * 3]);
    if (marker === 0xda) {
      for (let c = 0; c < segment[4]; c++) segment[5 + c * 2] = renumber(segment[5 + c * 2]);
      out.push(...segment, ...stream.subarray(i + 2 + length)); // the scan runs to EOI (one scan: baseline)
      break;
    }
    if (marker !== 0xee) out.push(...segment);
    i += 2 + length;
  }
  return Uint8Array.from(out);
}

/** CRC-32 as PNG chunks use it (ISO 3309). */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 24-bit bottom-up BMP and an 8-bit palette top-down BMP (both orientations of the format). */
function bmp(samples: Uint8Array, width: number, height: number, paletteGray: boolean): Uint8Array {
  const bytesPerPixel = paletteGray ? 1 : 3;
  const rowBytes = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const paletteBytes = paletteGray ? 256 * 4 : 0;
  const offset = 14 + 40 + paletteBytes;
  const out = new Uint8Array(offset + rowBytes * height);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, out.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, paletteGray ? -height : height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bytesPerPixel * 8, true);
  for (let i = 0; paletteGray && i < 256; i++) out.set([i, i, i, 0], 54 + i * 4);
  for (let y = 0; y < height; y++) {
    const fileRow = paletteGray ? y : height - 1 - y;
    for (let x = 0; x < width; x++) {
      const at = offset + fileRow * rowBytes + x * bytesPerPixel;
      if (paletteGray) out[at] = samples[y * width + x];
      else out.set([samples[(y * width + x) * 3 + 2], samples[(y * width + x) * 3 + 1], samples[(y * width + x) * 3]], at); // BGR
    }
  }
  return out;
}

function makeRasters(): void {
  const gray16 = encodePng({ width: WIDTH, height: HEIGHT, data: smoothGray(16), depth: 16, channels: 1 });
  files.set('gray16.png', gray16);
  files.set('rgb8.png', encodePng({ width: WIDTH, height: HEIGHT, data: rgb8(), depth: 8, channels: 3 }));
  files.set('rgb24.bmp', bmp(rgb8(), WIDTH, HEIGHT, false));
  files.set('gray8-palette.bmp', bmp(Uint8Array.from(smoothGray(8)), WIDTH, HEIGHT, true));
  // The classic 1×1 GIF89a: Node cannot decode GIF, so the CLI must refuse it clearly.
  files.set('tiny.gif', Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0xff, 0xff, 0xff, 0, 0, 0, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]));
  files.set('truncated.png', gray16.slice(0, Math.floor(gray16.length / 2)));
  // IHDR claiming 100000 × 100000: must be refused from the header, before any allocation.
  const huge = encodePng({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 }).slice();
  const view = new DataView(huge.buffer);
  view.setUint32(16, 100000);
  view.setUint32(20, 100000);
  view.setUint32(29, crc32(huge.subarray(12, 29)));
  files.set('huge-dimensions.png', huge);
  const textBytes = new TextEncoder().encode('This is a text file with an image extension.\nIt has no pixels.\n');
  files.set('text-renamed.png', textBytes);
  files.set('text-renamed.dcm', textBytes);
  files.set('empty.dcm', new Uint8Array(0));
}

await makeDicom();
makeRasters();
await mkdir(OUT, { recursive: true });
let total = 0;
for (const [name, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
  await writeFile(join(OUT, name), bytes);
  total += bytes.length;
}
console.log(`wrote ${files.size} files (${(total / 1024).toFixed(1)} KiB) to ${OUT}`);
