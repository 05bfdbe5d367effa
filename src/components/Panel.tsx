import type { ReactNode } from 'react';

interface Props {
  readonly title: ReactNode;
  readonly caption?: ReactNode;
  readonly children: ReactNode;
  readonly testId?: string;
}

/** A titled frame around one picture or list. */
export function Panel({ title, caption, children, testId }: Props) {
  return (
    <section className="panel" data-testid={testId}>
      <h2 className="panel-title">{title}</h2>
      <div className="panel-body">{children}</div>
      {caption ? <p className="panel-caption">{caption}</p> : null}
    </section>
  );
}
