import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { AutomationState } from '../src/app/automation';

export interface SampleEntry {
  readonly id: string;
  readonly task?: unknown;
  readonly path: string;
}

/** The trained lumpy-SKE model once the server has it, the random development model until then. */
export async function demoModelId(request: APIRequestContext): Promise<string> {
  const trained = await request.get('/models/lumpy-ske-cnn/model.json');
  return trained.ok() ? 'lumpy-ske-cnn' : 'dev-random-cnn';
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

export function analysisUrl(modelId: string, sampleId: string, backend = 'webgpu'): string {
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
