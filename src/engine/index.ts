export * from './backendNames';
export * from './backendSelection';
export * from './classifier';
export * from './logitJacobian';
export * from './analyzeImage';
export * from './outputActivation';
export { modelArtifactsFromUrl, tensorMemory } from './modelArtifactsFromUrl';
export * from './analyzeDecodedImage';
