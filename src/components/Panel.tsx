import type { ReactNode } from 'react';

interface Props {
  readonly title: ReactNode;
  readonly caption?: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
  /** Controls shown at the right of the title (export, toggles). */
  readonly actions?: ReactNode;
  /** Anchor for the guided tour (data-tour). */
  readonly tour?: string;
  readonly className?: string;
  /** Id of the caption, so a canvas can name it as its description (aria-describedby). */
  readonly captionId?: string;
}

/** A titled frame around one picture or chart. */
export function Panel({ title, caption, children, testId, actions, tour, className, captionId }: Props) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} data-testid={testId} data-tour={tour}>
      <div className="panel-head">
        <h2 className="panel-title">{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </div>
      <div className="panel-body">{children}</div>
      {caption ? (
        <p className="panel-caption" id={captionId}>
          {caption}
        </p>
      ) : null}
    </section>
  );
}
