#!/usr/bin/env python3
"""Small NIfTI fixtures for src/io/nifti, written by nibabel (an independent writer: the reader
under test never wrote them) with what nibabel reads back saved beside them in expected.json.

    apt-get install -y python3-nibabel && python3 scripts/make-volume-fixtures.py

Each voxel of the int16 volume stores i + 32 j + 1024 k, so any voxel's position can be read back
from its value; scl_slope = 2, scl_inter = -1024 make the rescaled value 2 (i + 32 j + 1024 k) - 1024.
"""
import json
import math
import os

import nibabel as nib
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test-fixtures', 'volumes')


def index_pattern(shape, dtype):
    i, j, k = np.meshgrid(*[np.arange(n) for n in shape[:3]], indexing='ij')
    return (i + 32 * j + 1024 * k).astype(dtype)


def lps_oblique_affine():
    # A DICOM-like grid (i towards patient Left, j Posterior, k Superior) tilted 15 degrees about S-I.
    t = math.radians(15)
    rot = np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])
    lps_to_ras = np.diag([-1, -1, 1])
    a = np.eye(4)
    a[:3, :3] = rot @ lps_to_ras @ np.diag([0.8, 0.8, 2.5])
    a[:3, 3] = [12.5, -30.0, -40.0]
    return a


def save(img, name, samples):
    path = os.path.join(OUT, name)
    nib.save(img, path)
    back = nib.load(path)
    data = np.asanyarray(back.dataobj)  # scaled by nibabel: slope and intercept applied
    if data.ndim == 4:
        data = data[..., 0]  # the reader takes the first volume of a series
    hdr = back.header
    zooms = [float(z) for z in hdr.get_zooms()[:3]]
    return {
        'file': name,
        'shape': [int(n) for n in back.shape],
        'datatype': str(hdr.get_data_dtype()),
        'zooms': zooms,
        'sformCode': int(hdr['sform_code']),
        'qformCode': int(hdr['qform_code']),
        'bestAffine': back.header.get_best_affine().tolist(),
        'qform': back.header.get_qform().tolist(),
        'axcodes': ''.join(nib.aff2axcodes(back.header.get_best_affine())),
        # The loaded header's scl_* are consumed into the array proxy, which keeps the file's values.
        'slope': float(back.dataobj.slope),
        'intercept': float(back.dataobj.inter),
        'calMin': float(hdr['cal_min']),
        'calMax': float(hdr['cal_max']),
        'voxOffset': int(back.dataobj.offset),
        'min': float(np.min(data)),
        'max': float(np.max(data)),
        'samples': [{'ijk': list(s), 'value': float(data[tuple(s)])} for s in samples],
        'bytes': os.path.getsize(path),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = []
    samples = [(0, 0, 0), (31, 0, 0), (0, 31, 0), (0, 0, 7), (5, 17, 3), (31, 31, 7)]

    # 1. int16, oblique LPS sform and qform, slope/intercept, a display range.
    img = nib.Nifti1Image(index_pattern((32, 32, 8), np.int16), lps_oblique_affine())
    img.header.set_xyzt_units('mm')
    img.header.set_slope_inter(2.0, -1024.0)
    img.header['cal_min'] = -1024
    img.header['cal_max'] = 8000
    img.set_sform(lps_oblique_affine(), code=1)
    img.set_qform(lps_oblique_affine(), code=1)
    expected.append(save(img, 'lps-oblique-int16.nii', samples))

    # 2. The same voxels gzip-compressed, qform only (sform_code 0): the qform path.
    img = nib.Nifti1Image(index_pattern((32, 32, 8), np.int16), None)
    img.header.set_xyzt_units('mm')
    img.header.set_slope_inter(2.0, -1024.0)
    img.set_qform(lps_oblique_affine(), code=1)
    img.set_sform(None, code=0)
    expected.append(save(img, 'lps-oblique-qform-int16.nii.gz', samples))

    # 3. uint8, identity-like RAS with anisotropic spacing, in a .nii.gz.
    ras = np.diag([1.0, 1.5, 3.0, 1.0])
    ras[:3, 3] = [-8, -9, -9]
    img = nib.Nifti1Image((index_pattern((16, 12, 6), np.int32) % 251).astype(np.uint8), ras)
    img.header.set_xyzt_units('mm')
    img.set_sform(ras, code=2)
    img.set_qform(ras, code=0)
    expected.append(save(img, 'ras-uint8.nii.gz', [(0, 0, 0), (15, 11, 5), (3, 4, 2)]))

    # 4. The remaining supported types, tiny, each with its own range.
    small = [(0, 0, 0), (3, 2, 1), (1, 2, 0)]
    for dtype, name, offset in [(np.uint16, 'uint16', 60000), (np.int32, 'int32', -100000), (np.float32, 'float32', 0.25), (np.float64, 'float64', -0.5)]:
        data = index_pattern((4, 3, 2), np.float64) + offset
        img = nib.Nifti1Image(data.astype(dtype), ras)
        img.header.set_xyzt_units('mm')
        img.set_sform(ras, code=1)
        expected.append(save(img, f'small-{name}.nii', small))

    # 5. No orientation at all (both codes 0): only pixdim is known.
    img = nib.Nifti1Image(index_pattern((4, 3, 2), np.int16), None)
    img.header.set_zooms((0.5, 0.7, 2.0))
    img.header.set_xyzt_units('mm')
    img.set_qform(None, code=0)
    img.set_sform(None, code=0)
    expected.append(save(img, 'no-orientation-int16.nii', small))

    # 6. A 4-D series (2 volumes): the first is read.
    data = np.stack([index_pattern((4, 3, 2), np.float32), index_pattern((4, 3, 2), np.float32) + 1000], axis=-1)
    img = nib.Nifti1Image(data, ras)
    img.header.set_xyzt_units('mm', 'sec')
    expected.append(save(img, 'series-4d-float32.nii', small))

    # 7. A type the reader refuses.
    img = nib.Nifti1Image(index_pattern((2, 2, 2), np.int64), ras, dtype=np.int64)
    expected.append(save(img, 'refused-int64.nii', [(0, 0, 0)]))

    # 8. Big-endian int16.
    img = nib.Nifti1Image(index_pattern((4, 3, 2), np.int16).astype('>i2'), ras)
    img.header.set_xyzt_units('mm')
    expected.append(save(img, 'big-endian-int16.nii', small))

    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'writer': f'nibabel {nib.__version__}', 'files': expected}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
