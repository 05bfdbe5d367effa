import { describe, expect, it } from 'vitest';
import { FIT_VIEWPORT, ZOOM_LIMITS, canvasToImage, clampViewport, imageToCanvas, panByPixels, pixelAt, placeContent, zoomAbout } from './viewport';

describe('viewport', () => {
  it('fits the image to the canvas, centred, keeping its aspect', () => {
    expect(placeContent(400, 200, 1, FIT_VIEWPORT)).toEqual({ x: 100, y: 0, width: 200, height: 200 });
    expect(placeContent(400, 400, 2, FIT_VIEWPORT)).toEqual({ x: 0, y: 100, width: 400, height: 200 });
  });

  it('maps canvas and image coordinates both ways', () => {
    const p = placeContent(300, 300, 1, { zoom: 2, centerX: 0.25, centerY: 0.5 });
    const { x, y } = imageToCanvas(p, 0.25, 0.5);
    expect(x).toBeCloseTo(150, 9);
    expect(y).toBeCloseTo(150, 9);
    const back = canvasToImage(p, 10, 290);
    const again = imageToCanvas(p, back.u, back.v);
    expect(again.x).toBeCloseTo(10, 9);
    expect(again.y).toBeCloseTo(290, 9);
  });

  it('zooms about a point, which stays where it is on screen', () => {
    const before = { zoom: 1.5, centerX: 0.4, centerY: 0.6 };
    const after = zoomAbout(before, 2, 0.7, 0.2);
    expect(after.zoom).toBe(3);
    const a = imageToCanvas(placeContent(500, 300, 1.25, before), 0.7, 0.2);
    const b = imageToCanvas(placeContent(500, 300, 1.25, after), 0.7, 0.2);
    expect(b.x).toBeCloseTo(a.x, 6);
    expect(b.y).toBeCloseTo(a.y, 6);
  });

  it('clamps the zoom and keeps the image from leaving the centre', () => {
    expect(zoomAbout(FIT_VIEWPORT, 1e6, 0.5, 0.5).zoom).toBe(ZOOM_LIMITS.max);
    expect(zoomAbout(FIT_VIEWPORT, 1e-6, 0.5, 0.5).zoom).toBe(ZOOM_LIMITS.min);
    expect(clampViewport({ zoom: 2, centerX: -3, centerY: 9 })).toEqual({ zoom: 2, centerX: 0, centerY: 1 });
    expect(clampViewport({ zoom: NaN, centerX: 0.2, centerY: 0.3 }).zoom).toBeGreaterThanOrEqual(ZOOM_LIMITS.min);
  });

  it('pans by canvas pixels: the image follows the pointer', () => {
    const v = { zoom: 2, centerX: 0.5, centerY: 0.5 };
    const p = placeContent(200, 200, 1, v);
    const moved = panByPixels(v, p, 40, -20);
    const before = imageToCanvas(p, 0.5, 0.5);
    const after = imageToCanvas(placeContent(200, 200, 1, moved), 0.5, 0.5);
    expect(after.x - before.x).toBeCloseTo(40, 9);
    expect(after.y - before.y).toBeCloseTo(-20, 9);
  });

  it('finds the pixel under a point, and none outside', () => {
    expect(pixelAt(0, 0, 64, 32)).toEqual({ col: 0, row: 0 });
    expect(pixelAt(0.999, 0.5, 64, 32)).toEqual({ col: 63, row: 16 });
    expect(pixelAt(1, 0.5, 64, 32)).toBeNull();
    expect(pixelAt(-0.01, 0.5, 64, 32)).toBeNull();
  });
});
