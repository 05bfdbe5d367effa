import { isBinarySoftmax, useAppStore } from '../store';
import { formatPercent, formatScientific } from './format';
import { subscript } from './ModeControls';
import { Panel } from './Panel';

/** λ_1 ≥ λ_2 ≥ …: all C eigenvalues of K, those below the rank tolerance marked as numerically zero. */
export function EigenvalueList() {
  const payload = useAppStore((s) => s.payload);
  const binary = useAppStore(isBinarySoftmax);
  if (!payload) {
    return (
      <Panel title="Eigenvalues of the iFIM" testId="eigenvalue-panel">
        <p className="muted">no analysis yet</p>
      </Panel>
    );
  }
  const classes = payload.classes.length;
  const bound = payload.head === 'softmax' ? classes - 1 : classes;
  const trace = payload.traceFisher;
  return (
    <Panel
      title="Eigenvalues of the iFIM"
      testId="eigenvalue-panel"
      caption={
        <>
          Numerical rank <strong data-testid="rank">{payload.rank}</strong> (at most {bound}: {payload.head === 'softmax' ? `C − 1 for a softmax head with C = ${classes}` : `C for ${classes} sigmoid outputs`}).
          {binary ? <> A binary softmax classifier has exactly one sensitive direction.</> : null} tr F = {formatScientific(trace)}.
        </>
      }
    >
      <table className="numbers" data-testid="eigenvalues">
        <thead>
          <tr>
            <th>mode</th>
            <th>λ</th>
            <th>share of tr F</th>
          </tr>
        </thead>
        <tbody>
          {Array.from(payload.eigenvalues, (value, i) => (
            <tr key={i} className={i < payload.rank ? undefined : 'muted'}>
              <td>λ{subscript(i + 1)}</td>
              <td>{formatScientific(value)}</td>
              <td>{i < payload.rank ? formatPercent(trace > 0 ? value / trace : 0) : 'numerically zero'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
