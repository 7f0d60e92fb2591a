/**
 * Replaying a bundle's test vectors through its model.onnx with whichever ONNX Runtime the caller has
 * (onnxruntime-node in tests and the CLI, onnxruntime-web on the page): the runtime is passed in as a
 * function, so this module loads none. No TensorFlow.js.
 */
import { outputUnits } from '../evaluation/intervals.ts';
import { BundleError } from './format.ts';
import { metadataHasIntervals, type ForecastRecipe, type ModelMetadata, type TestVector } from './metadata.ts';
import { forecastFromOutput, modelInputFromRows } from './recipe.ts';
import { scoreTestVectors, type TestVectorCheck } from './verify.ts';

/**
 * Runs model.onnx on a batch of windows: `input` is float32 row-major `[windows, lookbackDays, features]`
 * (normalized, the graph's input `window`); resolves to its output `forecast`, `[windows, outputs]` row-major.
 */
export type OnnxRunner = (input: Float32Array, dims: readonly [number, number, number]) => Promise<ArrayLike<number>>;

/** The normalized model inputs of all `vectors`, recomputed from their raw rows by metadata.json's recipe, as one batch. */
export function onnxBatchInput(metadata: ForecastRecipe, vectors: readonly TestVector[]): { input: Float32Array; dims: [number, number, number] } {
  const T = metadata.window.lookbackDays;
  const F = metadata.features.length;
  const input = new Float32Array(vectors.length * T * F);
  vectors.forEach((v, k) => modelInputFromRows(metadata, v.rows).forEach((row, i) => input.set(row, (k * T + i) * F)));
  return { input, dims: [vectors.length, T, F] };
}

/**
 * Forecasts every test vector with model.onnx through `run` and compares with the expected values
 * (the band too, for an interval model), like the TensorFlow.js check.
 * @throws BundleError 'bad-model' when the ONNX model gives the wrong number of outputs.
 */
export async function checkOnnxTestVectors(metadata: Pick<ModelMetadata, 'target' | 'window' | 'features' | 'output'>, vectors: readonly TestVector[], run: OnnxRunner): Promise<TestVectorCheck> {
  const { input, dims } = onnxBatchInput(metadata, vectors);
  const output = await run(input, dims);
  const intervals = metadataHasIntervals(metadata);
  const width = outputUnits(metadata.window.horizonDays, intervals);
  if (output.length !== vectors.length * width) {
    throw new BundleError('bad-model', `model.onnx gave ${output.length} values for ${vectors.length} windows, but metadata.json describes ${width} outputs per window. The files come from different exports.`);
  }
  return scoreTestVectors(vectors, (rows, k) => forecastFromOutput(metadata, rows[rows.length - 1].date, Array.prototype.slice.call(output, k * width, (k + 1) * width) as number[], intervals));
}
