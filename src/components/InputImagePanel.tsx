import { useMemo } from 'react';
import { imageToRaster, rangeWindow } from '../render';
import { useAppStore } from '../store';
import { formatRange } from './format';
import { Panel } from './Panel';
import { RasterCanvas } from './RasterCanvas';

/** The decoded image at its own resolution, windowed over its full value range. */
export function InputImagePanel() {
  const image = useAppStore((s) => s.image);
  const drawn = useMemo(() => {
    if (!image) return null;
    const window = rangeWindow(image.data.data);
    return { raster: imageToRaster(image.data, window), window };
  }, [image]);
  const caption = image && drawn
    ? `${image.data.width}×${image.data.height}, ${image.data.channels === 3 ? 'RGB' : 'gray'}, ${image.data.bitDepth}-bit; window ${formatRange(drawn.window.low, drawn.window.high)}`
    : 'no image yet';
  return (
    <Panel title="Input image x" caption={caption} testId="input-panel">
      <RasterCanvas raster={drawn?.raster ?? null} label="the input image" testId="input-canvas" />
    </Panel>
  );
}
