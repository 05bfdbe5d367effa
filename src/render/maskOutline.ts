/**
 * The boundary of a binary mask (the ground-truth lesion of a demo sample) as line segments along
 * pixel edges, in normalised image coordinates, so it can be stroked at any zoom with a constant
 * line width. Adjacent unit edges on one line are merged into one segment.
 *
 * Returns [x0, y0, x1, y1, …] with x = column / width and y = row / height.
 */
export function maskOutlineSegments(mask: ArrayLike<number>, width: number, height: number): Float32Array {
  if (mask.length < width * height) throw new RangeError(`mask has ${mask.length} values, ${width}×${height} needs ${width * height}`);
  const inside = (row: number, col: number): boolean => row >= 0 && row < height && col >= 0 && col < width && mask[row * width + col] !== 0;
  const out: number[] = [];
  // Horizontal edges: on grid line y, between rows y − 1 and y.
  for (let y = 0; y <= height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const edge = x < width && inside(y - 1, x) !== inside(y, x);
      if (edge && start < 0) start = x;
      if (!edge && start >= 0) {
        out.push(start / width, y / height, x / width, y / height);
        start = -1;
      }
    }
  }
  // Vertical edges: on grid line x, between columns x − 1 and x.
  for (let x = 0; x <= width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const edge = y < height && inside(y, x - 1) !== inside(y, x);
      if (edge && start < 0) start = y;
      if (!edge && start >= 0) {
        out.push(x / width, start / height, x / width, y / height);
        start = -1;
      }
    }
  }
  return Float32Array.from(out);
}
