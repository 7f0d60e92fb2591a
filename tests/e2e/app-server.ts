/**
 * Builds the app with Vite and serves it with `vite preview` on a loopback port, as a user's
 * browser would get it from a static host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function buildAndServe(): Promise<RunningApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'forecast-e2e-dist-'));
  // Vitest sets NODE_ENV=test, which makes Vite resolve Lit's development build: test the shipped one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: ROOT, mode: 'production', configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const port = 4300 + Math.floor(Math.random() * 600);
  const server = await preview({
    root: ROOT,
    mode: 'production',
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
