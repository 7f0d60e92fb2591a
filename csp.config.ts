/**
 * The Content-Security-Policy of the app, in one place: sent as a header by the dev and preview
 * servers and written into the built index.html as a <meta> tag (for static hosts).
 *
 * - No 'unsafe-eval' and no inline scripts. The one exception is 'wasm-unsafe-eval': TensorFlow.js'
 *   wasm backend compiles its .wasm binary with WebAssembly.instantiate, which CSP blocks without it.
 * - Only the page's own origin: scripts, the worker, the .wasm files, fetches. Images may also be
 *   data: (the favicon) and blob: (chart snapshots); the zip download is a blob: URL.
 * - Fetches may also go to Open-Meteo's place search and archive, the two origins of
 *   src/ml/data/open-meteo.ts, and only when the user asks for a place (Data step).
 */
import { OPEN_METEO_ORIGINS } from './src/ml/data/open-meteo.ts';

const DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval'",
  'worker-src': "'self'",
  'connect-src': `'self' ${OPEN_METEO_ORIGINS.geocoding} ${OPEN_METEO_ORIGINS.archive}`,
  'img-src': "'self' data: blob:",
  'style-src': "'self'",
  'font-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
};

/** For the <meta> tag (frame-ancestors is ignored there). */
export const CSP_META = Object.entries(DIRECTIVES)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ');

/** For the HTTP header of the dev and preview servers. */
export const CSP_HEADER = `${CSP_META}; frame-ancestors 'none'`;
