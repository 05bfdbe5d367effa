import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../io/dicom/testing/fixtureFiles';
import { ctHounsfield, smoothGray } from '../io/dicom/testing/fixturePixels';
import { headerFields, withField } from '../io/fuzz/headerFields';
import { projectRoot } from './projectPaths';
import { ifim } from './testing/runCli';

const fixture = (name: string): string => join(projectRoot, 'test-fixtures', 'images', name);

const FIELDS = ['width', 'height', 'frames', 'channels', 'bitsAllocated', 'photometricInterpretation', 'transferSyntaxUid', 'storedMin', 'storedMax', 'rescaledMin', 'rescaledMax', 'windowCenter', 'windowWidth', 'warnings'];

describe('npx ifim inspect --json', () => {
  it('prints exactly the documented fields for a DICOM file (JPEG-LS, signed CT in HU)', async () => {
    const { code, stdout, stderr } = await ifim('inspect', '--image', fixture('ct-jpeg-ls.dcm'), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(FIELDS);
    const hu = ctHounsfield();
    expect(result).toEqual({
      width: 61, height: 45, frames: 1, channels: 1, bitsAllocated: 16, photometricInterpretation: 'MONOCHROME2',
      transferSyntaxUid: '1.2.840.10008.1.2.4.80', storedMin: Math.min(...hu) - 1024, storedMax: Math.max(...hu) - 1024,
      rescaledMin: Math.min(...hu), rescaledMax: Math.max(...hu), windowCenter: 40, windowWidth: 400, warnings: [],
    });
  });

  it('takes min and max over all frames of a multi-frame file', async () => {
    const result = JSON.parse((await ifim('inspect', '--image', fixture('multiframe-jpeg-ls.dcm'), '--json')).stdout);
    const all = [0, 1, 2].flatMap((f) => Array.from(smoothGray(16, f)));
    expect(result).toMatchObject({ frames: 3, storedMin: Math.min(...all), storedMax: Math.max(...all), rescaledMin: Math.min(...all) * 0.5 - 100, windowCenter: 16000 });
  });

  it('gives null for the DICOM-only fields of a raster', async () => {
    const result = JSON.parse((await ifim('inspect', '--image', fixture('gray16.png'), '--json')).stdout);
    const gray = smoothGray(16);
    expect(result).toEqual({
      width: 61, height: 45, frames: 1, channels: 1, bitsAllocated: 16, photometricInterpretation: null, transferSyntaxUid: null,
      storedMin: Math.min(...gray), storedMax: Math.max(...gray), rescaledMin: null, rescaledMax: null, windowCenter: null, windowWidth: null, warnings: [],
    });
  });

  it.each([
    ['sr-basic-text.dcm', 'no-pixel-data'],
    ['mpeg2-unsupported.dcm', 'unsupported-transfer-syntax'],
    ['missing.dcm', 'not-found'],
  ])('%s: {"error": {code: %s, message}} on stdout and exit status 2', async (file, errorCode) => {
    const { code, stdout } = await ifim('inspect', '--image', fixture(file), '--json');
    expect(code).toBe(2);
    const { error } = JSON.parse(stdout);
    expect(Object.keys(error)).toEqual(['code', 'message']);
    expect(error.code).toBe(errorCode);
    expect(error.message).toContain(file);
  });
});

describe('npx ifim inspect: warnings', () => {
  it('prints a header that contradicts the pixel data, in JSON and in plain text', async () => {
    const bytes = readFixture('multiframe-explicit-le.dcm');
    const field = headerFields(bytes).find((f) => f.name === 'NumberOfFrames')!;
    const dir = await mkdtemp(join(tmpdir(), 'ifim-inspect-'));
    const path = join(dir, 'frames0.dcm');
    await writeFile(path, withField(bytes, field, 0)!);
    const json = JSON.parse((await ifim('inspect', '--image', path, '--json')).stdout);
    expect(json.frames).toBe(3);
    expect(json.warnings).toEqual([{ code: 'frames-inferred', message: expect.stringMatching(/Number of Frames says 0, but the pixel data holds 3 frames/) }]);
    const plain = await ifim('inspect', '--image', path);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^warning +Number of Frames says 0, but the pixel data holds 3 frames of 61×45: all 3 are shown$/m);
  });

  it('gives a decoder\'s own words only with --verbose', async () => {
    const plain = await ifim('inspect', '--image', fixture('corrupt-jpeg-ls.dcm'));
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    const verbose = await ifim('inspect', '--image', fixture('corrupt-jpeg-ls.dcm'), '--verbose');
    const lines = verbose.stderr.trim().split('\n');
    expect(lines[0]).toBe(plain.stderr.trim());
    expect(lines[1]).toMatch(/^ifim: details: /);
  });
});

describe('npx ifim inspect (plain)', () => {
  it('describes the file without any identifying attribute', async () => {
    const { code, stdout } = await ifim('inspect', '--image', fixture('ct-implicit-le.dcm'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Implicit VR Little Endian/);
    expect(stdout).toMatch(/40\/400 SOFT TISSUE, -600\/1500 LUNG/);
    expect(stdout).not.toMatch(/Müller|FIXTURE-0001|19700101|Nowhere|1\.2\.826\.0\.1\.3680043\.10\.1\.1/);
  });

  it('prints one line and exits 2 for a file it cannot read', async () => {
    const { code, stdout, stderr } = await ifim('inspect', '--image', fixture('truncated.dcm'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ifim: .*truncated\.dcm: .*truncated/);
  });
});
