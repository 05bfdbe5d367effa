import { HEIGHT, WIDTH } from './fixturePixels';
import { sequence, text, us } from './dicomWriter';
import type { DicomElement } from './dicomWriter';

/**
 * Test-fixture support: the attributes every fixture carries, built from a few parameters. The
 * patient attributes are invented; tests check they stay out of logs and JSON.
 */

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
export const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';
export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
export const DX_IMAGE = '1.2.840.10008.5.1.4.1.1.1.1';
export const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';

export interface ImageAttributes {
  readonly sopClassUid: string;
  readonly modality: string;
  readonly instance: number;
  readonly samplesPerPixel?: 1 | 3;
  readonly photometric?: string;
  readonly planar?: 0 | 1;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed?: boolean;
  readonly frames?: number;
  readonly rescale?: { readonly slope: number; readonly intercept: number; readonly type?: string };
  readonly windows?: { readonly centers: string; readonly widths: string; readonly explanation?: string };
  readonly rows?: number;
  readonly columns?: number;
  readonly description: string;
}

const ds = (n: number): string => String(n);

export function identifying(instance: number, sopClassUid: string, modality: string, description: string): DicomElement[] {
  return [
    text(0x00080005, 'CS', 'ISO_IR 192'),
    text(0x00080016, 'UI', sopClassUid),
    text(0x00080018, 'UI', `1.2.826.0.1.3680043.10.1.${instance}`),
    text(0x00080020, 'DA', '20240102'),
    text(0x00080060, 'CS', modality),
    text(0x00080070, 'LO', 'IFIM Fixture Writer'),
    text(0x00080080, 'LO', 'Nowhere General Hospital'),
    text(0x0008103e, 'LO', description),
    text(0x00100010, 'PN', 'Müller^Anna'),
    text(0x00100020, 'LO', 'FIXTURE-0001'),
    text(0x00100030, 'DA', '19700101'),
    text(0x0020000d, 'UI', '1.2.826.0.1.3680043.10.3.1'),
    text(0x0020000e, 'UI', '1.2.826.0.1.3680043.10.4.1'),
  ];
}

export function imageAttributes(a: ImageAttributes): DicomElement[] {
  const samples = a.samplesPerPixel ?? 1;
  const elements: DicomElement[] = [
    ...identifying(a.instance, a.sopClassUid, a.modality, a.description),
    us(0x00280002, samples),
    text(0x00280004, 'CS', a.photometric ?? 'MONOCHROME2'),
    us(0x00280010, a.rows ?? HEIGHT),
    us(0x00280011, a.columns ?? WIDTH),
    text(0x00280030, 'DS', '0.7\\0.75'),
    us(0x00280100, a.bitsAllocated),
    us(0x00280101, a.bitsStored),
    us(0x00280102, a.bitsStored - 1),
    us(0x00280103, a.signed ? 1 : 0),
  ];
  if (samples === 3) elements.push(us(0x00280006, a.planar ?? 0));
  if (a.frames !== undefined) elements.push(text(0x00280008, 'IS', String(a.frames)));
  if (a.rescale) {
    elements.push(text(0x00281052, 'DS', ds(a.rescale.intercept)), text(0x00281053, 'DS', ds(a.rescale.slope)));
    if (a.rescale.type) elements.push(text(0x00281054, 'LO', a.rescale.type));
  }
  if (a.windows) {
    elements.push(text(0x00281050, 'DS', a.windows.centers), text(0x00281051, 'DS', a.windows.widths));
    if (a.windows.explanation) elements.push(text(0x00281055, 'LO', a.windows.explanation));
  }
  return elements;
}

/**
 * Enhanced multi-frame style: rescale, window and spacing only in the Shared Functional Groups
 * Sequence (PS3.3 C.7.6.16), so the reader's functional-group path is exercised.
 */
export function sharedFunctionalGroups(slope: number, intercept: number, center: number, width: number): DicomElement {
  return sequence(0x52009229, [
    [
      sequence(0x00289110, [[text(0x00280030, 'DS', '0.5\\0.5')]]),
      sequence(0x00289132, [[text(0x00281050, 'DS', ds(center)), text(0x00281051, 'DS', ds(width)), text(0x00281055, 'LO', 'FG WINDOW')]]),
      sequence(0x00289145, [[text(0x00281052, 'DS', ds(intercept)), text(0x00281053, 'DS', ds(slope)), text(0x00281054, 'LO', 'US')]]),
    ],
  ]);
}

/** A Basic Text SR: a document with a content tree and no pixels. */
export function textReport(): DicomElement[] {
  return [
    ...identifying(90, BASIC_TEXT_SR, 'SR', 'Radiology report'),
    text(0x0040a040, 'CS', 'CONTAINER'),
    text(0x0040a050, 'CS', 'SEPARATE'),
    sequence(0x0040a730, [[text(0x0040a010, 'CS', 'CONTAINS'), text(0x0040a040, 'CS', 'TEXT'), text(0x0040a160, 'UT', 'No acute findings.')]]),
  ];
}
