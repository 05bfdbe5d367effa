// ROI geometry: shapes in image pixels → masks, statistics in the image's units, lengths.
export * from './roiTypes';
export * from './rasterize';
export * from './roiStatistics';
export * from './modelSpaceMask';
