export * from './seededRng';
export * from './directions';
export * from './plan';
export * from './outcome';
export * from './slopeFit';
export * from './statistics';
export * from './datasetMetrics';
