import { useEffect } from 'react';
import { useAppStore, useStoreApi } from './storeContext';

/** The guided first-run tour: a few steps, each pointing at one part of the page (data-tour). */
export const TOUR_STEPS: readonly { target: string; title: string; text: string }[] = [
  { target: 'image', title: 'The image', text: 'The image the model looked at. Wheel to zoom, drag to pan, right-drag for window/level. The yellow outline is the known ground truth of this demo.' },
  { target: 'eigenvector', title: 'The most sensitive direction', text: 'A faint pattern that, added to the image, changes the model’s answer most. Red brightens, blue darkens. It is not an outline of disease.' },
  { target: 'scrub', title: 'Scrub through the directions', text: 'Use ← → for the next direction and [ ] for how many directions make up x_high(k). Turn on the overlay to see a direction over the image.' },
  { target: 'spectrum', title: 'How sensitive', text: 'Each bar is one direction’s sensitivity λ (log scale). Click a bar to show that direction.' },
  { target: 'walk', title: 'Take a step', text: 'Move the slider to add the direction to the image and rerun the model: the probabilities move, and the measured change matches ½ε²λ for small steps.' },
];

export function Tour() {
  const store = useStoreApi();
  const step = useAppStore((s) => s.tourStep);
  const done = useAppStore((s) => s.tourDone);
  const ready = useAppStore((s) => s.status === 'done' && s.image?.source.kind === 'sample');
  const s = store.getState();

  // First run on a demo: start once the first analysis is on screen.
  useEffect(() => {
    if (ready && !done && store.getState().tourStep === null) store.getState().setTourStep(0);
  }, [ready, done]);

  const current = step === null ? null : TOUR_STEPS[step];
  useEffect(() => {
    if (!current) return;
    const target = document.querySelector(`[data-tour="${current.target}"]`);
    target?.classList.add('tour-highlight');
    target?.scrollIntoView({ block: 'nearest' });
    return () => target?.classList.remove('tour-highlight');
  }, [current]);

  if (!current || step === null) return null;
  const last = step === TOUR_STEPS.length - 1;
  return (
    <aside className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title" data-testid="tour">
      <p className="muted">
        Tour {step + 1} of {TOUR_STEPS.length}
      </p>
      <h2 id="tour-title">{current.title}</h2>
      <p>{current.text}</p>
      <div className="button-row">
        <button type="button" onClick={() => s.finishTour()} data-testid="tour-skip">
          {last ? 'Done' : 'Skip tour'}
        </button>
        {step > 0 ? (
          <button type="button" onClick={() => s.setTourStep(step - 1)}>
            Back
          </button>
        ) : null}
        {!last ? (
          <button type="button" className="primary" onClick={() => s.setTourStep(step + 1)} data-testid="tour-next">
            Next
          </button>
        ) : null}
      </div>
    </aside>
  );
}
