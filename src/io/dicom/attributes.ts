import type { DataSet } from 'dicom-parser';
import { sopClassName } from './sopClasses';
import type { DicomPatientTags, DicomTags, WindowPreset } from './types';

/**
 * Reading attributes from a dicom-parser dataset: text with its character set, numbers from DS/IS
 * strings, and values that enhanced multi-frame objects move into functional group sequences.
 */

/** Text decoders for Specific Character Set (0008,0005); latin-1 is the DICOM default repertoire's superset. */
function textDecoderFor(dataSet: DataSet): TextDecoder {
  const charset = (dataSet.string('x00080005') ?? '').toUpperCase();
  if (charset.includes('ISO_IR 192')) return new TextDecoder('utf-8');
  if (charset.includes('GB18030') || charset.includes('GBK')) return new TextDecoder('gb18030');
  return new TextDecoder('latin1');
}

const decoders = new WeakMap<DataSet, TextDecoder>();

/** A text attribute decoded in the file's character set, trimmed of DICOM padding; undefined when absent. */
export function readText(dataSet: DataSet, tag: string): string | undefined {
  const element = dataSet.elements[tag];
  if (!element || element.length <= 0) return undefined;
  let decoder = decoders.get(dataSet);
  if (!decoder) {
    decoder = textDecoderFor(dataSet);
    decoders.set(dataSet, decoder);
  }
  const raw = dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  const text = decoder.decode(raw).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  return text === '' ? undefined : text;
}

/** Multi-valued DS/IS (backslash-separated) as numbers; non-numeric entries are dropped. */
export function readNumbers(dataSet: DataSet, tag: string): number[] {
  const text = readText(dataSet, tag);
  if (text === undefined) return [];
  return text
    .split('\\')
    .map((s) => Number(s.trim()))
    .filter((v) => Number.isFinite(v));
}

export function readNumber(dataSet: DataSet, tag: string): number | undefined {
  return readNumbers(dataSet, tag)[0];
}

/** The first item's dataset of a sequence, or undefined. */
function item(dataSet: DataSet | undefined, tag: string, index = 0): DataSet | undefined {
  return dataSet?.elements[tag]?.items?.[index]?.dataSet;
}

const SHARED_GROUPS = 'x52009229';
const PER_FRAME_GROUPS = 'x52009230';

/**
 * The datasets to search for a frame's attribute, most specific first: the frame's own functional
 * groups, then the shared ones, then the top level (PS3.3 C.7.6.16).
 */
export function frameScopes(dataSet: DataSet, frame: number, macroTag: string): DataSet[] {
  const scopes: DataSet[] = [];
  const perFrame = item(item(dataSet, PER_FRAME_GROUPS, frame), macroTag);
  if (perFrame) scopes.push(perFrame);
  const shared = item(item(dataSet, SHARED_GROUPS), macroTag);
  if (shared) scopes.push(shared);
  scopes.push(dataSet);
  return scopes;
}

export interface Rescale {
  readonly slope: number;
  readonly intercept: number;
  readonly type?: string;
}

/** Modality LUT as a linear rescale (Pixel Value Transformation macro in enhanced objects). */
export function readRescale(dataSet: DataSet, frame: number): Rescale {
  for (const scope of frameScopes(dataSet, frame, 'x00289145')) {
    const slope = readNumber(scope, 'x00281053');
    const intercept = readNumber(scope, 'x00281052');
    if (slope !== undefined || intercept !== undefined) {
      return { slope: slope === undefined || slope === 0 ? 1 : slope, intercept: intercept ?? 0, type: readText(scope, 'x00281054') };
    }
  }
  return { slope: 1, intercept: 0 };
}

/** Every Window Center/Width pair the file offers (Frame VOI LUT macro in enhanced objects). */
export function readWindowPresets(dataSet: DataSet, frame: number): { presets: WindowPreset[]; voiLutFunction?: string } {
  for (const scope of frameScopes(dataSet, frame, 'x00289132')) {
    const centers = readNumbers(scope, 'x00281050');
    const widths = readNumbers(scope, 'x00281051');
    if (centers.length === 0 || widths.length === 0) continue;
    const explanations = (readText(scope, 'x00281055') ?? '').split('\\');
    const presets: WindowPreset[] = [];
    for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
      if (!(widths[i] >= 1)) continue; // PS3.3 C.11.2.1.2: width ≥ 1
      const explanation = explanations[i]?.trim();
      presets.push(explanation ? { center: centers[i], width: widths[i], explanation } : { center: centers[i], width: widths[i] });
    }
    return { presets, voiLutFunction: readText(scope, 'x00281056') };
  }
  return { presets: [] };
}

export function readPixelSpacing(dataSet: DataSet): readonly [number, number] | null {
  for (const scope of frameScopes(dataSet, 0, 'x00289110')) {
    const spacing = readNumbers(scope, 'x00280030');
    if (spacing.length >= 2) return [spacing[0], spacing[1]];
  }
  const imager = readNumbers(dataSet, 'x00181164');
  return imager.length >= 2 ? [imager[0], imager[1]] : null;
}

export function readTags(dataSet: DataSet): DicomTags {
  const sopClassUid = readText(dataSet, 'x00080016') ?? readText(dataSet, 'x00020002');
  const entries: [keyof DicomTags, string | undefined][] = [
    ['modality', readText(dataSet, 'x00080060')],
    ['manufacturer', readText(dataSet, 'x00080070')],
    ['manufacturerModelName', readText(dataSet, 'x00081090')],
    ['sopClassUid', sopClassUid],
    ['sopClassName', sopClassName(sopClassUid)],
    ['seriesDescription', readText(dataSet, 'x0008103e')],
    ['studyDescription', readText(dataSet, 'x00081030')],
    ['bodyPartExamined', readText(dataSet, 'x00180015')],
    ['imageType', readText(dataSet, 'x00080008')],
    ['rescaleType', readText(dataSet, 'x00281054')],
    ['voiLutFunction', readText(dataSet, 'x00281056')],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as DicomTags;
}

const PATIENT_TAGS: readonly [keyof DicomPatientTags, string][] = [
  ['PatientName', 'x00100010'],
  ['PatientID', 'x00100020'],
  ['PatientBirthDate', 'x00100030'],
  ['PatientSex', 'x00100040'],
  ['PatientAge', 'x00101010'],
  ['OtherPatientIDs', 'x00101000'],
  ['StudyDate', 'x00080020'],
  ['StudyTime', 'x00080030'],
  ['AccessionNumber', 'x00080050'],
  ['InstitutionName', 'x00080080'],
  ['ReferringPhysicianName', 'x00080090'],
  ['StudyInstanceUID', 'x0020000d'],
  ['SeriesInstanceUID', 'x0020000e'],
  ['SOPInstanceUID', 'x00080018'],
];

export function readPatientTags(dataSet: DataSet): DicomPatientTags {
  const entries = PATIENT_TAGS.map(([name, tag]) => [name, readText(dataSet, tag)] as const);
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as DicomPatientTags;
}
