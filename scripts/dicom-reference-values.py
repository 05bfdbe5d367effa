"""Reference values for the JPEG / JPEG 2000 DICOM fixtures of issue 14, from independent decoders.

JPEG: libjpeg-turbo's djpeg (Debian libjpeg-turbo-progs; the IJG library GDCM also decodes with),
colour converted by the library as its JFIF/Adobe markers say. Cross-checked with pydicom 2.3 +
Pillow 9.4 (python3-pydicom, python3-pil), whose YBR values pydicom's convert_color_space turns to
RGB. JPEG 2000: pydicom + Pillow's OpenJPEG. Saved beside each fixture as <name>.expected.npy
(float32, rows × columns × samples). Run with Debian's interpreter:
  /usr/bin/python3 scripts/dicom-reference-values.py
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space

FIXTURES = Path(__file__).resolve().parent.parent / "test-fixtures" / "images"
JPEG = ["rgb-jpeg-progressive.dcm", "rgb-jpeg-app14-no-transform.dcm", "rgb-jpeg-small-odd.dcm", "rgb-jpeg-no-sequence-delimiter.dcm"]
J2K = ["ct-j2k-embedded-delimiter.dcm"]
# RGB JPEGs that name no colour space (no JFIF, no valid APP14): djpeg would guess YCbCr; pydicom +
# Pillow follow the DICOM header's RGB (no transform), as GDCM does. pydicom is the reference here.
PYDICOM_RGB = ["rgb-jpeg-unmarked.dcm", "rgb-jpeg-implicit-vr-short-app14.dcm"]


def jpeg_stream(name: str) -> bytes:
    data = (FIXTURES / name).read_bytes()
    return data[data.index(b"\xff\xd8\xff") : data.rindex(b"\xff\xd9") + 2]  # one fragment, one frame


def djpeg(stream: bytes) -> np.ndarray:
    out = subprocess.run(["djpeg", "-pnm"], input=stream, capture_output=True, check=True).stdout
    magic, size, _maxval, pixels = out.split(b"\n", 3)
    width, height = map(int, size.split())
    return np.frombuffer(pixels, np.uint8).reshape(height, width, -1)


def pydicom_rgb(name: str) -> np.ndarray | None:
    try:
        ds = pydicom.dcmread(FIXTURES / name)
        ds.decompress("pillow")
        pixels = ds.pixel_array
    except Exception as error:
        print(f"  pydicom could not decode {name}: {error}", file=sys.stderr)
        return None
    if str(ds.PhotometricInterpretation).startswith("YBR"):
        pixels = convert_color_space(pixels, str(ds.PhotometricInterpretation), "RGB")
    return pixels if pixels.ndim == 3 else pixels[:, :, None]


def save(name: str, values: np.ndarray) -> None:
    np.save(FIXTURES / (name[:-4] + ".expected.npy"), np.ascontiguousarray(values.astype(np.float32)))


for name in JPEG:
    reference = djpeg(jpeg_stream(name))
    save(name, reference)
    other = pydicom_rgb(name)
    agreement = "pydicom could not read it" if other is None else f"pydicom + Pillow max |Δ| {np.abs(other.astype(int) - reference.astype(int)).max()}"
    print(f"{name}: djpeg {reference.shape}, {agreement}")
for name in PYDICOM_RGB:
    reference = pydicom_rgb(name)
    if reference is not None:
        save(name, reference)
        guess = djpeg(jpeg_stream(name))
        print(f"{name}: pydicom + Pillow {reference.shape}; djpeg's YCbCr guess differs by {np.abs(guess.astype(int) - reference.astype(int)).max()}")
for name in J2K:
    reference = pydicom_rgb(name)
    if reference is not None:
        save(name, reference)
        print(f"{name}: pydicom + Pillow (OpenJPEG) {reference.shape} {reference.min()}…{reference.max()}")
