import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FamilyCheck } from './testing/architectures/familyCheck';
import { checkFamily } from './testing/architectures/familyCheck';
import { asKerasWrites } from './testing/architectures/kerasBlocks';
import { mobileNetV1 } from './testing/architectures/mobilenetV1';
import { mobileNetV2 } from './testing/architectures/mobilenetV2';
import { mobileNetV3Small } from './testing/architectures/mobilenetV3';
import { convNeXtTiny } from './testing/architectures/convnextTiny';
import { denseNet } from './testing/architectures/densenet';
import { efficientNet } from './testing/architectures/efficientNet';
import { efficientNetV2 } from './testing/architectures/efficientNetV2';
import { inceptionResNetV2 } from './testing/architectures/inceptionResNetV2';
import { inceptionV3 } from './testing/architectures/inceptionV3';
import { nasNetMobile } from './testing/architectures/nasnetMobile';
import { resNet } from './testing/architectures/resnet';
import { vgg16 } from './testing/architectures/vgg16';
import { xception } from './testing/architectures/xception';
import { useWasmBackendInNode } from './wasm/nodeWasmSetup';

/**
 * "Plain TF.js" is tf.loadLayersModel on the same files in this process, where the engine has
 * registered its Keras layers (kerasCompat/kerasLayers.ts: Normalization, LayerScale, TFOpLambda,
 * CustomScaleLayer); kerasCompat.test.ts shows that TF.js alone refuses those. Where plain TF.js
 * refuses even so (Keras's keepdims, Keras 3's hard_swish), the reference is the model as the
 * test built it in memory.
 *
 * Every Keras Applications family, at reduced size with its defining blocks and Keras's layer
 * configurations, saved as a user's model.json + shard and loaded through the engine's loader
 * (wasm backend, as the CLI runs): it predicts as plain TF.js does, and the analysis's Jacobian
 * agrees with central finite differences. Builders: src/engine/testing/architectures/.
 */

const report: Record<string, FamilyCheck> = {};

afterAll(() => {
  // The measured figures, for the record (no assertion depends on this table).
  const rows = Object.entries(report).map(([name, c]) => ({
    family: name,
    'max |Δp| vs plain TF.js': c.plainDelta ?? `refused: ${(c.plainRefusal ?? '').slice(0, 40)}…`,
    'max |Δp| vs in memory': c.memoryDelta,
    'J·v vs FD (rel)': c.directionalError,
    'pixel vs FD (rel)': c.pixelError,
  }));
  console.table(rows);
});

interface Family {
  readonly build: () => tf.LayersModel;
  /** Edit of the saved JSON towards what Keras writes. */
  readonly edit?: (topology: unknown) => void;
  /** Pixel values the model takes (its own preprocessing layers expect [0, 255]). */
  readonly inputRange?: readonly [number, number];
  /** Plain tf.loadLayersModel refuses what Keras writes here (no such layer or option in TF.js). */
  readonly plainRefuses?: RegExp;
}

const FAMILIES: Record<string, Family> = {
  MobileNetV1: { build: () => mobileNetV1(), edit: asKerasWrites, plainRefuses: /incompatible with layer conv_preds/ },
  MobileNetV2: { build: () => mobileNetV2() },
  'MobileNetV3Small (Keras 2: TFOpLambda hard-swish)': { build: () => mobileNetV3Small(), edit: asKerasWrites, inputRange: [0, 255], plainRefuses: /incompatible with layer expanded_conv_0\/squeeze_excite\/Conv/ },
  'MobileNetV3Small (Keras 3: Activation hard_swish)': { build: () => mobileNetV3Small(32, 3, true), edit: asKerasWrites, inputRange: [0, 255], plainRefuses: /Unknown activation: hardSwish/ },
  'ResNet50 (v1)': { build: () => resNet(1, [2, 1, 1]) },
  'ResNet101 (v1, deeper stage)': { build: () => resNet(1, [1, 3]) },
  ResNet50V2: { build: () => resNet(2, [2, 2, 2]) },
  ResNet101V2: { build: () => resNet(2, [2, 3, 2]) },
  'DenseNet121 (sigmoid, multi-label)': { build: () => denseNet([2, 2]) },
  'DenseNet169 (sigmoid, multi-label)': { build: () => denseNet([2, 3]) },
  'InceptionV3 (BatchNormalization scale=false)': { build: () => inceptionV3() },
  InceptionResNetV2: { build: () => inceptionResNetV2() },
  Xception: { build: () => xception() },
  'EfficientNetB0 (Normalization weights, Rescaling)': { build: () => efficientNet('b0'), inputRange: [0, 255] },
  'EfficientNetB3 (wider, deeper)': { build: () => efficientNet('b3'), inputRange: [0, 255] },
  'EfficientNetV2-B (Rescaling offset)': { build: () => efficientNetV2('b'), inputRange: [0, 255] },
  'EfficientNetV2-S (Normalization config)': { build: () => efficientNetV2('s'), inputRange: [0, 255] },
  VGG16: { build: () => vgg16() },
  NASNetMobile: { build: () => nasNetMobile() },
  'ConvNeXtTiny (LayerNormalization, LayerScale, gelu)': { build: () => convNeXtTiny(), inputRange: [0, 255] },
};

async function expectFamily(name: string, family: Family): Promise<void> {
  const model = family.build();
  const check = await checkFamily(model, { edit: family.edit, inputRange: family.inputRange });
  model.dispose();
  report[name] = check;
  expect(check.memoryDelta).toBeLessThan(2e-6);
  if (family.plainRefuses) {
    expect(check.plainRefusal).toMatch(family.plainRefuses);
  } else {
    expect(check.plainRefusal).toBeNull();
    expect(check.plainDelta).toBeLessThan(2e-6);
  }
  // J·v along v = sign(∇z_c) (every pixel moves by one unit of the input's half-range).
  expect((check.directionalScale * ((family.inputRange?.[1] ?? 1) - (family.inputRange?.[0] ?? -1))) / 2).toBeGreaterThan(1e-2);
  expect(check.directionalError).toBeLessThan(2e-2);
  expect(check.pixelScale).toBeGreaterThan(0);
  expect(check.pixelError).toBeLessThan(2e-1);
  expect(check.tensorsAfter).toBe(check.tensorsBefore);
}

describe('on wasm (the CLI’s backend)', () => {
  beforeAll(async () => {
    await useWasmBackendInNode();
  });
  it.each(Object.entries(FAMILIES))('%s: loads, predicts as TF.js does, Jacobian agrees with finite differences', async (name, family) => expectFamily(name, family));
});

/** Families whose fixes are backend-independent code (BN rewrite, pooling gradient, Keras layers), once more on cpu. */
const ON_CPU = ['InceptionV3 (BatchNormalization scale=false)', 'NASNetMobile', 'MobileNetV3Small (Keras 2: TFOpLambda hard-swish)', 'ConvNeXtTiny (LayerNormalization, LayerScale, gelu)'];

describe('on cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it.each(ON_CPU)('%s', async (name) => expectFamily(`${name} [cpu]`, FAMILIES[name]));
});
