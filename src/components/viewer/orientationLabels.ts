import type { AnatomicalLabel, EdgeLabels } from '../../core/volume';
import type { Orientation } from '../../render';
import { canvasVectorToFrame } from '../../render/orientation';

/**
 * The anatomical labels at the canvas's four edges once the viewer's rotation and flips are applied
 * to a slice whose own edges carry `labels`: for each canvas direction, the image direction it
 * shows, and that edge's label. Upright, they are the slice's own (radiological: R on the left).
 */
export function canvasEdgeLabels(labels: EdgeLabels, o: Orientation): EdgeLabels {
  const at = (dx: number, dy: number): AnatomicalLabel => {
    const d = canvasVectorToFrame(dx, dy, o);
    if (d.x > 0.5) return labels.right;
    if (d.x < -0.5) return labels.left;
    return d.y > 0.5 ? labels.bottom : labels.top;
  };
  return { left: at(-1, 0), right: at(1, 0), top: at(0, -1), bottom: at(0, 1) };
}
