import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { canvasFingerprint, ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * The radiology conventions on the page (OHIF / Cornerstone): left-drag window/level on every
 * panel that has a window, right-drag and wheel zoom, middle-drag pan, all synchronised across the
 * four panels; double-click and space reset; hotkeys 1–5, i, r, h, v; the pixel readout in the
 * file's units (HU for CT, checked against the DICOM read by dicom-parser). The pure bindings are
 * unit-tested (pointerLogic, windowLogic, orientation); this checks that the page routes events to them.
 */
const ROOT = join(import.meta.dirname, '..');
const CHEST = '/?model=chest-cnn&sample=chest-nodule-left-lung-01&backend=wasm';
const CANVASES = { image: 'input-canvas', mode: 'eigenvector-canvas', high: 'high-canvas', low: 'low-canvas' } as const;
type PanelName = keyof typeof CANVASES;

test.use({ viewport: { width: 1440, height: 900 } });

async function open(page: Page, url = CHEST): Promise<void> {
  logConsoleErrors(page);
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto(url);
  if (url.includes('sample=')) await waitForAnalysis(page);
  else await page.waitForFunction(() => window.ifim?.state().status === 'idle' && window.ifim.state().backend !== null, undefined, { timeout: 120_000 });
}

/** The square the (square) image occupies on a panel at zoom 1: centred, as tall as the canvas. */
async function imageSquare(canvas: Locator): Promise<{ x: number; y: number; size: number }> {
  const b = (await canvas.boundingBox())!;
  const size = Math.min(b.width, b.height);
  return { x: b.x + (b.width - size) / 2, y: b.y + (b.height - size) / 2, size };
}

/** A point of a panel's image square, (fx, fy) in 0…1. */
async function at(page: Page, panel: PanelName, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const s = await imageSquare(page.getByTestId(CANVASES[panel]));
  return { x: s.x + fx * s.size, y: s.y + fy * s.size };
}

/** Moves the pointer there and reads the panel's readout: the pixel (col, row) and the value text. */
async function readAt(page: Page, panel: PanelName, fx: number, fy: number): Promise<{ col: number; row: number; value: string }> {
  const p = await at(page, panel, fx, fy);
  await page.mouse.move(p.x, p.y);
  const readout = page.getByTestId(`readout-${panel}`);
  await expect(readout).toContainText('(');
  const text = (await readout.textContent()) ?? '';
  const m = /\((\d+), (\d+)\): (.+)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected readout on ${panel}: "${text}"`);
  return { col: Number(m[1]), row: Number(m[2]), value: m[3] };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, button: 'left' | 'middle' | 'right'): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down({ button });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up({ button });
}

const captionWindow = async (page: Page, panel: 'high' | 'low'): Promise<string> => ((await page.locator(`#caption-${panel}`).textContent()) ?? '').replace(/^.*window/, '');

test('left-drag windows every panel that has a window, each on its own', async ({ page }) => {
  await open(page);
  const before = await ifimState(page);
  expect(before.view.window).not.toBeNull();
  const image = before.view.window!;

  // The image panel: the file's window widens with a drag to the right; the selector says custom.
  await drag(page, await at(page, 'image', 0.5, 0.5), await at(page, 'image', 0.8, 0.5), 'left');
  const afterImage = (await ifimState(page)).view.window!;
  expect(afterImage.high - afterImage.low).toBeGreaterThan(image.high - image.low);
  await expect(page.getByTestId('window-preset')).toHaveValue('custom');

  // x_high and x_low: each its own window; a drag on one leaves the others as they were.
  for (const panel of ['high', 'low'] as const) {
    const other = panel === 'high' ? 'low' : 'high';
    const own = await captionWindow(page, panel);
    const others = await captionWindow(page, other);
    await expect(page.getByTestId(`window-${panel}`)).toHaveValue('default');
    await drag(page, await at(page, panel, 0.5, 0.5), await at(page, panel, 0.5, 0.2), 'left');
    await expect(page.getByTestId(`window-${panel}`)).toHaveValue('custom');
    expect(await captionWindow(page, panel)).not.toBe(own);
    expect(await captionWindow(page, other)).toBe(others);
  }
  expect((await ifimState(page)).view.window).toEqual(afterImage);

  // The sensitive direction has a symmetric colour range: a left-drag changes no window, and no view.
  const state = await ifimState(page);
  await drag(page, await at(page, 'mode', 0.5, 0.5), await at(page, 'mode', 0.8, 0.3), 'left');
  const after = await ifimState(page);
  expect(after.view.window).toEqual(state.view.window);
  expect(after.view.zoom).toBe(state.view.zoom);
  expect(after.view.center).toEqual(state.view.center);

  // Double-click resets every window to its default.
  await page.getByTestId('high-canvas').dblclick();
  await expect(page.getByTestId('window-high')).toHaveValue('default');
  await expect(page.getByTestId('window-low')).toHaveValue('default');
  await expect(page.getByTestId('window-preset')).toHaveValue('default');
  expect((await ifimState(page)).view.window).toEqual(image);
});

test('right-drag and wheel zoom, middle-drag pans, all panels together; double-click resets', async ({ page }) => {
  await open(page);
  // At zoom 1 the same spot of every panel is the same model-input pixel.
  const centre = await readAt(page, 'high', 0.5, 0.5);
  expect(Math.abs(centre.col - 64)).toBeLessThanOrEqual(1);
  expect(Math.abs(centre.row - 64)).toBeLessThanOrEqual(1);
  const prints = await Promise.all(Object.values(CANVASES).map((id) => canvasFingerprint(page, id)));

  // Right-drag upwards on the image panel zooms in, about the point where the drag started.
  const anchor = await readAt(page, 'low', 0.3, 0.7);
  await drag(page, await at(page, 'image', 0.3, 0.7), await at(page, 'image', 0.3, 0.3), 'right');
  const zoomed = (await ifimState(page)).view.zoom;
  expect(zoomed).toBeGreaterThan(1.5);
  const stillThere = await readAt(page, 'low', 0.3, 0.7);
  expect(Math.abs(stillThere.col - anchor.col)).toBeLessThanOrEqual(1);
  expect(Math.abs(stillThere.row - anchor.row)).toBeLessThanOrEqual(1);
  // Every panel redrew (one shared viewport).
  const zoomedPrints = await Promise.all(Object.values(CANVASES).map((id) => canvasFingerprint(page, id)));
  zoomedPrints.forEach((p, i) => expect(p, Object.keys(CANVASES)[i]).not.toBe(prints[i]));

  // Wheel zoom on x_low: in by 1.2 per notch, about the pointer, so the pixel under it stays.
  const underWheel = await readAt(page, 'low', 0.7, 0.4);
  await page.mouse.wheel(0, -100);
  await expect.poll(async () => (await ifimState(page)).view.zoom).toBeCloseTo(zoomed * 1.2, 6);
  const afterWheel = await readAt(page, 'low', 0.7, 0.4);
  expect(Math.abs(afterWheel.col - underWheel.col)).toBeLessThanOrEqual(1);
  expect(Math.abs(afterWheel.row - underWheel.row)).toBeLessThanOrEqual(1);

  // Middle-drag on the sensitive direction pans: the centre of every panel now shows another pixel, the same one on each.
  const centreBefore = (await ifimState(page)).view.center;
  await drag(page, await at(page, 'mode', 0.5, 0.5), await at(page, 'mode', 0.75, 0.6), 'middle');
  const centreAfter = (await ifimState(page)).view.center;
  expect(centreAfter[0]).toBeLessThan(centreBefore[0]);
  expect(centreAfter[1]).toBeLessThan(centreBefore[1]);
  const centres = [await readAt(page, 'mode', 0.5, 0.5), await readAt(page, 'high', 0.5, 0.5), await readAt(page, 'low', 0.5, 0.5)];
  for (const c of centres) expect([c.col, c.row]).toEqual([centres[0].col, centres[0].row]);
  expect(Math.abs(centres[0].col - centreAfter[0] * 128)).toBeLessThanOrEqual(1);
  expect(Math.abs(centres[0].row - centreAfter[1] * 128)).toBeLessThanOrEqual(1);

  // Double-click: fit again.
  await page.getByTestId('low-canvas').dblclick();
  const reset = await ifimState(page);
  expect(reset.view.zoom).toBe(1);
  expect(reset.view.center).toEqual([0.5, 0.5]);
  await expect(page.getByTestId('reset-view')).toContainText('100 %');
});

test('hotkeys: i inverts, r rotates, h and v flip what is under the pointer, 1–3 pick x_high’s windows, space resets', async ({ page }) => {
  await open(page);
  await page.keyboard.press('i');
  expect((await ifimState(page)).view.invert).toBe(true);
  await expect(page.getByTestId('invert')).toBeChecked();
  await page.keyboard.press('i');
  expect((await ifimState(page)).view.invert).toBe(false);

  // Left of the centre, half-way up: h brings the right half there, v the lower half.
  const plain = await readAt(page, 'high', 0.25, 0.5);
  expect(plain.col).toBeLessThan(48);
  await page.keyboard.press('h');
  await expect(page.getByTestId('flip-h')).toHaveAttribute('aria-pressed', 'true');
  const flipped = await readAt(page, 'high', 0.25, 0.5);
  expect(Math.abs(flipped.col - (127 - plain.col))).toBeLessThanOrEqual(1);
  await page.keyboard.press('h');
  await expect(page.getByTestId('flip-h')).toHaveAttribute('aria-pressed', 'false');
  const top = await readAt(page, 'high', 0.5, 0.2);
  await page.keyboard.press('v');
  await expect(page.getByTestId('flip-v')).toHaveAttribute('aria-pressed', 'true');
  const flippedV = await readAt(page, 'high', 0.5, 0.2);
  expect(Math.abs(flippedV.row - (127 - top.row))).toBeLessThanOrEqual(1);
  await page.keyboard.press('v');

  // r: 90° clockwise, so the image's left edge is at the top: the top centre shows a left-edge pixel.
  await page.keyboard.press('r');
  await expect(page.getByTestId('rotate')).toContainText('90°');
  const rotated = await readAt(page, 'high', 0.5, 0.1);
  expect(rotated.col).toBeLessThan(20);
  expect(Math.abs(rotated.row - 64)).toBeLessThanOrEqual(2);

  // The presets of the panel focused (or pointed at) last, x_high: 2 its own full range, 3 the window of x, 1 the default.
  await page.getByTestId('high-canvas').focus();
  await page.keyboard.press('2');
  await expect(page.getByTestId('window-high')).toHaveValue('full');
  await page.keyboard.press('3');
  await expect(page.getByTestId('window-high')).toHaveValue('shared');
  await expect(page.getByTestId('window-low')).toHaveValue('default');
  await page.keyboard.press('1');
  await expect(page.getByTestId('window-high')).toHaveValue('default');

  // Space resets zoom, rotation, flips and windows.
  await page.keyboard.press('3');
  await page.keyboard.press('+');
  await page.keyboard.press('h');
  expect((await ifimState(page)).view.zoom).toBeGreaterThan(1);
  await page.keyboard.press(' ');
  const reset = await ifimState(page);
  expect(reset.view.zoom).toBe(1);
  await expect(page.getByTestId('rotate')).toContainText('0°');
  await expect(page.getByTestId('flip-h')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('window-high')).toHaveValue('default');
});

/** Stored pixel (col, row) of a 16-bit unsigned, single-frame DICOM, read by dicom-parser, in HU. */
function dicomHu(bytes: Buffer, col: number, row: number): number {
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  const columns = ds.uint16('x00280011')!;
  const element = ds.elements.x7fe00010;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset).getUint16(2 * (row * columns + col), true);
  return stored * Number(ds.string('x00281053') ?? 1) + Number(ds.string('x00281052') ?? 0);
}

test('a CT slice: the image panel reads Hounsfield units from the file, and 1–5 pick its presets (CT Lung is W 1500 / L −600)', async ({ page }) => {
  const file = join(ROOT, 'test-fixtures/images/ct-explicit-le.dcm');
  const bytes = await readFile(file);
  await open(page, '/?model=lumpy-ske-cnn&backend=wasm');
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction(() => window.ifim?.state().image?.name === 'ct-explicit-le.dcm' && window.ifim.state().status === 'done', undefined, { timeout: 120_000 });
  const ct = await ifimState(page);
  expect(ct.image).toMatchObject({ modality: 'CT', width: 61, height: 45 });

  const canvas = page.getByTestId('input-canvas');
  const b = (await canvas.boundingBox())!;
  // 61×45 (columns × rows): as tall as the panel, centred. Three points inside it.
  for (const [fx, fy] of [[0.5, 0.5], [0.45, 0.3], [0.55, 0.75]] as const) {
    await page.mouse.move(b.x + b.width * fx, b.y + b.height * fy);
    const text = ((await page.getByTestId('readout-image').textContent()) ?? '').trim();
    const m = /^\((\d+), (\d+)\): (-?\d+) HU$/.exec(text);
    expect(m, `readout "${text}"`).not.toBeNull();
    const [col, row, value] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(Math.abs(row - fy * 45)).toBeLessThanOrEqual(1.5);
    expect(value, `(${col}, ${row})`).toBe(dicomHu(bytes, col, row));
  }

  // Key n picks the nth preset listed (their labels carry the key); CT Lung's window from W/L by hand.
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  const options = await page.getByTestId('window-preset').locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
  expect(options.length).toBeGreaterThanOrEqual(5);
  for (let n = 1; n <= 5; n++) {
    await page.keyboard.press(String(n));
    await expect(page.getByTestId('window-preset')).toHaveValue(options[n - 1].value);
    expect(options[n - 1].label.startsWith(`${n}: `)).toBe(true);
  }
  const lung = options.findIndex((o) => o.label.includes('W 1500 / L -600'));
  expect(lung).toBeGreaterThanOrEqual(0);
  expect(lung).toBeLessThan(5);
  await page.keyboard.press(String(lung + 1));
  expect((await ifimState(page)).view.window).toEqual({ low: -1350, high: 150 });
});
