import { defineConfig, type Plugin } from 'vite';
import { CSP_HEADER, CSP_META } from './csp.config.ts';

/** Writes the Content-Security-Policy into index.html, so static hosts serve it too. */
function cspMetaTag(): Plugin {
  return {
    name: 'csp-meta-tag',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }],
  };
}

const securityHeaders = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// Vitest (mode 'test') serves its own browser-mode runner page, with inline scripts, from this
// config: the policy belongs to the app's pages only (dev, preview, build).
export default defineConfig(({ mode }) => ({
  plugins: mode === 'test' ? [] : [cspMetaTag()],
  worker: { format: 'es' },
  // Pre-bundle every runtime dependency up front so the dev server never reloads mid-session.
  optimizeDeps: {
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'lit', 'lit/decorators.js', 'chart.js/auto', 'fflate', 'idb-keyval', 'papaparse', 'seedrandom', 'protobufjs/light.js', 'onnxruntime-web/wasm'],
  },
  server: { headers: mode === 'test' ? {} : securityHeaders },
  preview: { headers: securityHeaders },
  build: { target: 'es2022', sourcemap: true },
}));
