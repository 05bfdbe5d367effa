/** The typed record every DICOM image decodes to, whatever its transfer syntax. */
import type { UserWarning } from '../../core/userFacingError';

/** One VOI window of the file (Window Center/Width, PS3.3 C.11.2), in rescaled units (HU for CT). */
export interface WindowPreset {
  readonly center: number;
  readonly width: number;
  /** Window Center & Width Explanation, e.g. "LUNG", when the file names it. */
  readonly explanation?: string;
}

/** How rescaled values become [0, 1] display intensities. */
export type IntensityPolicy =
  | { readonly kind: 'window'; readonly center: number; readonly width: number }
  | { readonly kind: 'minmax' }
  | { readonly kind: 'percentile'; readonly low: number; readonly high: number }
  /** The whole range the stored bits can hold (right for colour, where stretching would shift hues). */
  | { readonly kind: 'full' };

/** Non-identifying attributes: safe to show and to print. */
export interface DicomTags {
  readonly modality?: string;
  readonly manufacturer?: string;
  readonly manufacturerModelName?: string;
  readonly sopClassUid?: string;
  /** The SOP Class's name from our table, e.g. "CT Image Storage". */
  readonly sopClassName?: string;
  readonly seriesDescription?: string;
  readonly studyDescription?: string;
  readonly bodyPartExamined?: string;
  readonly imageType?: string;
  readonly rescaleType?: string;
  readonly voiLutFunction?: string;
}

/**
 * Attributes that identify a person or a visit. Kept apart from `tags` so that code which logs or
 * prints a record never reaches them by accident; never log them.
 */
export interface DicomPatientTags {
  readonly PatientName?: string;
  readonly PatientID?: string;
  readonly PatientBirthDate?: string;
  readonly PatientSex?: string;
  readonly PatientAge?: string;
  readonly OtherPatientIDs?: string;
  readonly StudyDate?: string;
  readonly StudyTime?: string;
  readonly AccessionNumber?: string;
  readonly InstitutionName?: string;
  readonly ReferringPhysicianName?: string;
  readonly StudyInstanceUID?: string;
  readonly SeriesInstanceUID?: string;
  readonly SOPInstanceUID?: string;
}

/** Patient geometry of the frames (LPS+ mm), for presenting a multi-frame image as a volume. */
export interface DicomGeometry {
  /** Row direction then column direction (Image Orientation (Patient)), or null. */
  readonly imageOrientationPatient: readonly number[] | null;
  /** Image Position (Patient) of each frame's first pixel centre, null where unknown. */
  readonly framePositions: readonly (readonly number[] | null)[];
  /** Spacing Between Slices, else Slice Thickness, in mm, or null. */
  readonly sliceSpacing: number | null;
}

export interface DicomImage {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  /** 1 (grayscale) or 3 (RGB after any YBR conversion). */
  readonly channels: 1 | 3;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  /** As written in the file (frameData is RGB whenever this names a colour space). */
  readonly photometricInterpretation: string;
  readonly transferSyntaxUid: string;
  readonly transferSyntaxName: string;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly windowPresets: readonly WindowPreset[];
  /** Over all frames, before rescale. */
  readonly storedMin: number;
  readonly storedMax: number;
  /** Over all frames, after rescale (HU for CT). */
  readonly rescaledMin: number;
  readonly rescaledMax: number;
  /** Lowest and highest values the stored bits can hold, rescaled: the 'full' policy's range. */
  readonly rescaledRange: readonly [number, number];
  /** [row spacing, column spacing] in mm (Pixel Spacing, else Imager Pixel Spacing), or null. */
  readonly pixelSpacing: readonly [number, number] | null;
  readonly modality: string | null;
  /** MONOCHROME1: higher values are darker, so display inverts. */
  readonly invertForDisplay: boolean;
  /** Rescaled values per frame, channels interleaved; float32 holds every 16-bit value exactly. */
  readonly frameData: readonly Float32Array[];
  readonly tags: DicomTags;
  /** Non-enumerable on decoded records: JSON.stringify of a record leaves it out. */
  readonly patientTags: DicomPatientTags;
  /** What was done to the pixels on the way, in words for the UI ("YBR_FULL converted to RGB"). */
  readonly notes: readonly string[];
  /**
   * Problems that did not stop decoding — the header contradicting the pixel data, decoded as the
   * data says. Shown beside the image, printed by `ifim inspect`, saved in result.json. Always set
   * by the decoder; optional only so that records built by hand (tests) need not repeat it.
   */
  readonly warnings?: readonly UserWarning[];
  /** Where the frames lie in the patient, when the file says (src/io/volume/dicomVolume.ts uses it). */
  readonly geometry?: DicomGeometry;
}
