/**
 * Writes the bundled example images with their ground truth:
 *
 *   public/samples/<task>/<sampleId>.png   16-bit grayscale (value = round(x·65535)) or 8-bit RGB (histo)
 *   public/samples/<task>/<sampleId>.json  ground-truth sidecar (see GroundTruth below)
 *   public/samples/chest/chest-dicom-0N.dcm  two chest samples as DICOM Part 10 (CR, MONOCHROME2,
 *                                           16 bits allocated and stored, explicit VR little endian)
 *   public/samples/index.json              [{ id, title, task, path, groundTruth }]
 *
 * Run: npx tsx scripts/make-samples.ts. Output is deterministic (fixed seed, fixed dates,
 * UIDs derived from the seed), so re-running reproduces the same bytes.
 *
 * Samples use seed 20261126, which no training or test set uses.
 *
 * maskRle (see src/tasks/imageOps.ts): { size: [height, width], order: 'row-major', counts } where
 * counts are the lengths of alternating runs of 0s and 1s over the mask read row by row, starting
 * with a (possibly empty) run of 0s; they sum to height × width.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encode } from 'fast-png';
import { encodeMaskRle, generateSample, getTask } from '../src/tasks/index';
import type { MaskRle, SampleOptions, SignalCentre, TaskId, TaskSample } from '../src/tasks/index';
import { mix32, Rng } from '../src/tasks/random';

export const SAMPLE_SEED = 20261126;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PUBLIC_DIR = join(ROOT, 'public');
export const SAMPLES_DIR = join(PUBLIC_DIR, 'samples');

/** The JSON sidecar of one sample (also the `groundTruth` of its index entry). */
export interface GroundTruth {
  id: string;
  title: string;
  task: TaskId;
  seed: number;
  index: number;
  width: number;
  height: number;
  channels: number;
  bitDepth: number;
  format: 'png' | 'dicom';
  /** Softmax tasks: class index and name. */
  label?: number;
  className?: string;
  /** Sigmoid tasks: 0/1 per label (task order), and the names of the labels present. */
  labels?: number[];
  classNames?: string[];
  signalCentres: SignalCentre[];
  maskRle: MaskRle;
  /** Sigmoid tasks: one RLE mask per label name. */
  labelMaskRles?: Record<string, MaskRle>;
  /** DICOM samples: path (relative to public/) of the PNG with the same pixel values. */
  pngTwin?: string;
}

export interface IndexEntry {
  id: string;
  title: string;
  task: TaskId;
  path: string;
  groundTruth: GroundTruth;
}

interface SampleSpec {
  id: string;
  title: string;
  task: TaskId;
  index: number;
  options: SampleOptions;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The sample list: every class of every task; for chest every label alone, none and combinations. */
export function sampleSpecs(): SampleSpec[] {
  const specs: SampleSpec[] = [];
  let index = 0;
  const add = (task: TaskId, name: string, n: number, options: SampleOptions, title: string) => {
    for (let k = 1; k <= n; k++) {
      specs.push({ id: `${task}-${name}-${pad2(k)}`, title: `${title} #${k}`, task, index: index++, options });
    }
  };
  add('lumpy-ske', 'absent', 4, { label: 0 }, 'Lumpy background, signal absent');
  add('lumpy-ske', 'present', 4, { label: 1 }, 'Lumpy background, signal present at the centre');
  const clbTitles = ['signal absent', 'signal top-left', 'signal top-right', 'signal bottom-left', 'signal bottom-right'];
  getTask('clb-loc').classes.forEach((name, label) => add('clb-loc', name, 2, { label }, `Clustered lumpy background, ${clbTitles[label]}`));
  const chestCombos: [string, number[], string][] = [
    ['none', [0, 0, 0], 'no finding'],
    ['nodule-left-lung', [1, 0, 0], 'nodule in the left lung (image right)'],
    ['nodule-right-lung', [0, 1, 0], 'nodule in the right lung (image left)'],
    ['pleural-effusion', [0, 0, 1], 'pleural effusion'],
    ['nodules-both-lungs', [1, 1, 0], 'nodules in both lungs'],
    ['nodule-left-lung-effusion', [1, 0, 1], 'left-lung nodule and pleural effusion'],
    ['nodule-right-lung-effusion', [0, 1, 1], 'right-lung nodule and pleural effusion'],
    ['all-findings', [1, 1, 1], 'both nodules and pleural effusion'],
  ];
  add('chest', 'none', 2, { labels: [0, 0, 0] }, 'Chest phantom, no finding');
  for (const [name, labels, title] of chestCombos.slice(1)) add('chest', name, 1, { labels }, `Chest phantom, ${title}`);
  add('histo', 'normal', 4, { label: 0 }, 'H&E phantom, normal nuclei');
  add('histo', 'atypical', 4, { label: 1 }, 'H&E phantom, atypical nuclei');
  return specs;
}

/** DICOM samples: their own id, and the PNG sample with the same (seed, index, labels). */
export function dicomSpecs(): { id: string; title: string; series: string; twin: string }[] {
  return [
    {
      id: 'chest-dicom-01',
      title: 'Chest phantom as DICOM (CR): left-lung nodule and pleural effusion',
      series: 'Phantom PA chest: left nodule, effusion',
      twin: 'chest-nodule-left-lung-effusion-01',
    },
    {
      id: 'chest-dicom-02',
      title: 'Chest phantom as DICOM (CR): nodule in the right lung',
      series: 'Phantom PA chest: right nodule',
      twin: 'chest-nodule-right-lung-01',
    },
  ];
}

function roundCentres(cs: readonly SignalCentre[]): SignalCentre[] {
  return cs.map((c) => ({ row: Math.round(c.row * 100) / 100, col: Math.round(c.col * 100) / 100 }));
}

function groundTruth(spec: { id: string; title: string }, s: TaskSample, format: 'png' | 'dicom'): GroundTruth {
  const task = getTask(s.taskId);
  const gt: GroundTruth = {
    id: spec.id,
    title: spec.title,
    task: s.taskId,
    seed: s.seed,
    index: s.index,
    width: s.width,
    height: s.height,
    channels: s.channels,
    bitDepth: s.channels === 3 ? 8 : 16,
    format,
    signalCentres: roundCentres(s.signalCentres),
    maskRle: encodeMaskRle(s.signalMask, s.height, s.width),
  };
  if (s.head === 'softmax') {
    gt.label = s.label;
    gt.className = task.classes[s.label];
  } else {
    gt.labels = [...s.labels];
    gt.classNames = task.classes.filter((_, j) => s.labels[j] === 1);
    gt.labelMaskRles = Object.fromEntries(task.classes.map((name, j) => [name, encodeMaskRle(s.labelMasks[j], s.height, s.width)]));
  }
  return gt;
}

/** 16-bit grayscale values round(x·65535) of a single-channel sample. */
export function toUint16(image: Float32Array): Uint16Array {
  const out = new Uint16Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = Math.round(image[i] * 65535);
  return out;
}

function encodeSamplePng(s: TaskSample): Uint8Array {
  if (s.channels === 1) return encode({ width: s.width, height: s.height, data: toUint16(s.image), channels: 1, depth: 16 });
  const data = new Uint8Array(s.image.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(s.image[i] * 255);
  return encode({ width: s.width, height: s.height, data, channels: 3, depth: 8 });
}

// ---------------------------------------------------------------------------------------------
// DICOM (dcmjs ships no type declarations: a minimal typed view of the parts used here)
// ---------------------------------------------------------------------------------------------

type NaturalDataset = Record<string, unknown>;
interface DcmjsDicomDict {
  dict: Record<string, unknown>;
  write(options?: Record<string, unknown>): ArrayBuffer;
}
export interface Dcmjs {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => DcmjsDicomDict;
    DicomMetaDictionary: {
      denaturalizeDataset(ds: NaturalDataset): Record<string, unknown>;
      naturalizeDataset(ds: Record<string, unknown>): NaturalDataset;
    };
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: Record<string, unknown>; dict: Record<string, unknown> } };
  };
  log?: { setLevel?(level: string): void };
}

export function loadDcmjs(): Dcmjs {
  const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;
  dcmjs.log?.setLevel?.('error');
  return dcmjs;
}

/**
 * UID root: 2.25 — UUID-derived OIDs (ITU-T X.667 | ISO/IEC 9834-8): "2.25." followed by a
 * 128-bit UUID written as a decimal integer. Our UUIDs are deterministic (version 8, RFC 9562
 * "custom"): 128 bits from the xoshiro generator keyed by (purpose, seed, index), with the version
 * and variant bits set, so regenerated files carry the same UIDs.
 */
export function deterministicUid(purpose: string, seed: number, index: number): string {
  const rng = Rng.forSample(`dicom-uid:${purpose}`, seed, index, mix32(0x1f1d, 0x2025));
  const words = [rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()];
  words[1] = ((words[1] & 0xffff0fff) | 0x00008000) >>> 0; // version 8 (bits 48–51)
  words[2] = ((words[2] & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122/9562 variant (bits 64–65)
  let value = 0n;
  for (const w of words) value = (value << 32n) | BigInt(w);
  return `2.25.${value.toString()}`;
}

/** Our implementation's class UID (fixed). */
export const IMPLEMENTATION_CLASS_UID = deterministicUid('implementation', 0, 0);
export const CR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.1';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** A chest sample as a DICOM Part 10 file (CR Image Storage), pixel values = round(x·65535). */
export function chestToDicom(dcmjs: Dcmjs, s: TaskSample, number: number, seriesDescription: string): Uint8Array {
  if (s.taskId !== 'chest' || s.channels !== 1) throw new Error('chestToDicom expects a chest sample');
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const sopInstanceUid = deterministicUid('sop-instance', s.seed, s.index);
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: CR_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'IFIM_VIEWER_0_1',
  };
  const pixels = toUint16(s.image);
  const dataset: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['DERIVED', 'PRIMARY'],
    SOPClassUID: CR_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: '20261126',
    SeriesDate: '20261126',
    ContentDate: '20261126',
    StudyTime: '120000',
    SeriesTime: '120000',
    ContentTime: '120000',
    AccessionNumber: '',
    Modality: 'CR',
    Manufacturer: 'ifim-viewer synthetic phantom',
    ReferringPhysicianName: '',
    StudyDescription: 'Synthetic chest radiograph phantom',
    SeriesDescription: seriesDescription.slice(0, 64),
    PatientName: 'PHANTOM^CHEST',
    PatientID: `PHANTOM-CHEST-${pad2(number)}`,
    PatientBirthDate: '',
    PatientSex: 'O',
    PatientIdentityRemoved: 'YES',
    BodyPartExamined: 'CHEST',
    ViewPosition: 'PA',
    StudyInstanceUID: deterministicUid('study', s.seed, s.index),
    SeriesInstanceUID: deterministicUid('series', s.seed, s.index),
    StudyID: '1',
    SeriesNumber: '1',
    InstanceNumber: String(number),
    // Radiological display of a PA film: rows run towards the patient's left, columns towards the feet.
    PatientOrientation: ['L', 'F'],
    ImagerPixelSpacing: ['3', '3'],
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: s.height,
    Columns: s.width,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    WindowCenter: '32768',
    WindowWidth: '65536',
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'US',
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

// ---------------------------------------------------------------------------------------------

export interface SampleFile {
  /** Relative to public/. */
  path: string;
  bytes: Uint8Array;
}

/** All sample files (images, sidecars, index) in memory. */
export function buildSamples(dcmjs: Dcmjs = loadDcmjs()): { files: SampleFile[]; index: IndexEntry[] } {
  const files: SampleFile[] = [];
  const index: IndexEntry[] = [];
  const text = (o: unknown) => new TextEncoder().encode(`${JSON.stringify(o, null, 2)}\n`);
  const byId = new Map<string, SampleSpec>();
  for (const spec of sampleSpecs()) {
    byId.set(spec.id, spec);
    const s = generateSample(spec.task, SAMPLE_SEED, spec.index, spec.options);
    const path = `samples/${spec.task}/${spec.id}.png`;
    const gt = groundTruth(spec, s, 'png');
    files.push({ path, bytes: encodeSamplePng(s) });
    files.push({ path: `samples/${spec.task}/${spec.id}.json`, bytes: text(gt) });
    index.push({ id: spec.id, title: spec.title, task: spec.task, path, groundTruth: gt });
  }
  dicomSpecs().forEach((d, k) => {
    const twin = byId.get(d.twin);
    if (!twin) throw new Error(`unknown twin ${d.twin}`);
    const s = generateSample('chest', SAMPLE_SEED, twin.index, twin.options);
    const path = `samples/chest/${d.id}.dcm`;
    const gt: GroundTruth = { ...groundTruth(d, s, 'dicom'), pngTwin: `samples/chest/${d.twin}.png` };
    files.push({ path, bytes: chestToDicom(dcmjs, s, k + 1, d.series) });
    files.push({ path: `samples/chest/${d.id}.json`, bytes: text(gt) });
    index.push({ id: d.id, title: d.title, task: 'chest', path, groundTruth: gt });
  });
  files.push({ path: 'samples/index.json', bytes: text(index) });
  return { files, index };
}

function main(): void {
  const { files, index } = buildSamples();
  for (const task of new Set(index.map((e) => e.task))) rmSync(join(SAMPLES_DIR, task), { recursive: true, force: true });
  let total = 0;
  for (const f of files) {
    const full = join(PUBLIC_DIR, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.bytes);
    total += f.bytes.length;
  }
  console.log(`wrote ${files.length} files (${index.length} samples, ${(total / 1024).toFixed(1)} KiB) under ${SAMPLES_DIR}`);
  for (const e of index) console.log(`  ${e.id}  ${e.path}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
