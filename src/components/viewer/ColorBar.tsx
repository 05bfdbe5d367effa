import { memo, useMemo } from 'react';
import type { ColorMap } from '../../render';
import { colorBarRaster, sequentialBarRaster } from '../../render';
import { formatScientific } from '../format';
import { RasterCanvas } from '../RasterCanvas';

interface Props {
  readonly map: ColorMap;
  readonly kind: 'diverging' | 'sequential';
  readonly limit: number;
  readonly label: string;
}

/** A labelled colour bar: −limit … 0 … +limit (diverging) or 0 … limit (sequential). */
export const ColorBar = memo(function ColorBar({ map, kind, limit, label }: Props) {
  const raster = useMemo(() => (kind === 'diverging' ? colorBarRaster(128, 1, map) : sequentialBarRaster(128, 1, map)), [map, kind]);
  return (
    <div className="color-bar" title={label}>
      <span>{kind === 'diverging' ? `−${formatScientific(limit, 2)}` : '0'}</span>
      <RasterCanvas raster={raster} label={label} />
      <span>{kind === 'diverging' ? `+${formatScientific(limit, 2)}` : formatScientific(limit, 2)}</span>
    </div>
  );
});
