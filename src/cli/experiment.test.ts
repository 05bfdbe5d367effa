import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../io/npy';
import { parseCsv } from './commands/labelledImages';
import { projectRoot } from './projectPaths';
import { ifim } from './testing/runCli';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-experiment-'));
});

const FAMILIES = ['leading', 'complement', 'isotropic', 'removal-leading', 'removal-random'];

describe('npx ifim experiment', () => {
  it('writes perturbation.csv and dataset.csv with exactly the documented columns and no NaN, slopes.json and the figures', async () => {
    const out = join(dir, 'experiment');
    const { code, stderr, stdout } = await ifim('experiment', '--model', 'lumpy-ske-cnn', '--task', 'lumpy-ske', '--n', '4', '--draws', '2', '--epsilons', '0.001,0.01,0.1,1', '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/small-ε log–log slopes of KL: leading 2\.0/);

    const perturbation = parseCsv(await readFile(join(out, 'perturbation.csv'), 'utf8'));
    expect(perturbation[0]).toEqual(['family', 'epsilon', 'draw', 'image', 'delta_p', 'kl', 'flipped']);
    // 4 images × (3 ε families × 4 ε × 2 draws + 1 removal-leading + 2 removal-random).
    expect(perturbation.length - 1).toBe(4 * (3 * 4 * 2 + 1 + 2));
    for (const row of perturbation.slice(1)) {
      expect(row).toHaveLength(7);
      expect(FAMILIES).toContain(row[0]);
      for (const v of row.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
      expect(['0', '1']).toContain(row[6]);
    }
    expect(new Set(perturbation.slice(1).map((r) => r[3]))).toEqual(new Set(['0', '1', '2', '3']));

    const dataset = parseCsv(await readFile(join(out, 'dataset.csv'), 'utf8'));
    expect(dataset[0]).toEqual(['family', 'epsilon', 'accuracy', 'auc']);
    expect(dataset.length - 1).toBe(3 + 3 * 4 + 2);
    for (const row of dataset.slice(1)) {
      expect(FAMILIES).toContain(row[0]);
      for (const v of row.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
    }

    const slopes = JSON.parse(await readFile(join(out, 'slopes.json'), 'utf8'));
    expect(slopes.slopes.leading.pooled.status).toBe('ok');
    expect(Math.abs(slopes.slopes.leading.pooled.slope - 2)).toBeLessThan(0.05);
    expect(slopes.epsilons).toEqual([0.001, 0.01, 0.1, 1]);
    const files = await readdir(out);
    for (const svg of ['kl.svg', 'delta-p.svg', 'flip-rate.svg', 'accuracy.svg', 'auc.svg']) {
      expect(files).toContain(svg);
      expect(await readFile(join(out, svg), 'utf8')).toMatch(/^<svg [^]*<\/svg>\n$/);
    }
  });

  it('reads a folder of images with a labels CSV (class names or indices)', async () => {
    const labels = join(dir, 'labels.csv');
    await writeFile(labels, 'file,label\nlumpy-ske-absent-01.png,absent\nlumpy-ske-present-01.png,1\n"lumpy-ske-present-02.png",present\n');
    const out = join(dir, 'folder');
    const { code, stderr } = await ifim('experiment', '--model', 'lumpy-ske-cnn', '--data', join(projectRoot, 'public', 'samples', 'lumpy-ske'), '--labels', labels, '--draws', '1', '--epsilons', '0.01,1', '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const images = parseCsv(await readFile(join(out, 'images.csv'), 'utf8'));
    expect(images.slice(1).map((r) => r[1])).toEqual(['lumpy-ske-absent-01.png', 'lumpy-ske-present-01.png', 'lumpy-ske-present-02.png']);
    const dataset = parseCsv(await readFile(join(out, 'dataset.csv'), 'utf8'));
    for (const row of dataset.slice(1)) for (const v of row.slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
  });

  it.each([
    [['experiment', '--model', 'lumpy-ske-cnn', '--task', 'lumpy-ske'], /--task needs --n/],
    [['experiment', '--model', 'lumpy-ske-cnn', '--task', 'lumpy-ske', '--n', '2', '--data', 'x', '--labels', 'y.csv'], /either --task/],
    [['experiment', '--model', 'lumpy-ske-cnn', '--task', 'chest', '--n', '2'], /task chest has 3 sigmoid classes/],
    [['attribute', '--model', 'lumpy-ske-cnn', '--image', 'x.png', '--method', 'lime'], /--method must be one of/],
  ])('%j fails with one line', async (args, message) => {
    const { code, stderr } = await ifim(...args);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe('npx ifim attribute', () => {
  const image = join(projectRoot, 'test-fixtures', 'images', 'gray16.png');

  it('writes every map as (H, W) NPY and 16-bit PNG, with the deletion/insertion table', async () => {
    const out = join(dir, 'attribute');
    const { code, stderr } = await ifim('attribute', '--model', 'lumpy-ske-cnn', '--image', image, '--method', 'all', '--evaluate', '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const stem of ['saliency', 'smoothgrad', 'integrated-gradients-black', 'integrated-gradients-blur', 'gradcam', 'occlusion', 'ifim', 'ifim-xhigh']) {
      const npy = decodeNpy(new Uint8Array(await readFile(join(out, `${stem}.npy`))));
      expect(npy.shape).toEqual([64, 64]);
      expect(npy.data.every(Number.isFinite)).toBe(true);
      const png = decode(await readFile(join(out, `${stem}.png`)));
      expect([png.width, png.height, png.depth, png.channels]).toEqual([64, 64, 16, 1]);
    }
    const ig = JSON.parse(await readFile(join(out, 'integrated-gradients-blur.json'), 'utf8'));
    expect(ig.details.completenessGap).toBeLessThan(0.01);
    const table = parseCsv(await readFile(join(out, 'deletion-insertion.csv'), 'utf8'));
    expect(table[0]).toEqual(['map', 'deletion_area', 'insertion_area']);
    expect(table.map((r) => r[0]).slice(1)).toEqual([
      'saliency', 'smoothgrad', 'integrated-gradients (black)', 'integrated-gradients (blur)', 'gradcam', 'occlusion', 'ifim |v_1|', 'ifim |x_high(1)|', 'random',
    ]);
  });

  it('--sanity writes the cascading-randomisation table', async () => {
    const out = join(dir, 'sanity');
    const { code } = await ifim('attribute', '--model', 'lumpy-ske-cnn', '--image', image, '--method', 'saliency', '--sanity', '--out', out);
    expect(code).toBe(0);
    const rows = parseCsv(await readFile(join(out, 'sanity.csv'), 'utf8'));
    expect(rows[0]).toEqual(['stage', 'layer', 'map', 'spearman', 'ssim']);
    expect(rows).toHaveLength(1 + 5);
    for (const row of rows.slice(1)) expect(Math.abs(Number(row[3]))).toBeLessThanOrEqual(1);
  });
});
