import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { decode } from 'fast-png';
import { THEMES } from '../src/components/viewConfig';
import { logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * Any screen: at 1440×900, 1024×700 and a 390×844 phone, nothing is wider than the window, and
 * every menu, dialog and popover opens inside it — the export menu, the tour (beside its target),
 * the About dialog, the tools drawer, the engine details; the charts draw on the theme's panel
 * colour in the dark and the light theme (read from their pixels, not from the CSS).
 */
const CHEST = '/?model=chest-cnn&sample=chest-nodule-left-lung-01&backend=wasm';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'laptop', width: 1024, height: 700 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Fails unless the element's box lies inside the window (after scrolling it into view). */
async function expectInsideWindow(page: Page, locator: Locator, what: string): Promise<Box> {
  await expect(locator, what).toBeVisible();
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(-0.5);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(-0.5);
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width + 0.5);
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(height + 0.5);
  return box;
}

/** The document is no wider than the window (no horizontal scroll bar), and no visible element reaches past its sides. */
async function expectNoHorizontalOverflow(page: Page, when: string): Promise<void> {
  const result = await page.evaluate(() => {
    // clientWidth: the window less a classic scroll bar (innerWidth would count the bar as room).
    const width = document.documentElement.clientWidth;
    const sticking: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!el.checkVisibility()) continue; // not rendered (a closed menu, a hidden tab)
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) continue; // visually hidden (sr-only)
      if (r.right > width + 0.5 || r.left < -0.5) sticking.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String((el as HTMLElement).className)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, sticking: sticking.slice(0, 8) };
  });
  expect(result.sticking, `${when}: elements past the window's sides`).toEqual([]);
  expect(result.scrollWidth, `${when}: document wider than the window`).toBeLessThanOrEqual(result.width);
}

function hex(c: string): [number, number, number] {
  const n = Number.parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The share of a chart's pixels (as screenshotted) within a few levels of the colour. */
async function shareOfColour(chart: Locator, colour: string): Promise<number> {
  const png = decode(await chart.screenshot());
  const [r, g, b] = hex(colour);
  const channels = png.channels;
  let near = 0;
  const count = png.width * png.height;
  for (let i = 0; i < count; i++) {
    const o = i * channels;
    if (Math.abs(png.data[o] - r) <= 3 && Math.abs(png.data[o + 1] - g) <= 3 && Math.abs(png.data[o + 2] - b) <= 3) near++;
  }
  return near / count;
}

for (const vp of VIEWPORTS) {
  test(`${vp.name} ${vp.width}×${vp.height}: nothing clipped, menus and dialogs inside the window`, async ({ page }) => {
    logConsoleErrors(page);
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto(CHEST);
    await waitForAnalysis(page);

    // The tour (first run): every step inside the window, beside its target.
    const tour = page.getByTestId('tour');
    for (const [step, target] of ['image', 'eigenvector', 'scrub', 'spectrum', 'walk'].entries()) {
      await expect(tour).toContainText(`Tour ${step + 1} of 5`);
      const targetBox = (await page.locator(`[data-tour="${target}"]`).boundingBox())!;
      await expect.poll(async () => overlaps((await tour.boundingBox())!, targetBox), { message: `tour step ${step + 1} covers ${target}` }).toBe(false);
      await expectInsideWindow(page, tour, `tour step ${step + 1}`);
      if (step === 0) await expectNoHorizontalOverflow(page, 'with the tour');
      if (step < 4) await page.getByTestId('tour-next').click();
    }
    await page.keyboard.press('Escape');
    await expect(tour).toBeHidden();

    // The export menu, at the header's right: all of it inside the window.
    const exportMenu = page.getByTestId('export-menu');
    await exportMenu.locator('summary').scrollIntoViewIfNeeded();
    await exportMenu.locator('summary').click();
    await expectInsideWindow(page, exportMenu.locator('.menu-items'), 'export menu');
    await expectInsideWindow(page, page.getByTestId('export-zip'), 'export menu, last item');
    await expectNoHorizontalOverflow(page, 'export menu open');
    await exportMenu.locator('summary').click();
    await expect(exportMenu.locator('.menu-items')).toBeHidden();

    // The four panels and the sidebar's charts: nothing past the sides.
    await expectNoHorizontalOverflow(page, 'main page');
    for (const id of ['input-canvas', 'eigenvector-canvas', 'high-canvas', 'low-canvas', 'spectrum-chart']) {
      const el = page.getByTestId(id);
      await el.scrollIntoViewIfNeeded();
      await expectInsideWindow(page, el, id);
    }

    // The engine details and the tools drawer, open.
    await page.locator('.engine-details > summary').click();
    await expectNoHorizontalOverflow(page, 'engine details open');
    await page.getByTestId('tools-toggle').click();
    await expect(page.getByTestId('model-import')).toBeVisible();
    await expectNoHorizontalOverflow(page, 'tools drawer, model import');
    await page.getByRole('tab', { name: 'Evidence' }).click();
    await expectNoHorizontalOverflow(page, 'tools drawer, evidence');

    // The About dialog: inside the window, its close button reachable.
    await page.getByTestId('about-open').click();
    const about = page.locator('dialog.about');
    await expectInsideWindow(page, about, 'About dialog');
    await page.keyboard.press('Escape');
    await expect(about).toBeHidden();
  });
}

test('charts draw on the theme’s panel colour, dark and light', async ({ page }) => {
  logConsoleErrors(page);
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto(CHEST);
  await waitForAnalysis(page);
  const charts = page.locator('.chart');
  expect(await charts.count()).toBeGreaterThanOrEqual(2);
  for (const theme of ['dark', 'light'] as const) {
    if (theme === 'light') await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const other = theme === 'dark' ? 'light' : 'dark';
    for (const chart of await charts.all()) {
      await chart.scrollIntoViewIfNeeded();
      const name = (await chart.getAttribute('aria-label'))?.slice(0, 30) ?? 'chart';
      // Most of a chart is background: the panel's colour of this theme, none of the other's (or white).
      expect(await shareOfColour(chart, THEMES[theme].panel), `${name}, ${theme}`).toBeGreaterThan(0.5);
      expect(await shareOfColour(chart, THEMES[other].panel), `${name}, ${theme}: the other theme's panel colour`).toBeLessThan(0.05);
      if (theme === 'dark') expect(await shareOfColour(chart, '#ffffff'), `${name}: white in the dark theme`).toBeLessThan(0.01);
    }
  }
});

test('the data-set study’s plots: inside the window at 1024×700, every legend label inside its figure, dark in the dark theme', async ({ page }) => {
  test.setTimeout(180_000);
  logConsoleErrors(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto('/?model=lumpy-ske-cnn&sample=lumpy-ske-present-01&backend=wasm');
  await waitForAnalysis(page);
  await page.getByTestId('tools-toggle').click();
  await page.getByRole('tab', { name: 'Evidence' }).click();
  await page.getByTestId('dataset-count').fill('8');
  await page.getByTestId('dataset-epsilons').fill('0.01, 0.1, 1');
  await page.getByTestId('dataset-draws').fill('1');
  await page.getByTestId('dataset-run').click();
  const plots = page.getByTestId('dataset-result').locator('img.tools-plot');
  await expect(plots).toHaveCount(2, { timeout: 120_000 });
  await expectNoHorizontalOverflow(page, 'data-set study shown');
  for (const plot of await plots.all()) {
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    // Every text of the figure (legend, axes, title) lies inside the figure's own width and height.
    const cut = await plot.evaluate(async (img) => {
      const svgText = decodeURIComponent((img as HTMLImageElement).src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
      const host = document.createElement('div');
      host.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
      host.innerHTML = svgText;
      document.body.append(host);
      const svg = host.querySelector('svg')!;
      const frame = svg.getBoundingClientRect();
      // Client rectangles: they include each text's own transform (the rotated axis title).
      const out = Array.from(svg.querySelectorAll('text'))
        .map((t) => ({ t: t.textContent ?? '', b: t.getBoundingClientRect() }))
        .filter(({ b }) => b.left < frame.left - 0.5 || b.top < frame.top - 0.5 || b.right > frame.right + 0.5 || b.bottom > frame.bottom + 0.5)
        .map(({ t, b }) => `"${t}" [${Math.round(b.left - frame.left)}, ${Math.round(b.right - frame.left)}] of ${Math.round(frame.width)}`);
      host.remove();
      return out;
    });
    expect(cut, 'texts cut at the figure’s edge').toEqual([]);
    expect(await shareOfColour(plot, '#ffffff'), 'white in the dark theme').toBeLessThan(0.05);
  }
});
