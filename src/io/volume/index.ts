// Volumes of any format: the typed record, and its slices as the app's 2-D image record.
export type { AffineSource, ImageVolume, VolumeLimits, VoxelDatatype } from './types';
export { DEFAULT_MAX_VOLUME_DATA_BYTES, DEFAULT_MAX_VOLUME_VOXELS } from './types';
export { middleSlice, volumeAsFrames, volumeSlice } from './volumeSlice';
export type { VolumeSlice } from './volumeSlice';
