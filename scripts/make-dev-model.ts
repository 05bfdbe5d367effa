// A small CNN with seeded random weights, for developing the app before the demo models are trained.
// Not shipped: public/models/dev-random-cnn is ignored by git.
import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveLayersModel } from '../src/engine/node/modelFiles';

const dir = join('public', 'models', 'dev-random-cnn');
await tf.setBackend('cpu');
const init = (seed: number) => tf.initializers.glorotUniform({ seed });
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [64, 64, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, kernelInitializer: init(2) }),
    tf.layers.batchNormalization(),
    tf.layers.activation({ activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(3) }),
  ],
});
await saveLayersModel(model, dir);
await writeFile(
  join(dir, 'metadata.json'),
  JSON.stringify(
    {
      formatVersion: 1,
      id: 'dev-random-cnn',
      title: 'Development CNN (random weights)',
      description: 'Untrained; for development only.',
      classes: ['signal absent', 'signal present'],
      head: 'softmax',
      input: { height: 64, width: 64, channels: 1 },
      preprocessing: { intensity: 'unit', mean: [0.5], std: [0.25], resize: 'bilinear' },
    },
    null,
    2,
  ),
);
console.log(`wrote ${dir}`);
