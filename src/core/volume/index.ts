// Volumes: orientation from the voxel → RAS+ affine, and slices cut for display.
export * from './orientation';
export * from './voxelGrid';
