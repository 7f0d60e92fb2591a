/**
 * The bench page: `window.runBench(request)` starts a fresh worker, sends it one request and
 * resolves with its answer. `bench/run.ts` drives it through playwright-core.
 */
import type { WorkerRequest } from './bench-worker.ts';

declare global {
  interface Window {
    runBench(request: WorkerRequest): Promise<unknown>;
  }
}

window.runBench = (request) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; result?: unknown; backend?: string; error?: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve({ backend: event.data.backend, result: event.data.result });
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`bench worker failed: ${event.message}`));
    };
    worker.postMessage(request);
  });

document.body.dataset.ready = 'true';
