import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The viewer is a static site: every model, sample and wasm binary is served from this origin,
 * so no request ever leaves it (no CDN, no fonts, no analytics). e2e/privacy.spec.ts checks this.
 */
export default defineConfig({
  plugins: [
    react(),
    // Offline after the first visit: the built app precaches itself, the demo models and samples,
    // and the wasm binaries (Workbox, through vite-plugin-pwa). Only in a build: the dev server
    // stays cache-free so every edit is seen at once. e2e/offline.spec.ts checks it.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,json,bin,png,jpg,dcm,webp,bmp,gif,svg}'],
        // The analysis worker bundles TF.js (about 2.5 MB); Workbox's default limit is 2 MiB.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // The state lives in the query string (?model=…&sample=…): every such URL is index.html.
        ignoreURLParametersMatching: [/.*/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  // One page, state in the query string. 'mpa' turns off the SPA fallback, so a missing model or
  // catalog is a 404 rather than index.html served as JSON.
  appType: 'mpa',
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
  worker: {
    // The analysis worker is a module worker (src/worker/analysisClient.ts).
    format: 'es',
  },
  optimizeDeps: {
    // The workers are reached through `new URL('./analysisWorker.ts', import.meta.url)`, which the
    // dependency scanner does not follow. Without these, the first visit discovers TF.js (or the
    // DICOM decoders) late, re-optimises and reloads the page mid-analysis.
    entries: ['index.html', 'src/worker/analysisWorker.ts', 'src/worker/imageDecodeWorker.ts'],
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'comlink',
      'fast-png',
      'zod',
      'zustand',
      'uplot',
      'fflate',
      'react',
      'react-dom',
      'react-dom/client',
    ],
  },
  // `?url` imports of the tfjs-backend-wasm binaries (src/engine/browserPlatform.ts) become
  // same-origin assets: served from node_modules in dev, emitted under assets/ in a build.
  assetsInclude: ['**/*.wasm'],
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
});
