// The worker entry: messages only. TensorFlow.js lives on this side of the boundary alone.
import * as Comlink from 'comlink';
import { browserPlatform } from '../engine/browserPlatform';
import { createAnalysisService, payloadTransferables } from './analysisService';
import type { AnalysisApi, AnalysisPhase, AnalysisRequest } from './protocol';

const service = createAnalysisService(browserPlatform);

const exposed: AnalysisApi = {
  ...service,
  async analyze(request: AnalysisRequest, onPhase?: (phase: AnalysisPhase) => void) {
    try {
      const payload = await service.analyze(request, onPhase);
      return Comlink.transfer(payload, payloadTransferables(payload));
    } finally {
      // The callback arrives as a Comlink proxy holding a MessagePort on each side; release it,
      // or every analysis leaves one channel open.
      (onPhase as Partial<Comlink.Remote<unknown>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },
};

Comlink.expose(exposed);
