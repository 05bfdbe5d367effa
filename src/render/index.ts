export * from './raster';
export * from './displayWindow';
export * from './colorSpace';
export * from './colorMaps';
export * from './imageRaster';
export * from './signedRaster';
