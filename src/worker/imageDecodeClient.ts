import * as Comlink from 'comlink';
import { decodeImageFile } from '../io/decodeImage';
import { setCodecPlatform } from '../io/dicom';
import { browserCodecPlatform } from '../io/dicom/codecs/browserCodecPlatform';
import type { DecodedFile, ImageDecodeApi } from './imageDecodeProtocol';
import { unpackDecoded } from './imageDecodeProtocol';

/**
 * Image decoding off the main thread: a small module worker of its own (the analysis worker may be
 * busy with a Jacobian), started on first use. If no worker can start, the same decoder runs on
 * the main thread.
 */
export interface ImageDecoder {
  decode(bytes: Uint8Array, name: string): Promise<DecodedFile>;
  location(): 'worker' | 'main-thread' | 'not-started';
}

interface RunningWorker {
  readonly api: Comlink.Remote<ImageDecodeApi>;
  /** Resolves if the worker fails (its module did not load): pending calls would never settle. */
  readonly died: Promise<void>;
  dead: boolean;
}

export function createImageDecoder(): ImageDecoder {
  let running: RunningWorker | null | undefined;
  let where: 'worker' | 'main-thread' | 'not-started' = 'not-started';

  const startWorker = (): RunningWorker | null => {
    if (typeof Worker !== 'function') return null;
    try {
      const worker = new Worker(new URL('./imageDecodeWorker.ts', import.meta.url), { type: 'module', name: 'ifim-decode' });
      let markDead: () => void = () => {};
      const died = new Promise<void>((resolve) => (markDead = resolve));
      const entry: RunningWorker = { api: Comlink.wrap<ImageDecodeApi>(worker), died, dead: false };
      worker.addEventListener(
        'error',
        (event) => {
          console.warn('image decode worker unavailable; decoding on the main thread:', event.message || 'the worker failed to start');
          entry.dead = true;
          worker.terminate();
          markDead();
        },
        { once: true },
      );
      return entry;
    } catch {
      return null;
    }
  };

  async function onMainThread(bytes: Uint8Array, name: string): Promise<DecodedFile> {
    where = 'main-thread';
    // The page imports the decoders anyway (toDisplayImage for other frames); only the codecs'
    // WebAssembly loads on first use.
    setCodecPlatform(browserCodecPlatform);
    return { decoded: await decodeImageFile(bytes, name) };
  }

  return {
    location: () => where,
    async decode(bytes, name) {
      if (running === undefined) running = startWorker();
      const w = running;
      if (!w || w.dead) return onMainThread(bytes, name);
      // The worker takes the bytes (transferred); keep a copy in case it dies before answering.
      const copy = bytes.slice();
      const died = w.died.then(() => null);
      const answer = await Promise.race([w.api.decode(Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]), name), died]);
      if (answer === null) return onMainThread(copy, name);
      where = 'worker';
      return unpackDecoded(answer);
    },
  };
}
