export * from './channelReduction';
export * from './gaussianBlur';
export * from './baselines';
export * from './deletionInsertion';
export * from './ifimMaps';
export * from './gradCamMap';
export * from './occlusionPatches';
export * from './integratedGradientsPath';
