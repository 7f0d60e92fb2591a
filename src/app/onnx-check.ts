/**
 * Running a reopened bundle's model.onnx in the page with onnxruntime-web (WebAssembly, one thread) and
 * replaying its test vectors: the same check a software engineer runs with ONNX Runtime elsewhere.
 * onnxruntime-web and its .wasm (≈ 14 MB) load only when asked (dynamic import; the .wasm is served by
 * Vite from this origin, which the page's CSP allows with 'wasm-unsafe-eval').
 */
import type { ForecastRecipe, ModelMetadata, TestVector } from '../ml/export/metadata.ts';
import { checkOnnxTestVectors } from '../ml/export/onnx-verify.ts';
import type { TestVectorCheck } from '../ml/export/verify.ts';

/** The ONNX check of a bundle and what ran it. */
export interface OnnxCheckOutcome {
  readonly check: TestVectorCheck;
  /** e.g. "onnxruntime-web 1.30.0 (wasm)". */
  readonly runtime: string;
}

/** Replays `vectors` through `onnx` with onnxruntime-web. @throws Error naming what failed to load or run. */
export async function checkOnnxInPage(onnx: Uint8Array, metadata: ForecastRecipe & Pick<ModelMetadata, 'output'>, vectors: readonly TestVector[]): Promise<OnnxCheckOutcome> {
  const [ort, wasm] = await Promise.all([import('onnxruntime-web/wasm'), import('onnxruntime-web/ort-wasm-simd-threaded.wasm?url')]);
  ort.env.wasm.wasmPaths = { wasm: wasm.default };
  // Threads need a cross-origin-isolated page; one thread is plenty for a few windows.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'] });
  } catch (error) {
    throw new Error(`ONNX Runtime could not load model.onnx (${(error as Error).message}). Export the model again with this app.`, { cause: error });
  }
  try {
    const [input] = session.inputNames;
    const [output] = session.outputNames;
    const check = await checkOnnxTestVectors(metadata, vectors, async (x, dims) => (await session.run({ [input]: new ort.Tensor('float32', x, [...dims]) }))[output].data as Float32Array);
    return { check, runtime: `onnxruntime-web ${ort.env.versions.web ?? ''} (wasm)`.replace('  ', ' ') };
  } finally {
    await session.release();
  }
}
