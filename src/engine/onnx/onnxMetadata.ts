import type { InferredMetadata } from '../../core';
import { parseModelMetadata } from '../../core';

/** torchvision's ImageNet normalisation (transforms.Normalize in every torchvision classifier recipe). */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

/**
 * Inferred metadata for an ONNX model without metadata.json: a 3-channel PyTorch model almost
 * always expects torchvision's ImageNet normalisation, so that is the default offered — still a
 * default the form asks the user to confirm.
 */
export function withImageNetDefault(inferred: InferredMetadata): InferredMetadata {
  if (inferred.metadata.input.channels !== 3) return inferred;
  const metadata = parseModelMetadata(
    { ...inferred.metadata, preprocessing: { ...inferred.metadata.preprocessing, mean: [...IMAGENET_MEAN], std: [...IMAGENET_STD] } },
    'inferred metadata',
  );
  const note = "torchvision's ImageNet normalisation, the usual for PyTorch models: check it against the model's training transforms";
  const fields = inferred.fields.map((f) => (f.path === 'preprocessing.mean' || f.path === 'preprocessing.std' ? { ...f, note } : f));
  return { ...inferred, metadata, fields };
}
