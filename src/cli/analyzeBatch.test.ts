import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelArtifacts } from '../engine/node/modelFiles';
import { parseCsv } from '../io/labelsCsv';
import { decodeNpy } from '../io/npy';
import { isBatchInvocation, parseBatchArgs } from './batch/batchArgs';
import type { BatchSummary, SummaryRow } from './batch/summary';
import type { BatchOptions } from './commands/analyzeBatch';
import { analyzeBatch } from './commands/analyzeBatch';
import { mergeSummaries } from './commands/merge';
import { modelsDir, publicDir } from './projectPaths';
import { ifim } from './testing/runCli';

// The small bundled model (64² grey, softmax over absent/present) and its eight samples plus one
// file that is not an image: the batch must record it and carry on.
const MODEL = 'lumpy-ske-cnn';
const SAMPLES = ['absent-01', 'absent-02', 'absent-03', 'absent-04', 'present-01', 'present-02', 'present-03', 'present-04'].map((s) => `lumpy-ske-${s}.png`);
const BROKEN = 'broken.png';
const silent = { write: () => true, isTTY: false };

let dir: string;
let images: string;

function options(out: string, extra: Partial<BatchOptions> = {}): BatchOptions {
  return { model: MODEL, images, topK: 1, out, shard: { index: 0, count: 1 }, progress: 'none', ...extra };
}

const rowsByImage = (summary: BatchSummary): Map<string, SummaryRow> => new Map(summary.rows.map((r) => [r.image, r]));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ifim-batch-'));
  images = join(dir, 'images');
  await mkdir(join(images, 'present'), { recursive: true });
  // One image in a subfolder: ids are paths relative to the folder.
  for (const name of SAMPLES) await copyFile(join(publicDir, 'samples', 'lumpy-ske', name), join(images, name.includes('present-04') ? join('present', name) : name));
  await writeFile(join(images, BROKEN), 'these are not pixels');
});

describe('ifim analyze over a folder', () => {
  let summary: BatchSummary;
  let out: string;

  beforeAll(async () => {
    out = join(dir, 'folder-run');
    summary = (await analyzeBatch(options(out), silent)).summary;
  });

  it('writes one complete result folder per image and a row per image; the broken one is a failed row', async () => {
    expect(summary.rows.map((r) => r.image)).toEqual([BROKEN, ...SAMPLES.slice(0, 7), `present/${SAMPLES[7]}`]);
    expect(summary.counts).toEqual({ analysed: 8, resumed: 0, failed: 1 });
    const broken = summary.rows[0];
    expect(broken.status).toBe('failed');
    expect(broken.folder).toBeNull();
    expect(broken.message).toBe(`${join(images, BROKEN)} is not a PNG or JPEG image, nor BMP, WebP, GIF or DICOM`);
    const folders = (await readdir(join(out, 'results'))).sort();
    expect(folders).toEqual([...SAMPLES.slice(0, 7), `present__${SAMPLES[7]}`]);
    for (const folder of folders) {
      expect((await readdir(join(out, 'results', folder))).sort()).toEqual(['eigenvectors.npy', 'input.npy', 'jacobian.npy', 'result.json', 'x_high.npy', 'x_low.npy']);
    }
  });

  it('reports the probabilities plain TF.js predicts on the saved input, and λ₁ = p₀p₁‖∇z₀ − ∇z₁‖² from the saved Jacobian', async () => {
    const model = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(join(modelsDir, MODEL, 'model.json'))));
    try {
      for (const row of summary.rows.filter((r) => r.status === 'analysed')) {
        const folder = join(out, row.folder!);
        const x = decodeNpy(new Uint8Array(await readFile(join(folder, 'input.npy'))));
        const j = decodeNpy(new Uint8Array(await readFile(join(folder, 'jacobian.npy'))));
        const predicted = tf.tidy(() => model.predict(tf.tensor4d(x.data as Float32Array, [1, 64, 64, 1])) as tf.Tensor);
        const p = Array.from(await predicted.data());
        predicted.dispose();
        for (let c = 0; c < 2; c++) expect(Math.abs(row.probabilities[c] - p[c])).toBeLessThan(1e-5);
        expect(row.topClass).toBe(p[0] > p[1] ? 'absent' : 'present');
        const n = 64 * 64;
        let squared = 0;
        for (let i = 0; i < n; i++) squared += (j.data[i] - j.data[n + i]) ** 2;
        const lambda = row.probabilities[0] * row.probabilities[1] * squared;
        expect(Math.abs(row.eigenvalues[0] - lambda)).toBeLessThan(1e-4 * lambda);
        expect(row.rank).toBe(1);
        expect(row.timingsMs!.total).toBeGreaterThan(0);
      }
    } finally {
      model.dispose();
    }
  });

  it('summary.csv holds the same rows with the documented columns', async () => {
    const csv = parseCsv(await readFile(join(out, 'summary.csv'), 'utf8'));
    expect(csv[0]).toEqual([
      'position', 'image', 'label', 'status', 'folder', 'top_class', 'top_probability', 'p_absent', 'p_present', 'lambda_1', 'rank', 'trace_fisher',
      'ms_preprocess', 'ms_forward', 'ms_jacobian', 'ms_eigen', 'ms_projection', 'ms_total', 'warning_codes', 'message',
    ]);
    expect(csv).toHaveLength(10);
    const row = csv.find((r) => r[1] === SAMPLES[4])!;
    const json = rowsByImage(summary).get(SAMPLES[4])!;
    expect(row.slice(3, 6)).toEqual(['analysed', `results/${SAMPLES[4]}`, json.topClass]);
    expect(Number(row[7])).toBe(json.probabilities[0]);
    expect(Number(row[9])).toBe(json.eigenvalues[0]);
    expect(csv[1][3]).toBe('failed');
    expect(csv[1][19]).toMatch(/is not a PNG or JPEG image/);
  });

  it('leaves tf.memory().numTensors where it found it', async () => {
    const before = tf.memory().numTensors;
    await analyzeBatch(options(join(dir, 'tensor-count')), silent);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resume', () => {
  it('skips complete result folders, redoes a deleted, a damaged and an interrupted one, and retries failures', async () => {
    const out = join(dir, 'resume');
    await analyzeBatch(options(out), silent);
    const keptJson = join(out, 'results', SAMPLES[0], 'result.json');
    const keptTime = (await stat(keptJson)).mtimeMs;

    const second = await analyzeBatch(options(out), silent);
    expect(second.summary.counts).toEqual({ analysed: 0, resumed: 8, failed: 1 });
    expect((await stat(keptJson)).mtimeMs).toBe(keptTime);

    await rm(join(out, 'results', SAMPLES[2]), { recursive: true });
    await rm(join(out, 'results', SAMPLES[5], 'x_high.npy'));
    // What a run killed during SAMPLES[6] leaves: its partial folder, never a final one.
    await rm(join(out, 'results', SAMPLES[6]), { recursive: true });
    await mkdir(join(out, 'results', '.partial', SAMPLES[6]), { recursive: true });
    await writeFile(join(out, 'results', '.partial', SAMPLES[6], 'input.npy'), 'half');

    const third = await analyzeBatch(options(out), silent);
    expect(third.summary.counts).toEqual({ analysed: 3, resumed: 5, failed: 1 });
    const statuses = rowsByImage(third.summary);
    expect([SAMPLES[2], SAMPLES[5], SAMPLES[6]].map((s) => statuses.get(s)!.status)).toEqual(['analysed', 'analysed', 'analysed']);
    expect(statuses.get(SAMPLES[0])!.status).toBe('resumed');
    expect((await stat(keptJson)).mtimeMs).toBe(keptTime);
    expect(await readdir(join(out, 'results'))).not.toContain('.partial');
    // Resumed rows carry the numbers of the first run.
    const first = rowsByImage(second.summary);
    expect(statuses.get(SAMPLES[1])!.probabilities).toEqual(first.get(SAMPLES[1])!.probabilities);
  });

  it('refuses, before any work, to mix in results written with another --top-k', async () => {
    const out = join(dir, 'resume-k');
    await analyzeBatch(options(out), silent);
    const before = (await stat(join(out, 'summary.json'))).mtimeMs;
    await expect(analyzeBatch(options(out, { topK: 0 }), silent)).rejects.toThrow(/holds a result of model lumpy-ske-cnn with k = 1; this run uses lumpy-ske-cnn with k = 0: give another --out/);
    expect((await stat(join(out, 'summary.json'))).mtimeMs).toBe(before);
  });
});

describe('warnings about trusting a result', () => {
  it('the analysis warnings of result.json reach the summary: codes for filtering and the words, also when resumed', async () => {
    const folder = join(dir, 'mixed');
    await mkdir(folder, { recursive: true });
    // A colour histology tile given to the grayscale lumpy-background model.
    await copyFile(join(publicDir, 'samples', 'histo', 'histo-normal-01.png'), join(folder, 'histo.png'));
    await copyFile(join(publicDir, 'samples', 'lumpy-ske', SAMPLES[0]), join(folder, 'lumpy.png'));
    const out = join(dir, 'mixed-out');
    for (const expected of ['analysed', 'resumed']) {
      const { summary } = await analyzeBatch({ ...options(out), images: folder }, silent);
      const histo = rowsByImage(summary).get('histo.png')!;
      expect(histo.status).toBe(expected);
      expect(histo.warningCodes).toContain('colour-mismatch');
      expect(histo.message).toMatch(/colour-mismatch: This is a colour image, but the model was trained on grayscale images/);
      const saved = JSON.parse(await readFile(join(out, histo.folder!, 'result.json'), 'utf8'));
      expect(histo.warningCodes).toEqual(saved.warnings.map((w: { code: string }) => w.code));
    }
    const csv = parseCsv(await readFile(join(out, 'summary.csv'), 'utf8'));
    const column = csv[0].indexOf('warning_codes');
    expect(csv.find((r) => r[1] === 'histo.png')![column].split(';')).toContain('colour-mismatch');
  });
});

describe('an output folder that cannot be written', () => {
  it('stops the batch with one line instead of failing every image', async () => {
    const out = join(dir, 'blocked');
    await mkdir(out, { recursive: true });
    // A file where the results folder should be: every write under it fails alike.
    await writeFile(join(out, 'results'), 'in the way');
    await expect(analyzeBatch(options(out), silent)).rejects.toThrow(
      new RegExp(`^cannot write results under ${out} \\((ENOTDIR|EEXIST) at ${join(out, 'results')}[^)]*\\); 0 images were analysed before it; fix the folder and rerun \\(finished images are resumed\\)$`),
    );
  });
});

describe('single-image extensions in a batch', () => {
  it('--neighbourhood runs for every image; a resume that asks for another σ is refused, one that asks for less is not', async () => {
    const out = join(dir, 'extensions');
    const neighbourhood = { samples: 2, sigma: 0.05, seed: 3 };
    const first = await analyzeBatch(options(out, { extensions: { neighbourhood } }), silent);
    expect(first.summary.counts).toEqual({ analysed: 8, resumed: 0, failed: 1 });
    for (const row of first.summary.rows.filter((r) => r.status === 'analysed')) {
      const result = JSON.parse(await readFile(join(out, row.folder!, 'result.json'), 'utf8'));
      expect(result.neighbourhood).toMatchObject({ M: 2, sigma: 0.05, seed: 3 });
      expect(result.files.neighbourhoodEigenvectors).toBe('neighbourhood-eigenvectors.npy');
      await stat(join(out, row.folder!, 'neighbourhood-eigenvectors.npy'));
    }
    expect((await analyzeBatch(options(out), silent)).summary.counts).toEqual({ analysed: 0, resumed: 8, failed: 1 });
    await expect(analyzeBatch(options(out, { extensions: { neighbourhood: { ...neighbourhood, sigma: 0.1 } } }), silent)).rejects.toThrow(
      /holds a finished result with no neighbourhood result for M = 2, σ = 0.1, seed 3, which this run asks for: give another --out/,
    );
  });
});

describe('shards and ifim merge', () => {
  let shardOut: string;
  let whole: BatchSummary;
  const shardFile = (i: number) => join(shardOut, `summary-shard-${i}-of-3.json`);

  beforeAll(async () => {
    shardOut = join(dir, 'shards');
    for (let index = 0; index < 3; index++) await analyzeBatch(options(shardOut, { shard: { index, count: 3 } }), silent);
    whole = (await analyzeBatch(options(join(dir, 'unsharded')), silent)).summary;
  });

  it('splits the sorted list into disjoint shards whose union is every image, and merge joins them into the unsharded table', async () => {
    const shards = await Promise.all([0, 1, 2].map(async (i) => JSON.parse(await readFile(shardFile(i), 'utf8')) as BatchSummary));
    const images = shards.flatMap((s) => s.rows.map((r) => r.image));
    expect(new Set(images).size).toBe(images.length);
    expect([...images].sort()).toEqual(whole.rows.map((r) => r.image).sort());
    expect(shards.map((s) => s.rows.length)).toEqual([3, 3, 3]);
    for (const s of shards) expect(s.list.sha256).toBe(whole.list.sha256);
    const results = await readdir(join(shardOut, 'results'));
    expect(results.filter((name) => name.startsWith('.'))).toEqual([]);
    expect(results).toHaveLength(8);

    const { summary } = await mergeSummaries({ inputs: [shardOut] });
    expect(summary.mergedShards).toBe(3);
    expect(summary.counts).toEqual({ analysed: 8, resumed: 0, failed: 1 });
    expect(summary.rows.map((r) => r.image)).toEqual(whole.rows.map((r) => r.image));
    summary.rows.forEach((row, i) => {
      expect(row.status).toBe(whole.rows[i].status);
      expect(row.probabilities).toEqual(whole.rows[i].probabilities);
    });
    const csv = parseCsv(await readFile(join(shardOut, 'summary.csv'), 'utf8'));
    expect(csv.slice(1).map((r) => r[1])).toEqual(whole.rows.map((r) => r.image));
  });

  it('refuses a missing shard, a shard given twice, a shard of another run, a duplicated row and a missing row', async () => {
    await expect(mergeSummaries({ inputs: [shardFile(0), shardFile(2)], out: join(dir, 'm1') })).rejects.toThrow('ifim merge: shard 1 of 3 missing (not finished, or not given); run ifim analyze … --shard 1/3 and merge again');
    await expect(mergeSummaries({ inputs: [shardFile(0), shardFile(1), shardFile(1), shardFile(2)], out: join(dir, 'm2') })).rejects.toThrow(/shard 1\/3 is given twice/);

    const edited = async (i: number, edit: (s: BatchSummary & { rows: SummaryRow[]; k: number }) => void): Promise<string> => {
      const s = JSON.parse(await readFile(shardFile(i), 'utf8'));
      edit(s);
      const path = join(dir, `edited-${i}-${Math.random().toString(36).slice(2)}.json`);
      await writeFile(path, JSON.stringify(s));
      return path;
    };
    const otherK = await edited(1, (s) => (s.k = 3));
    await expect(mergeSummaries({ inputs: [shardFile(0), otherK, shardFile(2)], out: join(dir, 'm3') })).rejects.toThrow(/is not from the same run as .*: --top-k 1 against 3/);
    const twice = await edited(1, (s) => s.rows.push(s.rows[0]));
    await expect(mergeSummaries({ inputs: [shardFile(0), twice, shardFile(2)], out: join(dir, 'm4') })).rejects.toThrow(/has a row in .* and again in .*; each image must be summarised once/);
    const short = await edited(2, (s) => s.rows.pop());
    await expect(mergeSummaries({ inputs: [shardFile(0), shardFile(1), short], out: join(dir, 'm5') })).rejects.toThrow(/1 of 9 images have no row \(list positions 8, in shard 2\)/);
    await writeFile(join(dir, 'not-summary.json'), '{"rows": []}');
    await expect(mergeSummaries({ inputs: [join(dir, 'not-summary.json')] })).rejects.toThrow(/is not a batch summary/);
  });
});

describe('batch flags', () => {
  it('reads the batch flags with their defaults and refuses bad values', () => {
    expect(parseBatchArgs(['--model', MODEL, '--images', 'd'])).toEqual({
      model: MODEL, images: 'd', manifest: undefined, topK: 1, out: 'ifim-out', backend: undefined, shard: { index: 0, count: 1 }, progress: 'auto',
      extensions: { roi: undefined, neighbourhood: undefined, validityRadius: false },
    });
    expect(parseBatchArgs(['--model', MODEL, '--images', 'd', '--neighbourhood', '3', '--sigma', '0.5', '--validity-radius']).extensions).toEqual({ roi: undefined, neighbourhood: { samples: 3, sigma: 0.5, seed: 1 }, validityRadius: true });
    expect(parseBatchArgs(['--model', MODEL, '--manifest', 'm.csv', '--shard', '4/8', '--top-k', '3', '--progress', 'lines'])).toMatchObject({ manifest: 'm.csv', shard: { index: 4, count: 8 }, topK: 3, progress: 'lines' });
    expect(() => parseBatchArgs(['--model', MODEL, '--images', 'd', '--progress', 'loud'])).toThrow('ifim analyze: --progress must be auto, bar, lines, none, not "loud"');
    expect(() => parseBatchArgs(['--model', MODEL, '--images', 'd', '--top-k', 'x'])).toThrow(/--top-k must be a whole number/);
    expect(() => parseBatchArgs(['--images', 'd'])).toThrow(/--model is required/);
    expect(isBatchInvocation(['--model', 'm', '--image', 'x.png'])).toBe(false);
    expect(isBatchInvocation(['--model', 'm', '--manifest=x.csv'])).toBe(true);
  });

  it('names a missing manifest in one line', async () => {
    await expect(analyzeBatch({ ...options(join(dir, 'no-manifest')), images: undefined, manifest: join(dir, 'missing.csv') }, silent)).rejects.toThrow(`manifest ${join(dir, 'missing.csv')} not found`);
  });
});

describe('npx ifim analyze batch and merge (a separate process, as a user runs it)', () => {
  it('a folder with a broken image: the others succeed, one line per failure, exit status 4', async () => {
    const out = join(dir, 'cli-folder');
    const { code, stdout, stderr } = await ifim('analyze', '--model', MODEL, '--images', images, '--out', out);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      `ifim: ${join(images, BROKEN)} is not a PNG or JPEG image, nor BMP, WebP, GIF or DICOM`,
      `ifim: analyze: 1 of 9 images failed (8 analysed, 0 resumed); each has a row with the reason in ${join(out, 'summary.csv')}`,
    ]);
    expect((await readdir(join(out, 'results'))).length).toBe(8);
  });

  it('a CSV manifest with labels, sharded by --shard, then ifim merge on the folder', async () => {
    const manifest = join(dir, 'manifest.csv');
    await writeFile(manifest, ['file,label', ...SAMPLES.slice(0, 4).map((s) => `images/${s},absent`), `images/${SAMPLES[4]},present`].join('\n') + '\n');
    const out = join(dir, 'cli-manifest');
    for (const shard of ['0/2', '1/2']) {
      const run = await ifim('analyze', '--model', MODEL, '--manifest', manifest, '--out', out, '--shard', shard, '--top-k', '2');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^model lumpy-ske-cnn \\(softmax, 2 classes\\) on wasm\\n${shard === '0/2' ? 3 : 2} of 5 images, shard ${shard}: ${shard === '0/2' ? 3 : 2} analysed, 0 resumed, 0 failed in `));
    }
    const merged = await ifim('merge', out);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('merged 2 shards: 5 images, 5 analysed, 0 failed');
    const csv = parseCsv(await readFile(join(out, 'summary.csv'), 'utf8'));
    expect(csv[0].slice(9, 11)).toEqual(['lambda_1', 'lambda_2']);
    expect(csv.slice(1).map((r) => [r[1], r[2]])).toEqual([...SAMPLES.slice(0, 4).map((s) => [`images/${s}`, 'absent']), [`images/${SAMPLES[4]}`, 'present']]);
  });

  it.each([
    [['--images', 'IMAGES', '--shard', '2/2'], /^ifim: --shard 2\/2: i is 0-based and must be below n \(0 … 1\)/],
    [['--images', 'IMAGES', '--image', 'x.png'], /give --image <file> for one image, or --images <folder> \/ --manifest <csv> for a batch, not both/],
  ])('%j: one line, non-zero exit', async (args, message) => {
    const { code, stderr } = await ifim('analyze', '--model', MODEL, ...args.map((a) => (a === 'IMAGES' ? images : a)), '--out', join(dir, 'cli-errors'));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
