import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { ifimState, logConsoleErrors, waitForAnalysis } from './helpers';

/**
 * Accessibility: every image canvas is focusable and described in words (its name and the caption
 * that says what it shows); the spectrum is a keyboard control (arrows, Home, End) with a visible
 * focus; no text under 12 px; and axe-core (WCAG 2 A/AA rules) finds no serious or critical
 * violation on the main page, with the tools drawer open, and in the light and dark themes.
 */
const CHEST = '/?model=chest-cnn&sample=chest-nodule-left-lung-01&backend=wasm';

async function open(page: Page): Promise<void> {
  logConsoleErrors(page);
  await page.addInitScript(() => localStorage.setItem('ifim-viewer:view:v1', JSON.stringify({ tourDone: true })));
  await page.goto(CHEST);
  await waitForAnalysis(page);
}

/** Serious and critical axe violations, one line each (rule, impact, first offending elements). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  console.log(`axe: ${results.passes.length} rules pass; violations: ${results.violations.map((v) => `${v.id} (${v.impact})`).join(', ') || 'none'}`);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Visible elements with their own text whose computed font size is under 12 px. */
function smallText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue; // hidden, or visually hidden (sr-only)
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12) out.push(`${el.tagName.toLowerCase()}.${(el as HTMLElement).className} ${size}px: "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    }
    return out;
  });
}

test('canvases are focusable and described; the spectrum works from the keyboard with a visible focus', async ({ page }) => {
  await open(page);
  const canvases = page.locator('canvas.viewport');
  await expect(canvases).toHaveCount(4);
  for (const canvas of await canvases.all()) {
    await expect(canvas).toHaveAttribute('tabindex', '0');
    const label = (await canvas.getAttribute('aria-label')) ?? '';
    expect(label.length).toBeGreaterThan(10);
    const describedBy = await canvas.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    const description = ((await page.locator(`#${describedBy}`).textContent()) ?? '').trim();
    expect(description.length, `description of ${label}`).toBeGreaterThan(10);
  }
  // The captions say what each panel shows, in words.
  await expect(page.locator('#caption-mode')).toContainText('changes the answer');
  await expect(page.locator('#caption-high')).toContainText('sensitive');

  // Tab reaches the canvases, in reading order, from the page's controls.
  await page.getByTestId('reading-math').focus();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'input-canvas');
  }
  expect(reached, 'Tab never reached the image canvas').toBe(true);

  const state = await ifimState(page);
  expect(state.modeCount).toBeGreaterThanOrEqual(2);
  const spectrum = page.getByTestId('spectrum-control');
  await spectrum.focus();
  await expect(spectrum).toBeFocused();
  await expect(spectrum).toHaveAttribute('aria-valuenow', '1');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await ifimState(page)).selectedMode).toBe(2);
  await expect(spectrum).toHaveAttribute('aria-valuenow', '2');
  await expect(spectrum).toHaveAttribute('aria-valuetext', /^λ₂ = /);
  await expect(page.getByTestId('mode-name')).toHaveText('v₂');
  await page.keyboard.press('End');
  await expect.poll(async () => (await ifimState(page)).selectedMode).toBe(state.modeCount);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await ifimState(page)).selectedMode).toBe(state.modeCount! - 1);
  await page.keyboard.press('Home');
  await expect.poll(async () => (await ifimState(page)).selectedMode).toBe(1);
  // Arrow keys at the ends stay there (one step per press, no double handling by the page's keys).
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await ifimState(page)).selectedMode).toBe(2);
  const ring = await spectrum.evaluate((el) => {
    const s = getComputedStyle(el);
    return { visible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(ring.visible).toBe(true);
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
});

test('no text under 12 px, and no serious or critical axe violations: main page, tools drawer, both themes', async ({ page }) => {
  await open(page);
  expect((await ifimState(page)).view.theme).toBe('dark');
  expect.soft(await smallText(page), 'text under 12 px (main page)').toEqual([]);
  expect.soft(await seriousViolations(page), 'axe, main page, dark theme').toEqual([]);

  await page.getByTestId('tools-toggle').click();
  await expect(page.getByTestId('model-import')).toBeVisible();
  expect.soft(await smallText(page), 'text under 12 px (tools drawer, model import)').toEqual([]);
  expect.soft(await seriousViolations(page), 'axe, tools drawer open').toEqual([]);
  await page.getByRole('tab', { name: 'Evidence' }).click();
  expect.soft(await smallText(page), 'text under 12 px (tools drawer, evidence)').toEqual([]);
  expect.soft(await seriousViolations(page), 'axe, evidence tab').toEqual([]);

  await page.getByTestId('theme-toggle').click();
  expect((await ifimState(page)).view.theme).toBe('light');
  expect.soft(await seriousViolations(page), 'axe, light theme').toEqual([]);
  await page.getByTestId('theme-toggle').click();
  expect((await ifimState(page)).view.theme).toBe('dark');
  expect.soft(await seriousViolations(page), 'axe, dark theme again').toEqual([]);

  // The About dialog, opened from the keyboard.
  await page.keyboard.press('?');
  await expect(page.locator('dialog.about')).toBeVisible();
  expect.soft(await smallText(page), 'text under 12 px (About)').toEqual([]);
  expect.soft(await seriousViolations(page), 'axe, About dialog').toEqual([]);
});
