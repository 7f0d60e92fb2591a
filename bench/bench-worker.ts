/// <reference lib="webworker" />
/**
 * The bench page's worker: trains in a Web Worker on the requested backend, as the app's ML
 * worker does (same `initBackend`, same `.wasm` URLs), and posts the measurements back.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import seattleCsv from '../datasets/seattle.csv?raw';
import toledoCsv from '../datasets/ghcn/USW00094830.csv?raw';
import { initBackend, type BackendName } from '../src/ml/backend.ts';
import { measure, measureSearch, prepareLongRecord, prepareSeattle, type MeasureRequest } from './measure.ts';

export type WorkerRequest =
  | { kind: 'measure'; backend: BackendName; runs: MeasureRequest[] }
  | { kind: 'search'; backend: BackendName; epochsPerTrial: number; stockRecurrent?: boolean }
  /** The long-record scenario: Toledo with `years` of training data. */
  | { kind: 'long'; backend: BackendName; years: number; runs: MeasureRequest[] };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const data = prepareSeattle(seattleCsv);

scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  try {
    const backend = await initBackend(req.backend, {
      wasmPaths: {
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      },
    });
    if (req.kind === 'search') {
      scope.postMessage({ ok: true, backend, result: await measureSearch(data, req.epochsPerTrial, req.stockRecurrent) });
      return;
    }
    const results = [];
    const set = req.kind === 'long' ? prepareLongRecord(toledoCsv, req.years) : data;
    for (const run of req.runs) results.push({ ...(await measure(set, run)), windows: set.train.count });
    scope.postMessage({ ok: true, backend, result: results });
  } catch (error) {
    scope.postMessage({ ok: false, error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
};
