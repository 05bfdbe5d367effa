import { ImageDecodeError } from '../../imageDecodeError';
import { BitReader, HuffmanTable, extend } from './huffmanDecoder';
import { createIdctContext, idctIslow } from './idctIslow';
import { ZIGZAG, parseJpeg } from './jpegMarkers';
import type { FrameHeader, JpegStructure, Scan } from './jpegMarkers';
import { upsample } from './upsample';

/**
 * Sequential DCT JPEG with Huffman coding (baseline SOF0 and extended SOF1, 8- or 12-bit samples),
 * written for DICOM's JPEG Extended syntax (1.2.840.10008.1.2.4.51): the pdf.js-derived decoders
 * read its 12-bit files wrongly. Arithmetic follows the IJG library so the samples equal libjpeg's.
 * Subsampled chroma is upsampled the way IJG does by default (upsample.ts), so colour files match too.
 */

export interface DecodedJpeg {
  readonly width: number;
  readonly height: number;
  readonly precision: number;
  readonly components: number;
  /** Samples, components interleaved; RGB when the stream was YCbCr. */
  readonly samples: Uint16Array;
  /** True when YCbCr was converted to RGB, following the JFIF/Adobe markers as libjpeg does. */
  readonly convertedToRgb: boolean;
}

interface ComponentPlane {
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  readonly stride: number;
  readonly samples: Uint16Array;
}

export function decodeJpegSequential(bytes: Uint8Array): DecodedJpeg {
  const jpeg = parseJpeg(bytes);
  const { frame } = jpeg;
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  const mcusPerLine = Math.ceil(frame.width / (8 * hMax));
  const mcusPerColumn = Math.ceil(frame.height / (8 * vMax));
  const planes: ComponentPlane[] = frame.components.map((c) => {
    const blocksPerLine = mcusPerLine * c.h;
    const blocksPerColumn = mcusPerColumn * c.v;
    return { blocksPerLine, blocksPerColumn, stride: blocksPerLine * 8, samples: new Uint16Array(blocksPerLine * 8 * blocksPerColumn * 8) };
  });
  const idct = createIdctContext(frame.precision);
  for (const scan of jpeg.scans) decodeScan(bytes, frame, scan, planes, idct, hMax, vMax, mcusPerLine, mcusPerColumn);
  return assemble(jpeg, planes, hMax, vMax);
}

function decodeScan(
  bytes: Uint8Array,
  frame: FrameHeader,
  scan: Scan,
  planes: ComponentPlane[],
  idct: ReturnType<typeof createIdctContext>,
  hMax: number,
  vMax: number,
  mcusPerLine: number,
  mcusPerColumn: number,
): void {
  if (scan.spectralStart !== 0 || scan.spectralEnd !== 63 || scan.approximation !== 0) {
    throw new ImageDecodeError('unsupported-pixel-format', 'JPEG stream: progressive scans are not handled by the sequential decoder');
  }
  const tableOf = (specs: Scan['dcTables'], index: number, kind: string): HuffmanTable => {
    const spec = specs[index];
    if (!spec) throw new ImageDecodeError('corrupt-stream', `JPEG stream: ${kind} Huffman table ${index} is not defined`);
    return new HuffmanTable(spec);
  };
  const units = scan.components.map((sc) => {
    const component = frame.components[sc.componentIndex];
    const quant = scan.quantTables[component.quantTable];
    if (!quant) throw new ImageDecodeError('corrupt-stream', `JPEG stream: quantisation table ${component.quantTable} is not defined`);
    return { sc, component, plane: planes[sc.componentIndex], quant, dc: tableOf(scan.dcTables, sc.dcTable, 'DC'), ac: tableOf(scan.acTables, sc.acTable, 'AC'), pred: 0 };
  });
  const reader = new BitReader(bytes, scan.dataOffset);
  const coefficients = new Int32Array(64);

  const decodeBlock = (unit: (typeof units)[number], blockRow: number, blockCol: number): void => {
    coefficients.fill(0);
    const t = unit.dc.decode(reader);
    if (t > 16) throw new ImageDecodeError('corrupt-stream', 'JPEG stream: DC magnitude category above 16');
    unit.pred += t === 0 ? 0 : extend(reader.bits(t), t);
    coefficients[0] = unit.pred;
    for (let k = 1; k < 64; ) {
      const rs = unit.ac.decode(reader);
      const r = rs >> 4;
      const s = rs & 15;
      if (s === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) throw new ImageDecodeError('corrupt-stream', 'JPEG stream: AC coefficient index beyond 63');
      coefficients[ZIGZAG[k]] = extend(reader.bits(s), s);
      k++;
    }
    const { plane } = unit;
    if (blockRow >= plane.blocksPerColumn || blockCol >= plane.blocksPerLine) return;
    idctIslow(idct, coefficients, unit.quant, plane.samples, blockRow * 8 * plane.stride + blockCol * 8, plane.stride);
  };

  // A single-component scan covers only that component's own blocks (A.2.2); an interleaved scan
  // covers MCUs of h×v blocks per component (A.2.3).
  const single = units.length === 1;
  const unit0 = units[0];
  const compWidth = Math.ceil((frame.width * unit0.component.h) / hMax);
  const compHeight = Math.ceil((frame.height * unit0.component.v) / vMax);
  const totalMcus = single ? Math.ceil(compWidth / 8) * Math.ceil(compHeight / 8) : mcusPerLine * mcusPerColumn;
  const singleBlocksPerLine = Math.ceil(compWidth / 8);
  let restartsSeen = 0;
  for (let mcu = 0; mcu < totalMcus; mcu++) {
    if (scan.restartInterval > 0 && mcu > 0 && mcu % scan.restartInterval === 0) {
      reader.restart(restartsSeen++ % 8);
      for (const u of units) u.pred = 0;
    }
    if (single) {
      decodeBlock(unit0, Math.floor(mcu / singleBlocksPerLine), mcu % singleBlocksPerLine);
      continue;
    }
    const mcuRow = Math.floor(mcu / mcusPerLine);
    const mcuCol = mcu % mcusPerLine;
    for (const unit of units) {
      for (let v = 0; v < unit.component.v; v++) {
        for (let h = 0; h < unit.component.h; h++) decodeBlock(unit, mcuRow * unit.component.v + v, mcuCol * unit.component.h + h);
      }
    }
  }
  reader.checkComplete();
}

/** libjpeg's rule for what three components mean (jdapimin.c default_decompress_parms). */
function isYCbCr(jpeg: JpegStructure): boolean {
  if (jpeg.frame.components.length !== 3) return false;
  if (jpeg.sawJfif) return true;
  if (jpeg.adobeTransform !== null) return jpeg.adobeTransform !== 0;
  const ids = jpeg.frame.components.map((c) => c.id);
  return !(ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42); // 'R' 'G' 'B' → stored as RGB
}

function assemble(jpeg: JpegStructure, planes: ComponentPlane[], hMax: number, vMax: number): DecodedJpeg {
  const { width, height, precision, components } = jpeg.frame;
  const n = components.length;
  const samples = new Uint16Array(width * height * n);
  components.forEach((component, c) => {
    const plane = planes[c];
    const sx = hMax / component.h;
    const sy = vMax / component.v;
    if (!Number.isInteger(sx) || !Number.isInteger(sy)) throw new ImageDecodeError('unsupported-pixel-format', 'JPEG stream: fractional chroma sampling ratios are not supported');
    const real = { samples: plane.samples, stride: plane.stride, width: Math.ceil(width / sx), height: Math.ceil(height / sy) };
    const full = sx === 1 && sy === 1 ? null : upsample(real, sx, sy, width, height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) samples[(y * width + x) * n + c] = full ? full[y * width + x] : plane.samples[y * plane.stride + x];
    }
  });
  const convert = isYCbCr(jpeg);
  if (convert) yccToRgb(samples, precision);
  return { width, height, precision, components: n, samples, convertedToRgb: convert };
}

/** jdcolor.c ycc_rgb_convert: 16-bit fixed point tables, clamped to the sample range. */
function yccToRgb(samples: Uint16Array, precision: number): void {
  const max = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const fix = (x: number): number => Math.floor(x * 65536 + 0.5);
  const half = 1 << 15;
  const clamp = (v: number): number => (v < 0 ? 0 : v > max ? max : v);
  for (let i = 0; i < samples.length; i += 3) {
    const y = samples[i];
    const cb = samples[i + 1] - center;
    const cr = samples[i + 2] - center;
    samples[i] = clamp(y + Math.floor((fix(1.402) * cr + half) / 65536));
    samples[i + 1] = clamp(y + Math.floor((-fix(0.34414) * cb + half + -fix(0.71414) * cr) / 65536));
    samples[i + 2] = clamp(y + Math.floor((fix(1.772) * cb + half) / 65536));
  }
}
