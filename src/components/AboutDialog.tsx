import { useEffect, useRef } from 'react';
import { SHORTCUTS } from './viewConfig';
import { useAppStore, useStoreApi } from './storeContext';

/**
 * "About this view", in plain language for clinicians (METHOD.md: "What it is, and what it is
 * not"): what a sensitive direction is, what the panels show, that these are not segmentations
 * or causes, and what the rank limit means for a yes/no model.
 */
export function AboutDialog() {
  const store = useStoreApi();
  const open = useAppStore((s) => s.aboutOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const s = store.getState();
  return (
    <dialog ref={ref} className="about" aria-labelledby="about-title" data-testid="about-dialog" onClose={() => s.setAboutOpen(false)}>
      <div className="about-head">
        <h2 id="about-title">About this view</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => s.setAboutOpen(false)}>
          ×
        </button>
      </div>
      <section>
        <h3>What it shows</h3>
        <p>
          A trained model looks at this image and gives its probabilities. Imagine adding a faint pattern of brighter and darker pixels to the image. Most patterns would not change
          the model’s answer at all; a few would change it a lot. A <strong>sensitive direction</strong> v₁ is the pattern that changes the answer most for its strength; v₂ is the
          next strongest that is independent of v₁, and so on. Red and blue mark where the pattern would brighten or darken the image (the opposite pattern works just as well).
        </p>
        <p>
          <strong>λ</strong> says how sensitive the model is along that direction: a small step of length ε changes the prediction by about ½ε²λ (measured as KL divergence, in
          nats). The <strong>walk</strong> panel lets you take that step and watch the probabilities move.
        </p>
        <p>
          <strong>x_high(k)</strong> is the part of this image that lies along the first k sensitive directions — what the model is listening to here. <strong>x_low(k)</strong> is
          everything else: changing it barely changes the answer. Together they add up to the image.
        </p>
      </section>
      <section>
        <h3>What it is not</h3>
        <ul>
          <li>Not a segmentation: the bright regions are not an outline of disease or anatomy.</li>
          <li>Not a cause: they do not say why the model decided, or that the finding is there.</li>
          <li>Not general: it describes this model at this image only. Another image or another model has other directions.</li>
          <li>The yellow outline on demo samples is the known ground truth, shown only for comparison.</li>
        </ul>
      </section>
      <section>
        <h3>Why some models have one direction only</h3>
        <p>
          A model that picks one of C classes has at most C − 1 sensitive directions, whatever the image (a model that gives C independent yes/no labels has at most C). A yes/no
          model therefore has exactly one: everything it can react to in this image is folded into a single pattern. More classes allow more independent directions.
        </p>
      </section>
      <section>
        <h3>Privacy</h3>
        <p>The model runs in this browser tab. Images you open are read here and never uploaded or logged; no request leaves this site.</p>
      </section>
      <section>
        <h3>Keyboard</h3>
        <table className="numbers shortcuts">
          <tbody>
            {SHORTCUTS.map((k) => (
              <tr key={k.keys}>
                <td>
                  <kbd>{k.keys}</kbd>
                </td>
                <td>{k.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="muted">
        Method: S. Sengupta and M. A. Anastasio, “Input-Dependent Fisher Information for Local Sensitivity Analysis of Medical Image Classifiers”, arXiv 2606.16362 (2026).
      </p>
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            s.setAboutOpen(false);
            s.setTourStep(0);
          }}
        >
          Take the tour
        </button>
        <button type="button" onClick={() => s.setAboutOpen(false)}>
          Close
        </button>
      </div>
    </dialog>
  );
}
