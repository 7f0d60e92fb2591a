/**
 * Builds the app once for all end-to-end files and serves it with `vite preview`; each file gets
 * the URL through `inject('appUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { buildAndServe } from './app-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await buildAndServe();
  project.provide('appUrl', app.url);
  return () => app.close();
}
