// Load an exported bundle with stock TensorFlow.js in Node, replay its test vectors, and
// forecast. Uses only @tensorflow/tfjs and the bundle's files: no code from this project.
//
//   node examples/load-model-node.mjs DIR
//
// DIR is a folder written by `npm run train -- --out DIR` or an unzipped download from the app.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: node examples/load-model-node.mjs DIR');
  process.exit(2);
}

// tfjs-node is not needed: a small IOHandler reads model.json and the weight files from disk.
const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
const model = await tf.loadLayersModel({
  load: () =>
    tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers = await Promise.all(
        manifest.flatMap((group) => group.paths.map(async (p) => new Uint8Array(await readFile(join(dir, p))).buffer)),
      );
      return [specs, tf.io.concatenateArrayBuffers(buffers)];
    }),
});

const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8'));
const testVectors = JSON.parse(await readFile(join(dir, 'test-vectors.json'), 'utf8'));

const horizonDays = metadata.window.horizonDays;
// metadata.output.kind 'quantiles' (absent in older bundles = 'point'): 3 × horizonDays outputs,
// quantile-major [10th day 1…H, 50th day 1…H, 90th day 1…H].
const quantiles = metadata.output?.kind === 'quantiles';

/**
 * The predict recipe from metadata.json: raw daily rows → forecast in target units
 * ({ values } and, for an interval model, the 80 % band { lower, upper }).
 */
function forecast(rows) {
  const input = rows.map((row) => {
    const year = Number(row.date.slice(0, 4));
    const doy = (Date.parse(`${row.date}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
    const angle = (2 * Math.PI * doy) / 365.25;
    return metadata.features.map((f) => {
      const raw = f.name === 'doy_sin' ? Math.sin(angle) : f.name === 'doy_cos' ? Math.cos(angle) : row.values[f.name];
      return (raw - f.mean) / f.std;
    });
  });
  const out = Array.from(
    tf.tidy(() => model.predict(tf.tensor3d([input])).dataSync()),
    (v) => v * metadata.target.std + metadata.target.mean,
  );
  if (!quantiles) return { values: out };
  // Sort the three percentiles of each day so that they never cross.
  const days = Array.from({ length: horizonDays }, (_, d) => [out[d], out[horizonDays + d], out[2 * horizonDays + d]].sort((a, b) => a - b));
  return { values: days.map((q) => q[1]), lower: days.map((q) => q[0]), upper: days.map((q) => q[2]) };
}

let maxAbsDiff = 0;
const compare = (got, expected) => {
  if (got === undefined && expected === undefined) return;
  if (got?.length !== expected?.length) maxAbsDiff = Infinity;
  else got.forEach((value, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(value - expected[j]))));
};
for (const v of testVectors) {
  const f = forecast(v.rows);
  compare(f.values, v.expected);
  compare(f.lower, v.expectedLower);
  compare(f.upper, v.expectedUpper);
}
const passed = testVectors.length > 0 && maxAbsDiff <= 1e-3;
const last = testVectors[testVectors.length - 1];
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    inputShape: model.inputs[0].shape,
    outputShape: model.outputs[0].shape,
    testVectors: testVectors.length,
    maxAbsDiff,
    passed,
    intervals: quantiles,
    example: { forecastDates: last.forecastDates, forecast: forecast(last.rows), expected: last.expected, units: metadata.target.units },
  }),
);
process.exit(passed ? 0 : 1);
