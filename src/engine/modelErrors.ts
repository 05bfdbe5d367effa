import * as tf from '@tensorflow/tfjs';
import { ModelLoadError } from './modelLoadError';

/**
 * TF.js's own errors while a model is built or first run, turned into ModelLoadErrors that say
 * what is wrong and where: an op without a kernel on this backend (and which backends have one),
 * an op without a gradient, an op or layer TF.js does not know, weights that do not match the
 * model. Anything unrecognised passes through unchanged.
 */
const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu'] as const;

/** Backends whose kernel for `kernelName` is registered in this process (only loaded backends register kernels). */
export function backendsWithKernel(kernelName: string): string[] {
  return BACKENDS.filter((b) => tf.getKernel(kernelName, b) !== undefined);
}

export function translateModelError(error: unknown, source: string): unknown {
  if (error instanceof ModelLoadError) {
    return error.file ? error : new ModelLoadError(error.code, `${source}: ${error.message}`, source);
  }
  const message = error instanceof Error ? error.message : String(error);
  let m = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(message);
  if (m) {
    const [, kernel, backend] = m;
    // A forward op without any gradient cannot serve whichever backend runs it.
    if (!/Backprop|Grad/.test(kernel) && tf.getGradient(kernel) === undefined) {
      return new ModelLoadError(
        'unsupported-op',
        `${source}: the op ${kernel} cannot run on the ${backend} backend (no kernel registered), and TF.js cannot differentiate it on any backend; the analysis needs input gradients, so the model must be exported without this op`,
        source,
      );
    }
    const others = backendsWithKernel(kernel).filter((b) => b !== backend);
    const where = others.length > 0 ? `TF.js has it for ${others.join(', ')}: choose ${others.length === 1 ? 'that backend' : 'one of those backends'}` : 'no backend loaded here has it';
    return new ModelLoadError('unsupported-op', `${source}: the op ${kernel} cannot run on the ${backend} backend (no kernel registered); ${where}`, source);
  }
  m = /gradient function not found for (\w+)/.exec(message);
  if (m) {
    return new ModelLoadError(
      'unsupported-op',
      `${source}: TF.js cannot differentiate the op ${m[1]}, which lies between the input and the output; the analysis needs the gradient of every logit with respect to the input`,
      source,
    );
  }
  m = /Unknown op '([^']+)'/.exec(message);
  if (m) return new ModelLoadError('unsupported-op', `${source}: the graph uses the op ${m[1]}, which TF.js does not implement on any backend`, source);
  m = /Unknown layer: (TFOpLambda\(tf\.[\w.]+\)[^—]*)— (.*)/.exec(message);
  if (m) return new ModelLoadError('unsupported-op', `${source}: the model applies a TensorFlow function, ${m[1].trim()}, inside Keras; ${m[2]}`, source);
  m = /Unknown (?:layer|activation|initializer|regularizer|constraint): (\w+)/.exec(message);
  if (m) {
    return new ModelLoadError('unsupported-op', `${source}: ${m[1]} is not a TF.js layer or function (a custom Keras object?); TF.js can only load built-in layers, or custom ones registered in JavaScript`, source);
  }
  m = /Provided weight data has no target variable: (\S+)/.exec(message);
  if (m) return new ModelLoadError('weight-mismatch', `${source}: the weightsManifest has a weight named ${m[1]}, which no layer of the model has; the weights belong to another model or were renamed`, source);
  m = /(\d+) of (\d+) weights are not set: (.*)/.exec(message);
  if (m) return new ModelLoadError('weight-mismatch', `${source}: ${m[1]} of the model's ${m[2]} weights are missing from the weightsManifest (${m[3]})`, source);
  if (/Shape mismatch|shape mismatch|Weight .* shape|weight.*has shape/i.test(message)) {
    return new ModelLoadError('weight-mismatch', `${source}: a weight's shape does not match its layer (${message})`, source);
  }
  return error;
}
