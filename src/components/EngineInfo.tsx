import { formatMs } from './format';
import { Panel } from './Panel';
import { useAppStore, useAppStoreShallow } from './storeContext';

const WORKER_TIMINGS = [
  ['preprocess', 'preprocess'],
  ['forward', 'forward pass'],
  ['jacobian', 'Jacobian (C rows)'],
  ['eigen', 'eigenproblem'],
  ['projection', 'projections'],
  ['total', 'total in the engine'],
] as const;

/** The backend in use (with the software-adapter note), where the engine runs, and the timings. */
export function EngineInfo() {
  const backend = useAppStore((s) => s.backend);
  const preference = useAppStore((s) => s.backendPreference);
  const location = useAppStore((s) => s.engineLocation);
  const workerTimings = useAppStore((s) => s.payload?.timingsMs ?? null);
  const client = useAppStoreShallow((s) => s.clientTimingsMs);
  const notice = useAppStore((s) => s.model?.summary.notice ?? null);
  return (
    <Panel title="Engine" testId="engine-panel">
      <dl className="facts">
        <dt>Backend</dt>
        <dd data-testid="backend">
          {backend ? backend.name : '—'}
          {preference === 'auto' ? ' (chosen automatically)' : ` (asked for: ${preference})`}
        </dd>
        <dt>Device</dt>
        <dd>{backend?.device || '—'}</dd>
        <dt>Runs in</dt>
        <dd>{location === 'worker' ? 'a Web Worker (the page stays responsive)' : location === 'main-thread' ? 'the main thread (no worker could start)' : '—'}</dd>
      </dl>
      {backend?.software ? (
        <p className="note" data-testid="software-note">
          This {backend.name === 'webgpu' ? 'WebGPU adapter' : backend.name === 'webgl' ? 'WebGL renderer' : 'device'} is a software rasteriser ({backend.device}), not a GPU: results are
          correct but slow. On this machine the wasm backend is faster (?backend=wasm).
        </p>
      ) : null}
      {backend?.skipped.length ? (
        <p className="muted">Passed over: {backend.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.</p>
      ) : null}
      {notice ? <p className="note">{notice}</p> : null}
      <table className="numbers" data-testid="timings">
        <tbody>
          {WORKER_TIMINGS.map(([key, label]) => (
            <tr key={key}>
              <td>{label}</td>
              <td>{formatMs(workerTimings?.[key])}</td>
            </tr>
          ))}
          <tr>
            <td>round trip seen by the page</td>
            <td>{formatMs(client.roundTrip)}</td>
          </tr>
          <tr>
            <td>model load</td>
            <td>{formatMs(client.modelLoad)}</td>
          </tr>
          <tr>
            <td>image load</td>
            <td>{formatMs(client.imageLoad)}</td>
          </tr>
          <tr>
            <td>engine start</td>
            <td>{formatMs(client.engineStart)}</td>
          </tr>
        </tbody>
      </table>
    </Panel>
  );
}
