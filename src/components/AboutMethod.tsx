/** What the picture means, and what it does not (METHOD.md: "What it is, and what it is not"). */
export function AboutMethod() {
  return (
    <footer className="about">
      <h2>What you are looking at</h2>
      <p>
        F(x) is the Fisher information of the model&apos;s predictive distribution with respect to the input image. Its eigenvectors v₁, v₂, … are the pixel
        patterns along which a small change of this image changes the prediction most; λᵢ says how much (KL ≈ ½ λᵢ ε² for a step ε along vᵢ). x_high(k) is the part of the
        image inside the span of the first k of them, x_low(k) the rest.
      </p>
      <p>
        These components describe the local sensitivity of this model at this image. They are not a pixel-attribution heat map, not a segmentation of anatomy, and not
        causal.
      </p>
      <p className="muted">Reference: S. Sengupta and M. A. Anastasio, “Input-Dependent Fisher Information for Local Sensitivity Analysis of Medical Image Classifiers”, arXiv 2606.16362.</p>
    </footer>
  );
}
