// Benchmark: one analysis per TF.js backend in the real app, in headless Chromium.
// npx tsx bench/browserBackends.ts [--model lumpy-ske-cnn] [--sample lumpy-ske-present-01] [--repeats 5]
// Prints the engine's timings (median over repeats, after one warm-up analysis) for each backend.
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import config from '../playwright.config';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'lumpy-ske-cnn' },
    sample: { type: 'string', default: 'lumpy-ske-present-01' },
    repeats: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'wasm,webgl,webgpu,cpu' },
  },
});

const server = await createServer({ server: { port: 5199, strictPort: false }, logLevel: 'error' });
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/';
const browser = await chromium.launch({ ...config.use?.launchOptions, headless: false });
type Timings = Record<string, number>;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const backend of values.backends!.split(',')) {
    const page = await browser.newPage();
    await page.goto(`${base}?model=${values.model}&sample=${values.sample}&backend=${backend}`);
    const wait = () =>
      page.waitForFunction(() => ['done', 'error'].includes((window as unknown as { ifim?: { state(): { status: string } } }).ifim?.state().status ?? ''), undefined, { timeout: 300_000 });
    await wait();
    const first = await page.evaluate(() => (window as unknown as { ifim: { state(): { backend: string; backendDevice: string; timingsMs: Timings; error: string | null } } }).ifim.state());
    if (first.error) {
      console.log(`${backend}: ${first.error}`);
      await page.close();
      continue;
    }
    const runs: Timings[] = [];
    for (let r = 0; r < Number(values.repeats); r++) {
      runs.push(await page.evaluate(async () => (await (window as unknown as { ifim: { analyze(): Promise<{ timingsMs: Timings }> } }).ifim.analyze()).timingsMs));
    }
    const keys = ['forward', 'jacobian', 'eigen', 'projection', 'total', 'roundTrip'];
    const cells = keys.map((k) => `${k} ${median(runs.map((t) => t[k] ?? NaN)).toFixed(1)}`).join(', ');
    console.log(`${first.backend} (${first.backendDevice}): first analysis total ${first.timingsMs.total?.toFixed(0)} ms; then median ms: ${cells}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
