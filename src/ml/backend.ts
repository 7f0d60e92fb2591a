/**
 * Chooses and initialises the TensorFlow.js backend for the ML core (Node, Web Worker, page).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerConv2DBackpropFilterWasm } from './kernels/conv2d-backprop-filter-wasm.ts';

/** Backends the app knows how to use. */
export type BackendName = 'wasm' | 'cpu' | 'webgl';

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Where the `.wasm` binaries live: a URL prefix, or a map from binary file name
   * (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`, `tfjs-backend-wasm-threaded-simd.wasm`)
   * to URL. Omit in Node (the package finds its binaries itself). Only applied before the wasm
   * backend is first initialised.
   */
  wasmPaths?: Record<string, string> | string;
}

let wasmPathsApplied = false;

/**
 * Switches TensorFlow.js to `preferred`, falling back to `'cpu'` when that backend cannot start
 * (`setBackend` resolves `false` or throws, e.g. an unreachable `.wasm` file or no WebGL).
 * Registers the custom wasm `Conv2DBackpropFilter` kernel once. Cheap when already on `preferred`.
 *
 * @returns the backend actually in use after `tf.ready()`; compare it with `preferred` to detect
 *   a fallback.
 */
export async function initBackend(
  preferred: BackendName = 'wasm',
  options?: InitBackendOptions,
): Promise<BackendName> {
  registerConv2DBackpropFilterWasm();
  if (tf.getBackend() === preferred) {
    await tf.ready();
    return tf.getBackend() as BackendName;
  }

  if (preferred === 'wasm') {
    // Threaded wasm breaks in minified builds and gave no gain on 2 cores (PITFALLS #3).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (options?.wasmPaths != null && !wasmPathsApplied) {
      setWasmPaths(options.wasmPaths as Parameters<typeof setWasmPaths>[0]);
      wasmPathsApplied = true;
    }
  }

  let ok: boolean;
  try {
    ok = await tf.setBackend(preferred);
  } catch {
    ok = false;
  }
  if (!ok && preferred !== 'cpu') {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf.getBackend() as BackendName;
}
