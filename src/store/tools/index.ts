export * from './modelImportLogic';
export * from './evidenceLogic';
export * from './recentModels';
export type { AttributionMap, DatasetStudyPayload, EvidenceDeletionRow, EvidenceSanityResult, EvidenceStudyResult, JacobianMemoryEstimate } from '../../worker/protocol';
export { parseKeptClasses, TOP_CLASS_MIN_CLASSES } from './topClassSlice';
