import { defineConfig } from 'vite';

export default defineConfig({
  worker: { format: 'es' },
  // Pre-bundle every runtime dependency up front so the dev server never reloads mid-session.
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'lit', 'lit/decorators.js', 'chart.js/auto', 'fflate', 'idb-keyval', 'papaparse', 'seedrandom'],
  },
  build: { target: 'es2022', sourcemap: true },
});
