// The NIfTI reader: .nii / .nii.gz → ImageVolume.
export { isNifti, readNifti } from './readNifti';
