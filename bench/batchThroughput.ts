// Benchmark: `ifim analyze --images` throughput, in images per hour per core.
// npx tsx bench/batchThroughput.ts [--model lumpy-ske-cnn] [--n 200] [--backend wasm|cpu] [--top-k 1]
//
// Copies the model's task samples (public/samples) into a temporary folder until it holds n
// images, runs the batch in this process (as the CLI does, model loaded once, every file
// written), then reruns it to time a resume that skips everything. "Per core": images divided
// by the CPU time the process used (user + system), which is what a one-core Slurm task or
// Kubernetes pod is billed; the wall-clock rate is printed beside it.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeBatch } from '../src/cli/commands/analyzeBatch';
import { modelsDir, publicDir, samplesIndexPath } from '../src/cli/projectPaths';

const { values } = parseArgs({
  options: { model: { type: 'string', default: 'lumpy-ske-cnn' }, n: { type: 'string', default: '200' }, backend: { type: 'string', default: 'wasm' }, 'top-k': { type: 'string', default: '1' } },
});
const n = Number(values.n);
const model = values.model!;

const metadata = JSON.parse(await readFile(join(modelsDir, model, 'metadata.json'), 'utf8')) as { task?: { id: string } };
const samples = (JSON.parse(await readFile(samplesIndexPath, 'utf8')) as Array<{ task: string; path: string }>).filter(
  (s) => s.task === metadata.task?.id && !s.path.endsWith('.dcm'),
);
if (samples.length === 0) throw new Error(`no samples of task ${metadata.task?.id} for ${model}`);

const dir = await mkdtemp(join(tmpdir(), 'ifim-batch-bench-'));
const images = join(dir, 'images');
await mkdir(images);
for (let i = 0; i < n; i++) {
  const sample = samples[i % samples.length];
  await copyFile(join(publicDir, sample.path), join(images, `${String(i).padStart(6, '0')}-${sample.path.split('/').pop()}`));
}

const options = { model, images, topK: Number(values['top-k']), out: join(dir, 'out'), shard: { index: 0, count: 1 }, backend: values.backend, progress: 'none' as const };
const silent = { write: () => true, isTTY: false };

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { summary } = await analyzeBatch(options, silent);
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;

const t1 = performance.now();
const resumed = await analyzeBatch(options, silent);
const resumeS = (performance.now() - t1) / 1000;

const analysed = summary.counts.analysed;
const totals = summary.rows.flatMap((r) => (r.timingsMs ? [r.timingsMs.total] : [])).sort((a, b) => a - b);
const medianAnalysisMs = totals[Math.floor(totals.length / 2)];
const [h, w, c] = summary.model.inputShape;
console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
console.log(`${model} ${h}×${w}×${c} C=${summary.model.classes.length} on ${summary.backend}: ${analysed} images analysed (failed ${summary.counts.failed})`);
console.log(`  wall ${wallS.toFixed(1)} s, CPU ${cpuS.toFixed(1)} s (CPU/wall ${(cpuS / wallS).toFixed(2)})`);
console.log(`  ${((3600 * analysed) / cpuS).toFixed(0)} images per CPU-hour (per core); ${((3600 * analysed) / wallS).toFixed(0)} images per wall-clock hour`);
console.log(`  per image: analysis (result.json timingsMs.total) median ${medianAnalysisMs.toFixed(1)} ms; whole loop ${((1000 * wallS) / analysed).toFixed(1)} ms (decode, write 5 .npy + result.json, rename)`);
console.log(`  resume of the finished batch: ${resumed.summary.counts.resumed} skipped in ${resumeS.toFixed(2)} s`);
await rm(dir, { recursive: true, force: true });
