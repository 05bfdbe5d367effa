import * as tf from '@tensorflow/tfjs';
import { functional, input, KerasBuilder } from './kerasBlocks';

/** keras.applications.VGG16 at reduced size: blocks of 3×3 ReLU convolutions and max pooling, Flatten, two ReLU Dense layers, softmax. */
export function vgg16(size = 32, classes = 3): tf.LayersModel {
  const b = new KerasBuilder(50);
  const inputs = input(size);
  let x = inputs;
  [
    [8, 2],
    [12, 2],
    [16, 3],
  ].forEach(([filters, convs], i) => {
    for (let j = 1; j <= convs; j++) x = b.conv(x, filters, 3, { padding: 'same', activation: 'relu', name: `block${i + 1}_conv${j}` });
    x = b.maxPool(x, 2, 2, `block${i + 1}_pool`);
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = b.dense(x, 24, 'fc1', 'relu');
  x = b.dense(x, 24, 'fc2', 'relu');
  return functional(inputs, b.dense(x, classes, 'predictions', 'softmax'), 'vgg16');
}

