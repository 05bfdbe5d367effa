import type { SlicePlane } from '../../core/volume';
import { SLICE_PLANES } from '../../core/volume';
import { volumeSliceOf } from '../../store/volume/volumeView';
import { useAppStore, useStoreApi } from '../storeContext';
import './volume.css';

const PLANE_LABEL: Record<SlicePlane, string> = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal' };

/**
 * Frame or slice navigation: a multi-frame file's frame slider; for a volume the plane (axial,
 * coronal, sagittal) and the slice slider (↑ ↓ or PageUp/PageDown step it). The analysis follows
 * the shown slice once the slider rests.
 */
export function FrameControls() {
  const store = useStoreApi();
  const image = useAppStore((s) => s.image);
  if (!image || image.frameCount < 1) return null;
  const s = store.getState();
  const slice = volumeSliceOf(image);
  if (slice) {
    return (
      <div className="volume-controls" role="group" aria-label="Volume slice">
        <div className="segmented" role="group" aria-label="Slice plane">
          {SLICE_PLANES.map((plane) => (
            <button key={plane} type="button" aria-pressed={slice.axis === plane} data-testid={`volume-axis-${plane}`} onClick={() => void s.selectVolumeAxis(plane)} title={`${PLANE_LABEL[plane]} slices`}>
              {PLANE_LABEL[plane]}
            </button>
          ))}
        </div>
        <label className="inline-field" title="The slice shown and analysed (↑ ↓, PageUp, PageDown)">
          <span data-testid="slice-value">
            Slice {slice.index} of 0–{slice.count - 1}
          </span>
          <input
            type="range"
            data-testid="slice-slider"
            min={0}
            max={slice.count - 1}
            step={1}
            value={slice.index}
            aria-label={`${PLANE_LABEL[slice.axis]} slice`}
            aria-valuetext={`${slice.axis} slice ${slice.index} of ${slice.count}`}
            onChange={(e) => void s.selectFrame(Number(e.target.value))}
          />
        </label>
      </div>
    );
  }
  if (image.frameCount < 2) return null;
  return (
    <label className="inline-field" title="Multi-frame file: the frame shown and analysed">
      <span>
        Frame {image.frame + 1} / {image.frameCount}
      </span>
      <input type="range" data-testid="frame-slider" min={1} max={image.frameCount} step={1} value={image.frame + 1} aria-label="Frame" onChange={(e) => void s.selectFrame(Number(e.target.value) - 1)} />
    </label>
  );
}
