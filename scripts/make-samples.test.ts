import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import * as dicomParser from 'dicom-parser';
import { decodeMaskRle, generateSample, getTask, taskIds } from '../src/tasks/index';
import type { IndexEntry } from './make-samples';
import {
  buildSamples,
  CR_IMAGE_STORAGE,
  dicomSpecs,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLEMENTATION_CLASS_UID,
  loadDcmjs,
  PUBLIC_DIR,
  SAMPLE_SEED,
  toUint16,
} from './make-samples';

const read = (rel: string) => readFileSync(join(PUBLIC_DIR, rel));
const index = JSON.parse(read('samples/index.json').toString('utf8')) as IndexEntry[];

function arrayBufferOf(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

describe('bundled samples (public/samples)', () => {
  it('are up to date: the files on disk equal a fresh in-memory build', () => {
    const { files } = buildSamples();
    for (const f of files) {
      expect(existsSync(join(PUBLIC_DIR, f.path)), f.path).toBe(true);
      expect(Buffer.compare(read(f.path), Buffer.from(f.bytes)), f.path).toBe(0);
    }
  });

  it('cover every class of every task with unique lowercase ids, under 2 MB in total', () => {
    const ids = index.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    let total = statSync(join(PUBLIC_DIR, 'samples/index.json')).size;
    for (const task of taskIds) {
      const entries = index.filter((e) => e.task === task);
      expect(entries.length).toBeGreaterThanOrEqual(8);
      const classes = getTask(task).classes;
      if (getTask(task).head === 'softmax') {
        for (let c = 0; c < classes.length; c++) expect(entries.some((e) => e.groundTruth.label === c)).toBe(true);
      } else {
        const combos = new Set(entries.map((e) => e.groundTruth.labels!.join('')));
        for (const combo of ['000', '100', '010', '001', '110', '101', '011', '111']) expect(combos.has(combo)).toBe(true);
      }
    }
    for (const e of index) {
      expect(e.path.startsWith(`samples/${e.task}/${e.id}.`)).toBe(true);
      expect(e.groundTruth.seed).toBe(SAMPLE_SEED);
      total += statSync(join(PUBLIC_DIR, e.path)).size + statSync(join(PUBLIC_DIR, e.path.replace(/\.(png|dcm)$/, '.json'))).size;
      const sidecar = JSON.parse(read(e.path.replace(/\.(png|dcm)$/, '.json')).toString('utf8'));
      expect(sidecar).toEqual(e.groundTruth);
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('PNG pixels and sidecar ground truth match the generator', () => {
    for (const e of index.filter((x) => x.path.endsWith('.png'))) {
      const gt = e.groundTruth;
      const png = decode(read(e.path));
      expect([png.width, png.height, png.channels, png.depth]).toEqual([gt.width, gt.height, gt.channels, gt.bitDepth]);
      const opts = gt.labels ? { labels: gt.labels } : { label: gt.label };
      const s = generateSample(gt.task, gt.seed, gt.index, opts);
      if (gt.channels === 1) {
        expect(Array.from(png.data)).toEqual(Array.from(toUint16(s.image)));
      } else {
        const expected = Array.from(s.image, (v) => Math.round(v * 255));
        expect(Array.from(png.data)).toEqual(expected);
      }
      expect(decodeMaskRle(gt.maskRle)).toEqual(s.signalMask);
      expect(gt.signalCentres.length).toBe(s.signalCentres.length);
      if (s.head === 'softmax') expect(gt.className).toBe(getTask(gt.task).classes[s.label]);
      else {
        expect(gt.classNames).toEqual(getTask('chest').classes.filter((_, j) => s.labels[j] === 1));
        getTask('chest').classes.forEach((name, j) => expect(decodeMaskRle(gt.labelMaskRles![name])).toEqual(s.labelMasks[j]));
      }
    }
  });
});

describe('DICOM chest samples', () => {
  const dcmjs = loadDcmjs();

  for (const spec of dicomSpecs()) {
    it(`${spec.id}.dcm reads back with dcmjs and dicom-parser; pixels equal its PNG twin`, () => {
      const entry = index.find((e) => e.id === spec.id)!;
      expect(entry.path).toBe(`samples/chest/${spec.id}.dcm`);
      const bytes = read(entry.path);
      // Part 10: 128-byte preamble, then "DICM".
      expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');

      const twin = decode(read(entry.groundTruth.pngTwin!));
      expect(twin.depth).toBe(16);

      // dcmjs
      const message = dcmjs.data.DicomMessage.readFile(arrayBufferOf(bytes));
      const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.meta);
      const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(message.dict);
      expect(meta.TransferSyntaxUID).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(meta.MediaStorageSOPClassUID).toBe(CR_IMAGE_STORAGE);
      expect(meta.MediaStorageSOPInstanceUID).toBe(ds.SOPInstanceUID);
      expect(meta.ImplementationClassUID).toBe(IMPLEMENTATION_CLASS_UID);
      expect(ds.SOPClassUID).toBe(CR_IMAGE_STORAGE);
      for (const uid of [ds.SOPInstanceUID, ds.StudyInstanceUID, ds.SeriesInstanceUID, IMPLEMENTATION_CLASS_UID]) {
        expect(uid).toMatch(/^2\.25\.(0|[1-9][0-9]*)$/);
        expect((uid as string).length).toBeLessThanOrEqual(64);
      }
      expect(new Set([ds.SOPInstanceUID, ds.StudyInstanceUID, ds.SeriesInstanceUID]).size).toBe(3);
      expect(ds.Modality).toBe('CR');
      expect(ds.PhotometricInterpretation).toBe('MONOCHROME2');
      expect([ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation, ds.SamplesPerPixel]).toEqual([
        128, 128, 16, 16, 15, 0, 1,
      ]);
      expect(Number(ds.RescaleSlope)).toBe(1);
      expect(Number(ds.RescaleIntercept)).toBe(0);
      expect(Number(ds.WindowCenter)).toBe(32768);
      expect(Number(ds.WindowWidth)).toBe(65536);
      const name = ds.PatientName as unknown;
      const alphabetic = typeof name === 'string' ? name : (name as { Alphabetic?: string }[])[0]?.Alphabetic ?? (name as string[])[0];
      expect(alphabetic).toBe('PHANTOM^CHEST');
      const frames = ds.PixelData as ArrayBuffer[];
      const dcmjsPixels = new Uint16Array(frames[0]);
      expect(dcmjsPixels.length).toBe(128 * 128);
      expect(Array.from(dcmjsPixels)).toEqual(Array.from(twin.data));

      // dicom-parser (independent reader)
      const parsed = dicomParser.parseDicom(new Uint8Array(arrayBufferOf(bytes)));
      expect(parsed.string('x00020010')).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(parsed.string('x00080016')).toBe(CR_IMAGE_STORAGE);
      expect(parsed.string('x00080060')).toBe('CR');
      expect(parsed.string('x00100010')).toBe('PHANTOM^CHEST');
      expect(parsed.string('x00280004')).toBe('MONOCHROME2');
      expect(parsed.uint16('x00280010')).toBe(128);
      expect(parsed.uint16('x00280011')).toBe(128);
      expect(parsed.uint16('x00280100')).toBe(16);
      expect(parsed.uint16('x00280101')).toBe(16);
      expect(parsed.floatString('x00281053')).toBe(1);
      expect(parsed.floatString('x00281052')).toBe(0);
      const pixelElement = parsed.elements.x7fe00010;
      expect(pixelElement.vr).toBe('OW');
      const raw = bytes.subarray(pixelElement.dataOffset, pixelElement.dataOffset + pixelElement.length);
      const dpPixels = new Uint16Array(128 * 128);
      for (let i = 0; i < dpPixels.length; i++) dpPixels[i] = raw[2 * i] | (raw[2 * i + 1] << 8); // little endian
      expect(Array.from(dpPixels)).toEqual(Array.from(twin.data));
    });
  }
});
