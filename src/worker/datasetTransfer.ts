import * as Comlink from 'comlink';
import type { DatasetStudyRequest } from './protocol';

/** The data-set study request with the image bytes it carries moved to the worker, not copied. */
export function transferDatasetRequest(request: DatasetStudyRequest): DatasetStudyRequest {
  const buffers = request.files?.images.map((image) => image.bytes) ?? [];
  return buffers.length > 0 ? Comlink.transfer(request, buffers) : request;
}
