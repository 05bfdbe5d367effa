import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { encode } from 'fast-png';
import { toModelInput } from '../../core';
import type { AttributionMap, AttributionSpec, IgBaseline } from '../../engine/attribution';
import { DEFAULT_COMPARISON_SPECS, cascadingRandomization, computeAttribution, deletionInsertionTable, isAttributionMethod, resolveTarget } from '../../engine/attribution';
import { decodeImageFile, toDisplayImage } from '../../io/decodeImage';
import { encodeNpyFloat32 } from '../../io/npy';
import { CliError } from '../cliError';
import { startNodeEngine } from '../nodeEngine';
import { readInputFile } from '../readInputFile';
import { loadModelWithArtifacts } from './modelWithArtifacts';

export interface AttributeOptions {
  readonly model: string;
  readonly image: string;
  /** A method id, or `all` for every map of the comparison table. */
  readonly method: string;
  readonly out: string;
  readonly target?: number;
  readonly baseline?: string;
  readonly layer?: string;
  readonly patch?: number;
  readonly stride?: number;
  readonly k?: number;
  /** Also write deletion-insertion.csv (Petsiuk et al. 2018) for the map(s). */
  readonly evaluate?: boolean;
  /** Also write sanity.csv: cascading randomisation (Adebayo et al. 2018). */
  readonly sanity?: boolean;
  readonly backend?: string;
}

/** File name of a map: the label without spaces and bars ("integrated-gradients-blur", "ifim-xhigh"). */
export function mapFileStem(spec: AttributionSpec): string {
  if (spec.method === 'integrated-gradients') return `integrated-gradients-${spec.baseline ?? 'black'}`;
  return spec.method;
}

/**
 * `ifim attribute`: one attribution map (or all of them) for one image, as NPY (H, W) float32 and a
 * 16-bit grey PNG (unsigned maps: 0 … max → black … white; signed maps: mid-grey is 0), with the
 * method's facts in <stem>.json; optionally the deletion/insertion table and the randomisation check.
 */
export async function attributeCommand(options: AttributeOptions): Promise<string> {
  const specs = specsFrom(options);
  const backend = await startNodeEngine(options.backend);
  const { classifier, metadata, artifacts } = await loadModelWithArtifacts(options.model);
  try {
    let image;
    try {
      image = toDisplayImage(await decodeImageFile(await readInputFile(options.image, 'image'), options.image));
    } catch (error) {
      throw error instanceof CliError ? error : new CliError((error as Error).message);
    }
    const { height, width, channels } = metadata.input;
    const p = metadata.preprocessing;
    const x = toModelInput(image, { height, width, channels, mean: p.mean, std: p.std, resize: p.resize });
    if (options.target !== undefined && (options.target < 0 || options.target >= classifier.info.classes.length)) {
      throw new CliError(`--target must be a class index 0…${classifier.info.classes.length - 1}`);
    }
    const context = { artifacts, normalization: { mean: p.mean, std: p.std }, target: options.target };
    const out = resolve(options.out);
    await mkdir(out, { recursive: true });
    const maps: AttributionMap[] = [];
    const lines: string[] = [];
    for (const spec of specs) {
      const started = performance.now();
      let map: AttributionMap;
      try {
        map = await computeAttribution(classifier, x, spec, context);
      } catch (error) {
        throw new CliError(`${spec.method}: ${(error as Error).message}`);
      }
      const ms = performance.now() - started;
      maps.push(map);
      const stem = mapFileStem(spec);
      await Promise.all([
        writeFile(join(out, `${stem}.npy`), encodeNpyFloat32(map.values, [map.height, map.width])),
        writeFile(join(out, `${stem}.png`), mapPng(map)),
        writeFile(join(out, `${stem}.json`), JSON.stringify({ method: map.method, label: map.label, target: map.target, targetName: map.target === null ? null : classifier.info.classes[map.target], signed: map.signed, height: map.height, width: map.width, details: map.details, milliseconds: Math.round(ms) }, null, 2) + '\n'),
      ]);
      const gap = typeof map.details.completenessGap === 'number' ? `, completeness gap ${(100 * map.details.completenessGap).toFixed(3)} % at ${map.details.steps} steps` : '';
      lines.push(`${map.label}: ${stem}.npy, ${stem}.png (${ms.toFixed(0)} ms${gap})`);
    }
    if (options.evaluate) {
      // The class the curves track: the one explained (the iFIM maps have none: the predicted class).
      const { target } = await resolveTarget(classifier, x, options.target);
      const rows = await deletionInsertionTable(classifier, x, maps, { target, normalization: context.normalization });
      const csv = ['map,deletion_area,insertion_area', ...rows.map((r) => `${r.label},${r.deletionArea},${r.insertionArea}`)].join('\n') + '\n';
      await writeFile(join(out, 'deletion-insertion.csv'), csv);
      lines.push('deletion-insertion.csv (deletion: lower is better; insertion: higher is better)');
      for (const r of rows) lines.push(`  ${r.label.padEnd(30)} deletion ${r.deletionArea.toFixed(3)}  insertion ${r.insertionArea.toFixed(3)}`);
    }
    if (options.sanity) {
      const result = await cascadingRandomization(classifier, x, specs, { artifacts, metadata, context });
      const csv = ['stage,layer,map,spearman,ssim', ...result.rows.map((r) => `${r.stage},${r.layer},${r.label},${r.spearman},${r.ssim}`)].join('\n') + '\n';
      await writeFile(join(out, 'sanity.csv'), csv);
      lines.push(`sanity.csv: ${result.stages.length} randomisation stages × ${specs.length} maps`);
    }
    return [`model ${classifier.info.id} on ${backend.name}; wrote to ${out}:`, ...lines].join('\n');
  } finally {
    classifier.dispose();
  }
}

function specsFrom(options: AttributeOptions): AttributionSpec[] {
  const baseline = options.baseline;
  if (baseline !== undefined && baseline !== 'black' && baseline !== 'blur') throw new CliError(`--baseline must be black or blur, not "${baseline}"`);
  const extra = { layer: options.layer, patchSize: options.patch, stride: options.stride };
  if (options.method === 'all') {
    return DEFAULT_COMPARISON_SPECS.map((s) => ({ ...s, ...extra, ...(s.method === 'ifim-xhigh' && options.k !== undefined ? { k: options.k } : {}) }));
  }
  if (!isAttributionMethod(options.method)) {
    throw new CliError(`--method must be one of saliency, smoothgrad, integrated-gradients, gradcam, occlusion, ifim, ifim-xhigh, all; not "${options.method}"`);
  }
  return [{ method: options.method, baseline: baseline as IgBaseline | undefined, k: options.k, ...extra }];
}

/** 16-bit grey PNG: unsigned maps scaled by their maximum; signed maps around mid-grey by max |v|. */
export function mapPng(map: AttributionMap): Uint8Array {
  let limit = 0;
  for (const v of map.values) limit = Math.max(limit, Math.abs(v));
  const data = new Uint16Array(map.values.length);
  for (let i = 0; i < data.length; i++) {
    const t = limit > 0 ? map.values[i] / limit : 0;
    const unit = map.signed ? 0.5 + 0.5 * t : Math.max(t, 0);
    data[i] = Math.round(65535 * Math.min(Math.max(unit, 0), 1));
  }
  return encode({ width: map.width, height: map.height, data, depth: 16, channels: 1 });
}
