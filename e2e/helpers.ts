import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AutomationState } from '../src/app/automation';

export interface SampleEntry {
  readonly id: string;
  readonly task?: unknown;
  readonly path: string;
}

/** The shipped lumpy-SKE demo model (64×64, binary softmax): small enough for SwiftShader WebGPU. */
export async function demoModelId(request: APIRequestContext): Promise<string> {
  const trained = await request.get('/models/lumpy-ske-cnn/model.json');
  if (!trained.ok()) throw new Error('the demo model lumpy-ske-cnn is missing from public/models (npm run train -- --task lumpy-ske)');
  return 'lumpy-ske-cnn';
}

/** The first lumpy-background (SKE) sample the server lists in samples/index.json. */
export async function lumpySample(request: APIRequestContext): Promise<SampleEntry> {
  const response = await request.get('/samples/index.json');
  const samples = response.ok() ? ((await response.json()) as SampleEntry[]) : [];
  const taskText = (s: SampleEntry): string => (typeof s.task === 'string' ? s.task : JSON.stringify(s.task ?? ''));
  const sample = samples.find((s) => /lumpy/i.test(taskText(s))) ?? samples.find((s) => /lumpy/i.test(s.id));
  if (!sample) throw new Error('samples/index.json lists no lumpy-background sample (yet)');
  return sample;
}

/**
 * The backend the browser tests ask for: WebGPU (the path the tests exist to exercise), unless
 * IFIM_E2E_BACKEND names another for a local run.
 */
export const E2E_BACKEND = process.env.IFIM_E2E_BACKEND ?? 'webgpu';

export function analysisUrl(modelId: string, sampleId: string, backend = E2E_BACKEND): string {
  return `/?model=${encodeURIComponent(modelId)}&sample=${encodeURIComponent(sampleId)}&backend=${backend}`;
}

export function ifimState(page: Page): Promise<AutomationState> {
  return page.evaluate(() => {
    if (!window.ifim) throw new Error('window.ifim is missing');
    return window.ifim.state();
  });
}

/** Waits until the page has finished (done or error) and fails with the page's own message on error. */
export async function waitForAnalysis(page: Page, timeout = 240_000): Promise<AutomationState> {
  await page.waitForFunction(
    () => {
      const status = window.ifim?.state().status;
      return status === 'done' || status === 'error';
    },
    undefined,
    { timeout, polling: 250 },
  );
  const state = await ifimState(page);
  expect(state.error, 'the page reported an error').toBeNull();
  expect(state.status).toBe('done');
  return state;
}

/** Forwards the page's (and its worker's) console errors to the test output. */
export function logConsoleErrors(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`[browser ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
}

/**
 * Demo models with more than one sensitive direction, smallest first: the 64×64 five-class
 * localisation CNN, then the 128×128 three-label chest CNN. Each with one of its task's samples.
 */
const MULTI_MODE_DEMOS = [
  { modelId: 'clb-loc-cnn', sampleId: 'clb-loc-top-left-01' },
  { modelId: 'chest-cnn', sampleId: 'chest-nodule-left-lung-01' },
] as const;

/**
 * Opens the first demo (model + sample) that the server has and whose analysis of this sample
 * finds at least two modes; fails when none does.
 */
export async function openMultiModeDemo(page: Page, request: APIRequestContext, extraQuery = ''): Promise<{ modelId: string; sampleId: string; state: AutomationState }> {
  const tried: string[] = [];
  for (const demo of MULTI_MODE_DEMOS) {
    if (!(await request.get(`/models/${demo.modelId}/model.json`)).ok()) {
      tried.push(`${demo.modelId} (not on the server)`);
      continue;
    }
    await page.goto(`${analysisUrl(demo.modelId, demo.sampleId)}${extraQuery}`);
    const state = await waitForAnalysis(page);
    if ((state.modeCount ?? 0) >= 2) return { ...demo, state };
    tried.push(`${demo.modelId} (${state.modeCount} mode)`);
  }
  throw new Error(`no demo model with two or more modes: ${tried.join(', ')}`);
}

/** A cheap fingerprint of a canvas's pixels, to see that a redraw changed them. */
export function canvasFingerprint(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return 'empty';
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 7) h = Math.imul(h ^ data[i], 16777619);
    return `${c.width}x${c.height}:${(h >>> 0).toString(16)}`;
  });
}

/** Closes the first-run tour if it is open (it never blocks the keyboard, but it covers a corner). */
export async function dismissTour(page: Page): Promise<void> {
  if (await page.getByTestId('tour').isVisible()) await page.keyboard.press('Escape');
  await expect(page.getByTestId('tour')).toBeHidden();
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
