// Benchmark: published architectures at full size, the logit Jacobian on each Node backend, in
// analysis mode (the model compiled for input gradients) and plain mode (tf.grad over C tiled
// copies, the way it ran before), against PyTorch float32 on one thread on the same weights.
//
//   npx tsx bench/architectures.ts [--arch mobilenetv2,densenet121,resnet50,gray512]
//                                  [--backends wasm,cpu] [--no-plain] [--no-peer]
//
// Every measurement runs in its own process (runOne.ts), so that peak RSS is that measurement's:
// the wasm heap only grows. The PyTorch peer (torchPeer.py) needs Debian's python3-torch; it
// rebuilds the network from the exported topology and weights and must agree with TF.js before
// its time is used. Environment: IFIM_PEER_PYTHON picks the python that has torch.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_ARCHITECTURES } from './architectures/builders';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: BENCH_ARCHITECTURES.map((a) => a.id).join(',') },
    backends: { type: 'string', default: 'wasm,cpu' },
    'no-plain': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
  },
});

/** cpu runs only where it takes well under a minute; the others take minutes per Jacobian there. */
const CPU_ARCHITECTURES = new Set(['mobilenetv2']);

type Row = Record<string, number | string | undefined>;

function runOne(args: string[]): Row {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'architectures', 'runOne.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
  if (out.status !== 0 || !line) {
    const reason = out.stderr.split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${out.status}`;
    throw new Error(`runOne ${args.join(' ')} failed: ${reason.slice(0, 300)}`);
  }
  return JSON.parse(line) as Row;
}

function peerPython(): string | null {
  for (const candidate of [process.env.IFIM_PEER_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean) as string[]) {
    const probe = spawnSync(candidate, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

function runPeer(python: string, exportDir: string): Row {
  const env: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  // Set on some machines for older OpenBLAS builds; they slow PyTorch by 10–15 % (PLATFORM.md).
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync(python, [join(here, 'architectures', 'torchPeer.py'), exportDir], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Row;
}

const ms = (v: unknown): string => (typeof v === 'number' ? (v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) : '—');
const gb = (v: unknown): string => (typeof v === 'number' ? `${(v / 1024 ** 3).toFixed(2)} GB` : '—');
const ratio = (a: unknown, b: unknown): string => (typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(2)}` : '—');

const python = values['no-peer'] ? null : peerPython();
const scratch = mkdtempSync(join(tmpdir(), 'ifim-bench-'));
console.log(`# ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${(totalmem() / 1024 ** 3).toFixed(0)} GB · Node ${process.version}`);
console.log(python ? `PyTorch peer: ${python}` : 'PyTorch peer: not available (no python with torch), ratios omitted');
const lines: string[] = [
  '| architecture | backend | fwd b=1 | fwd b=C | J analysis | J / fwd(b=C) | peak RSS (J) | J plain (before) | peak RSS (plain) | PyTorch J (frozen / with weight grads) | J ÷ PyTorch (after / before) | agreement (logits, J) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];
try {
  for (const id of values.arch!.split(',')) {
    const arch = BENCH_ARCHITECTURES.find((a) => a.id === id);
    if (!arch) throw new Error(`unknown --arch ${id}`);
    for (const backend of values.backends!.split(',')) {
      if (backend === 'cpu' && !CPU_ARCHITECTURES.has(id)) {
        lines.push(`| ${arch.title} | cpu | skipped: a Jacobian takes minutes on the cpu backend | | | | | | | | | |`);
        console.log(lines.at(-1));
        continue;
      }
      const forward = runOne(['--arch', id, '--backend', backend, '--task', 'forward']);
      const exportDir = join(scratch, `${id}-${backend}`);
      // cpu: one timed run, no warm-up (a MobileNetV2 Jacobian takes ~40 s there).
      const once = backend === 'cpu' ? ['--repeats', '1', '--warmup', '0'] : [];
      const analysis = runOne(['--arch', id, '--backend', backend, '--mode', 'analysis', ...once, ...(python && backend === 'wasm' ? ['--export', exportDir] : [])]);
      // Plain mode on cpu takes minutes even for MobileNetV2: analysis mode only there.
      const plain = values['no-plain'] || backend === 'cpu' ? null : runOne(['--arch', id, '--backend', backend, '--mode', 'plain', '--repeats', '1', '--warmup', '0']);
      const peer = python && backend === 'wasm' ? runPeer(python, exportDir) : null;
      const agreement = peer ? `${Number(peer.logitsRelDiff).toExponential(1)}, ${Number(peer.jacobianRelDiff).toExponential(1)}` : '—';
      lines.push(
        `| ${arch.title} | ${backend} | ${ms(forward.forward1Ms)} | ${ms(forward.forwardCMs)} | ${ms(analysis.jacobianMs)} | ${ratio(analysis.jacobianMs, forward.forwardCMs)} | ${gb(analysis.peakRssBytes)} | ` +
          `${ms(plain?.jacobianMs)} | ${gb(plain?.peakRssBytes)} | ${peer ? `${ms(peer.jacobianMs)} / ${ms(peer.jacobianWithWeightGradsMs)}` : '—'} | ` +
          `${peer ? `${ratio(analysis.jacobianMs, peer.jacobianMs)} / ${ratio(plain?.jacobianMs, peer.jacobianMs)}` : '—'} | ${agreement} |`,
      );
      console.log(lines.at(-1));
      if (peer) console.log(`  PyTorch ${peer.torchVersion}, ${peer.threads} thread: fwd b=1 ${ms(peer.forward1Ms)}, fwd b=C ${ms(peer.forwardCMs)}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log('\n' + lines.join('\n'));
