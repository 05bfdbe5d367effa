// Architecture boundaries: dependencies point one way (see docs/architecture.md).
// core ← io, engine, tasks, worker, render ← store ← components ← app; the CLI uses core, io, engine, tasks, render.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (folder, forbidden, extraPatterns = []) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((f) => ({
            group: [`**/${f}/*`, `../${f}`, `../../${f}`],
            message: `src/${folder} must not depend on src/${f} (see docs/architecture.md).`,
          })),
          ...extraPatterns,
        ],
      },
    ],
  },
});

const noTfjs = { group: ['@tensorflow/*'], message: 'Only src/engine imports TensorFlow.js.' };
const noReact = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'React belongs to src/components and src/app.' };
const noZustand = { group: ['zustand', 'zustand/*'], message: 'Only src/store imports zustand.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/core/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  {
    // A synchronous read on the webgpu backend goes through a WebGPU canvas: slow everywhere, and it
    // crashes headless Chromium's GPU process on SwiftShader. Read tensors with await data()/array().
    files: ['src/engine/**/*.ts', 'src/worker/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/engine/wasm/**', 'src/engine/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(dataSync|arraySync|bufferSync)$/]", message: 'Use await tensor.data() / .array(): synchronous reads break the webgpu backend.' },
      ],
    },
  },
  layer('core', ['io', 'engine', 'tasks', 'worker', 'render', 'store', 'components', 'app', 'cli'], [noTfjs, noReact, noZustand]),
  layer('io', ['engine', 'tasks', 'worker', 'render', 'store', 'components', 'app', 'cli'], [noTfjs, noReact, noZustand]),
  layer('tasks', ['io', 'engine', 'worker', 'render', 'store', 'components', 'app', 'cli'], [noTfjs, noReact, noZustand]),
  layer('engine', ['io', 'tasks', 'worker', 'render', 'store', 'components', 'app', 'cli'], [noReact, noZustand]),
  layer('worker', ['render', 'store', 'components', 'app', 'cli'], [noReact, noZustand]),
  layer('render', ['io', 'engine', 'tasks', 'worker', 'store', 'components', 'app', 'cli'], [noTfjs, noReact, noZustand]),
  layer('store', ['components', 'app', 'cli', 'engine'], [noTfjs, noReact]),
  layer('components', ['app', 'cli', 'engine', 'worker', 'io', 'tasks'], [noTfjs, noZustand]),
  layer('app', ['cli', 'engine'], [noTfjs]),
  layer('cli', ['worker', 'store', 'components', 'app'], [noReact, noZustand]),
);
