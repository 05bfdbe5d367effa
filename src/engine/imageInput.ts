import * as tf from '@tensorflow/tfjs';
import type { ModelMetadata } from '../core';
import { ModelLoadError } from './modelLoadError';

/**
 * How one image reaches a model's input. The analysis always holds images as (B, H, W, Ch); models
 * declare their input in one of a few single-image forms, and this file is the rule (docs/
 * bring-your-own-model.md, "Inputs"):
 *   rank 4  (batch, H, W, Ch), batch None or 1                      channels last (TF/Keras)
 *   rank 4  (batch, Ch, H, W), Ch 1 or 3 and W not 1 or 3          channels first (ONNX-converted)
 *   rank 3  (H, W, Ch) with Ch 1 or 3, fixed                        one image, no batch axis: we add it
 *   rank 3  (None, H, W)                                            grey images without a channel axis
 * Unknown H, W or Ch is taken from metadata.json when it gives the input size. Anything else is
 * refused with code 'input-shape'. (Decoded images are fed as grey or RGB, so a model loaded from a
 * user's files must take 1 or 3 channels: loadModel.ts checks that.)
 */
export interface InputLayout {
  /** The image the analysis feeds: height, width, channels. */
  readonly shape: readonly [number, number, number];
  /** any: batches of B images at once; one: batch axis fixed to 1; none: no batch axis. */
  readonly batch: 'any' | 'one' | 'none';
  readonly channels: 'last' | 'first' | 'absent';
  /** The declared shape, as the model states it (null where unknown). */
  readonly declared: ReadonlyArray<number | null>;
}

function known(d: number | null | undefined): d is number {
  return typeof d === 'number' && d > 0;
}

function shapeText(shape: ReadonlyArray<number | null>): string {
  return `[${shape.map((d) => (known(d) ? d : 'None')).join(', ')}]`;
}

export function imageInputLayout(declared: ReadonlyArray<number | null>, dtype: string, metadata: ModelMetadata | null, source: string): InputLayout {
  const fail = (why: string): never => {
    throw new ModelLoadError('input-shape', `${source}: the model's input has shape ${shapeText(declared)}; ${why}`, source);
  };
  if (dtype !== 'float32') {
    throw new ModelLoadError('input-shape', `${source}: the model's input is ${dtype}; the analysis differentiates with respect to the pixels, so it needs a float32 input`, source);
  }
  const fromMetadata = (h: number | null | undefined, w: number | null | undefined, c: number): readonly [number, number, number] => {
    const height = known(h) ? h : metadata?.input.height;
    const width = known(w) ? w : metadata?.input.width;
    if (!known(height) || !known(width)) fail('its height and width are not fixed; give them in metadata.json ("input": {"height", "width", "channels"})');
    if (!known(c)) fail('its number of channels is not fixed; give it in metadata.json ("input": {"channels"})');
    return [height as number, width as number, c];
  };
  const batchOf = (d: number | null): 'any' | 'one' => {
    if (!known(d)) return 'any';
    if (d === 1) return 'one';
    return fail(`its batch size is fixed to ${d}; only models that take one image (batch None or 1) can be analysed`);
  };
  if (declared.length === 4) {
    const [b, d1, d2, d3] = declared;
    const batch = batchOf(b);
    const lastIsChannels = known(d3) && (d3 === 1 || d3 === 3);
    const firstIsChannels = known(d1) && (d1 === 1 || d1 === 3);
    if (!lastIsChannels && firstIsChannels) return { shape: fromMetadata(d2, d3, d1), batch, channels: 'first', declared };
    const channels = known(d3) ? d3 : (metadata?.input.channels ?? 0);
    return { shape: fromMetadata(d1, d2, channels), batch, channels: 'last', declared };
  }
  if (declared.length === 3) {
    const [d0, d1, d2] = declared;
    if (!known(d0)) return { shape: fromMetadata(d1, d2, 1), batch: 'any', channels: 'absent', declared };
    if (known(d2) && (d2 === 1 || d2 === 3)) return { shape: fromMetadata(d0, d1, d2), batch: 'none', channels: 'last', declared };
    return fail('read as (height, width, channels) it has neither 1 nor 3 channels');
  }
  return fail(`the analysis feeds single images: (batch, height, width, channels) or (height, width, channels), not rank ${declared.length}`);
}

/** (B, H, W, Ch) as the analysis holds images → the form the model's input declares. */
function toModelForm(layout: InputLayout, x: tf.Tensor): tf.Tensor {
  if (layout.channels === 'first') return tf.transpose(x, [0, 3, 1, 2]);
  if (layout.channels === 'absent') return tf.squeeze(x, [3]);
  return x;
}

/**
 * Runs `predict` on a batch of images (B, H, W, Ch) and returns (B, values per image). Models that
 * take one image at a time are called once per image; the results are concatenated, so gradients
 * flow as for a batched model.
 */
export function runOnImages(layout: InputLayout, x: tf.Tensor4D, predict: (input: tf.Tensor) => tf.Tensor): tf.Tensor2D {
  const batch = x.shape[0];
  if (layout.batch === 'any') {
    const out = predict(toModelForm(layout, x));
    return tf.reshape(out, [batch, out.size / batch]);
  }
  const images = batch === 1 ? [x] : tf.split(x, batch, 0);
  const rows = images.map((image) => {
    const modelForm = toModelForm(layout, image);
    const out = predict(layout.batch === 'none' ? tf.squeeze(modelForm, [0]) : modelForm);
    return tf.reshape(out, [1, out.size]);
  });
  return (rows.length === 1 ? rows[0] : tf.concat(rows, 0)) as tf.Tensor2D;
}
