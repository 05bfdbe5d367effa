import { useLayoutEffect, useRef, useState } from 'react';
import { volumeSliceOf } from '../../store/volume/volumeView';
import { useAppStore } from '../storeContext';
import { canvasEdgeLabels } from '../viewer/orientationLabels';
import './volume.css';

/**
 * The anatomical labels at the image panel's edges for a volume slice (from the file's affine,
 * radiological convention: the patient's right on the screen's left), following the viewer's
 * rotation and flips. Nothing when the image is 2-D or the file gives no orientation.
 */
export function OrientationLabels() {
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0, left: 0, top: 0 });
  const image = useAppStore((s) => s.image);
  const orientation = useAppStore((s) => s.orientation);
  const slice = volumeSliceOf(image);

  // Sit over the panel's canvas, as the ROI layer does.
  useLayoutEffect(() => {
    const parent = ref.current?.parentElement;
    const canvas = parent?.querySelector('canvas');
    if (!parent || !canvas) return;
    if (getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
    const fit = () => setBox({ width: canvas.clientWidth, height: canvas.clientHeight, left: canvas.offsetLeft, top: canvas.offsetTop });
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  const labels = slice?.edgeLabels ? canvasEdgeLabels(slice.edgeLabels, orientation) : null;
  return (
    <div ref={ref} className="orientation-labels" data-testid="orientation-labels" style={{ left: box.left, top: box.top, width: box.width, height: box.height }} aria-hidden={labels ? undefined : true}>
      {labels ? (
        <>
          <span className="orientation-label edge-left" data-testid="orientation-left" title="patient direction at the left edge">
            {labels.left}
          </span>
          <span className="orientation-label edge-right" data-testid="orientation-right" title="patient direction at the right edge">
            {labels.right}
          </span>
          <span className="orientation-label edge-top" data-testid="orientation-top" title="patient direction at the top edge">
            {labels.top}
          </span>
          <span className="orientation-label edge-bottom" data-testid="orientation-bottom" title="patient direction at the bottom edge">
            {labels.bottom}
          </span>
          <span className="sr-only">
            Orientation: left {labels.left}, right {labels.right}, top {labels.top}, bottom {labels.bottom}
          </span>
        </>
      ) : null}
    </div>
  );
}
