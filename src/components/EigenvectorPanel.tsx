import { useMemo } from 'react';
import { colorBarRaster, perPixelSum, signedToRaster, symmetricLimit } from '../render';
import { effectiveMode, modeVector, useAppStore } from '../store';
import { formatScientific } from './format';
import { subscript } from './ModeControls';
import { Panel } from './Panel';
import { RasterCanvas } from './RasterCanvas';

/** Share of |v| values inside the colour range; the rest saturate at the ends. */
const LIMIT_QUANTILE = 0.99;
const COLOR_BAR = colorBarRaster(128, 1);

export function EigenvectorPanel() {
  const payload = useAppStore((s) => s.payload);
  const mode = useAppStore(effectiveMode);
  const drawn = useMemo(() => {
    if (!payload || mode === null) return null;
    const vector = modeVector({ payload }, mode);
    if (!vector) return null;
    const [height, width, channels] = payload.inputShape;
    const perPixel = channels === 1 ? vector : perPixelSum({ width, height, channels, data: vector });
    const limit = symmetricLimit(perPixel, LIMIT_QUANTILE);
    return { raster: signedToRaster(perPixel, width, height, limit), limit, eigenvalue: payload.eigenvalues[mode], channels };
  }, [payload, mode]);
  const name = mode === null ? 'v' : `v${subscript(mode + 1)}`;
  return (
    <Panel
      title={`Eigenvector ${name}`}
      testId="eigenvector-panel"
      caption={
        drawn ? (
          <>
            λ = {formatScientific(drawn.eigenvalue)}. Blue: negative, red: positive, white: zero; range ±{formatScientific(drawn.limit)} (the 99th
            percentile of |v|; larger values saturate){drawn.channels > 1 ? '; summed over the colour channels' : ''}.
          </>
        ) : (
          'no sensitive direction yet'
        )
      }
    >
      <RasterCanvas raster={drawn?.raster ?? null} label={`the eigenvector ${name} in a blue–white–red colour map`} testId="eigenvector-canvas" />
      <div className="color-bar">
        <span>−</span>
        <RasterCanvas raster={COLOR_BAR} label="colour bar from negative (blue) through zero (white) to positive (red)" />
        <span>+</span>
      </div>
    </Panel>
  );
}
