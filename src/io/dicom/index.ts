// The DICOM reader's public surface: decode a file to a typed record, then one frame to a UnitImage.
export { DEFAULT_MAX_DICOM_VALUES, decodeDicom, decodeDicomSync, isDicom } from './decodeDicom';
export type { DicomDecodeOptions } from './decodeDicom';
export { defaultIntensityPolicy, frameToUnitImage, intensityMapping } from './intensity';
export { setCodecPlatform } from './codecs/codecPlatform';
export type { CodecName, CodecPlatform } from './codecs/codecPlatform';
export { SUPPORTED_TRANSFER_SYNTAXES, transferSyntaxName } from './transferSyntaxes';
export type { DicomGeometry, DicomImage, DicomPatientTags, DicomTags, IntensityPolicy, WindowPreset } from './types';
