import { useAppStore } from './storeContext';
import { analysisWarnings, bannerHeadline } from './warnings';

/**
 * The analysis's warnings in plain language: an image unlike the model's training images, an
 * uncertain prediction, a model that barely reacts here. It belongs to the analysis on screen, so
 * it stays while that model and image are analysed again, and goes with a new image or model.
 */
export function DomainBanner() {
  const warnings = useAppStore(analysisWarnings);
  const headline = bannerHeadline(warnings);
  if (!headline) return null;
  return (
    <section className="domain-banner" role="alert" aria-label="Warnings about this result" data-testid="domain-banner">
      <p className="domain-banner-headline">
        <strong>{headline}</strong>
      </p>
      <ul>
        {warnings.map((w) => (
          <li key={w.code} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
