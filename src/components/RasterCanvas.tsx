import { memo, useLayoutEffect, useRef } from 'react';
import type { RgbaRaster } from '../render';
import { paintRaster } from '../render';

interface Props {
  readonly raster: RgbaRaster | null;
  /** Accessible description of what the pixels show. */
  readonly label: string;
  readonly testId?: string;
}

/**
 * A thin canvas (after excalidraw's StaticCanvas): the parent computes the raster from the slice
 * it draws; this only paints it, and only when the raster object changes.
 */
export const RasterCanvas = memo(function RasterCanvas({ raster, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (ref.current) paintRaster(ref.current, raster);
  }, [raster]);
  return <canvas ref={ref} className="raster" role="img" aria-label={label} data-testid={testId} data-empty={raster ? undefined : 'true'} />;
});
