/**
 * The figures of docs/method.md's "Beyond the point iFIM" sections, measured on the bundled demo
 * models and samples (ground-truth masks from the samples' sidecars): `npx tsx scripts/beyond-paper-figures.ts`.
 * Prints Markdown tables. Deterministic (seeded noise and regions; wasm backend as the CLI).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UnitImage } from '../src/core';
import { toModelInput } from '../src/core';
import { neighbourhoodPoint } from '../src/core/neighbourhoodFisher';
import { seededRng } from '../src/core/perturbation/seededRng';
import { principalAngles } from '../src/core/principalAngles';
import { roiFisherAnalysis } from '../src/core/roiFisher';
import { analyzeImage } from '../src/engine/analyzeImage';
import { modeValidityRadii } from '../src/engine/klAlongDirection';
import { neighbourhoodFisher } from '../src/engine/neighbourhoodJacobians';
import { decodeImageFile, toDisplayImage } from '../src/io/decodeImage';
import type { LoadedModel } from '../src/cli/modelSource';
import { loadModel } from '../src/cli/modelSource';
import { startNodeEngine } from '../src/cli/nodeEngine';
import { decodeMaskRle } from '../src/tasks/imageOps';
import type { MaskRle } from '../src/tasks/imageOps';

const SAMPLES = join(import.meta.dirname, '..', 'public', 'samples');

async function sample(task: string, name: string): Promise<{ image: UnitImage; mask: Uint8Array }> {
  const image = toDisplayImage(await decodeImageFile(new Uint8Array(await readFile(join(SAMPLES, task, `${name}.png`))), name));
  const sidecar = JSON.parse(await readFile(join(SAMPLES, task, `${name}.json`), 'utf8')) as { maskRle: MaskRle };
  return { image, mask: decodeMaskRle(sidecar.maskRle) };
}

function modelInput(loaded: LoadedModel, image: UnitImage): Float32Array {
  const [height, width, channels] = loaded.classifier.info.inputShape;
  const pre = loaded.metadata!.preprocessing;
  return toModelInput(image, { height, width, channels: channels as 1 | 3, mean: pre.mean, std: pre.std, resize: pre.resize });
}

/** The mask translated by a seeded random shift that keeps it inside the image and off the original. */
function shiftedMask(mask: Uint8Array, size: number, rng: { uniform(): number }): Uint8Array {
  let minR = size, maxR = -1, minC = size, maxC = -1;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    const r = Math.floor(k / size), c = k % size;
    minR = Math.min(minR, r); maxR = Math.max(maxR, r); minC = Math.min(minC, c); maxC = Math.max(maxC, c);
  }
  for (;;) {
    const dr = Math.floor(rng.uniform() * (size - (maxR - minR))) - minR;
    const dc = Math.floor(rng.uniform() * (size - (maxC - minC))) - minC;
    if (Math.abs(dr) <= maxR - minR && Math.abs(dc) <= maxC - minC) continue; // overlaps the lesion
    const out = new Uint8Array(mask.length);
    for (let k = 0; k < mask.length; k++) if (mask[k]) out[(Math.floor(k / size) + dr) * size + (k % size) + dc] = 1;
    return out;
  }
}

const fmt = (v: number, d = 3) => v.toPrecision(d);
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));

await startNodeEngine('wasm');
const clb = await loadModel('clb-loc-cnn');
const lumpy = await loadModel('lumpy-ske-cnn');

console.log('## ROI trace share: clb-loc-cnn, lesion disc vs 20 random translates of the same disc\n');
console.log('| sample | p(true class) | lesion px | lesion share of tr F | random regions: mean ± sd (max) | ‖P_M v₁‖² lesion | λ₁(F_M)/λ₁(F) |');
console.log('|---|---|---|---|---|---|---|');
const lesionShares: number[] = [];
const randomShares: number[] = [];
for (const quadrant of ['top-left', 'top-right', 'bottom-left', 'bottom-right']) {
  for (const k of ['01', '02']) {
    const name = `clb-loc-${quadrant}-${k}`;
    const { image, mask } = await sample('clb-loc', name);
    const x = modelInput(clb, image);
    const analysis = await analyzeImage(clb.classifier, x);
    const args = { jacobian: { classes: 5, inputSize: x.length, rows: analysis.jacobian }, logits: analysis.logits, head: 'softmax' as const, full: analysis.eigen };
    const lesion = roiFisherAnalysis({ ...args, mask });
    const rng = seededRng(1000 + lesionShares.length);
    const shares = Array.from({ length: 20 }, () => roiFisherAnalysis({ ...args, mask: shiftedMask(mask, 64, rng) }).traceShare);
    lesionShares.push(lesion.traceShare);
    randomShares.push(...shares);
    const label = ['absent', 'top-left', 'top-right', 'bottom-left', 'bottom-right'].indexOf(quadrant);
    console.log(`| ${name} | ${fmt(analysis.eigen.probabilities[label])} | ${lesion.insideCount} | ${fmt(lesion.traceShare)} | ${fmt(mean(shares))} ± ${fmt(sd(shares), 2)} (${fmt(Math.max(...shares))}) | ${fmt(lesion.energyInRoi[0])} | ${fmt(lesion.eigen.eigenvalues[0] / analysis.eigen.eigenvalues[0])} |`);
  }
}
console.log(`\nall 8: lesion ${fmt(mean(lesionShares))} ± ${fmt(sd(lesionShares), 2)}, random ${fmt(mean(randomShares))} ± ${fmt(sd(randomShares), 2)} (160 regions)\n`);

console.log('## Neighbourhood spectrum: lumpy-ske-cnn (binary softmax), M = 16, seed 1\n');
console.log('| sample | point rank | σ (model space) | σ (display units) | rank of F̄ | λ̄₁ … λ̄₅ | λ̄₂/λ̄₁ | λ₁(x) |');
console.log('|---|---|---|---|---|---|---|---|');
const lumpyStd = lumpy.metadata!.preprocessing.std[0];
for (const name of ['lumpy-ske-present-01', 'lumpy-ske-absent-01']) {
  const { image } = await sample('lumpy-ske', name);
  const x = modelInput(lumpy, image);
  const point = await analyzeImage(lumpy.classifier, x);
  for (const sigma of [0.05, 0.2, 1]) {
    const nb = await neighbourhoodFisher(lumpy.classifier, x, { samples: 16, sigma, seed: 1 });
    console.log(`| ${name} | ${point.eigen.rank} | ${sigma} | ${fmt(sigma * lumpyStd, 2)} | ${nb.rank} | ${Array.from(nb.eigenvalues.slice(0, 5), (v) => v.toExponential(2)).join(', ')} | ${fmt(nb.eigenvalues[1] / nb.eigenvalues[0])} | ${point.eigen.eigenvalues[0].toExponential(2)} |`);
  }
}

console.log('\n## Validity radius (KL within 20% of ½ε²λ, both signs), model-space L2 norm\n');
console.log('| model | sample | ‖x‖ | λ | radius ε* | status | ε* in display units (× std) |');
console.log('|---|---|---|---|---|---|---|');
for (const [loaded, task, names] of [
  [clb, 'clb-loc', ['clb-loc-top-left-01', 'clb-loc-absent-01']],
  [lumpy, 'lumpy-ske', ['lumpy-ske-present-01', 'lumpy-ske-absent-01']],
] as const) {
  for (const name of names) {
    const { image } = await sample(task, name);
    const x = modelInput(loaded, image);
    const analysis = await analyzeImage(loaded.classifier, x);
    const radii = await modeValidityRadii(loaded.classifier, x, analysis.logits, analysis.eigen, analysis.eigen.modeCount);
    const norm = Math.hypot(...x);
    radii.forEach((r, i) =>
      console.log(`| ${loaded.classifier.info.id} | ${name} mode ${i + 1} | ${fmt(norm)} | ${analysis.eigen.eigenvalues[i].toExponential(2)} | ${r.radius === null ? '—' : fmt(r.radius)} | ${r.status} | ${r.radius === null ? '—' : fmt(r.radius * loaded.metadata!.preprocessing.std[0])} |`),
    );
  }
}

console.log('\n## Principal angles under added noise: clb-loc-cnn on clb-loc-top-left-01, 3 seeds, mean (min–max) in degrees\n');
console.log('| noise σ (display units) | σ (model space) | ‖x_A − x_B‖ | k = 1 | k = 2: largest | k = 4: smallest, largest |');
console.log('|---|---|---|---|---|---|');
const clbStd = clb.metadata!.preprocessing.std[0];
{
  const { image } = await sample('clb-loc', 'clb-loc-top-left-01');
  const x = modelInput(clb, image);
  const a = await analyzeImage(clb.classifier, x);
  const n = x.length;
  for (const sigmaDisplay of [0.002, 0.005, 0.01, 0.02, 0.05]) {
    const sigma = sigmaDisplay / clbStd;
    const rows: number[][] = [];
    let dist = 0;
    for (const seed of [1, 2, 3]) {
      const xb = neighbourhoodPoint(x, sigma, seed, 0);
      dist += Math.hypot(...xb.map((v, i) => v - x[i])) / 3;
      const b = await analyzeImage(clb.classifier, xb);
      const v = (k: number) => principalAngles(a.eigen.imageEigenvectors, k, b.eigen.imageEigenvectors, k, n).degrees;
      rows.push([v(1)[0], v(2)[1], v(4)[0], v(4)[3]]);
    }
    const col = (j: number) => `${fmt(mean(rows.map((r) => r[j])))} (${fmt(Math.min(...rows.map((r) => r[j])))}–${fmt(Math.max(...rows.map((r) => r[j])))})`;
    console.log(`| ${sigmaDisplay} | ${fmt(sigma)} | ${fmt(dist)} | ${col(0)} | ${col(1)} | ${col(2)}, ${col(3)} |`);
  }
}
clb.classifier.dispose();
lumpy.classifier.dispose();
