export * from './types';
export * from './modelImportLogic';
export * from './evidenceLogic';
export * from './recentModels';
export { createToolsStore, toolsStore, useToolsStore, useToolsStoreShallow } from './toolsStore';
export type { ToolsStore } from './toolsStore';
export type { AttributionMap, DatasetStudyPayload, EvidenceDeletionRow, EvidenceSanityResult, EvidenceStudyResult, JacobianMemoryEstimate } from '../../worker/protocol';
export { parseKeptClasses, TOP_CLASS_MIN_CLASSES } from './topClassSlice';
