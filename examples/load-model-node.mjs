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

/** The predict recipe from metadata.json: raw daily rows → forecast in target units. */
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
  const out = tf.tidy(() => model.predict(tf.tensor3d([input])).dataSync());
  return Array.from(out, (v) => v * metadata.target.std + metadata.target.mean);
}

let maxAbsDiff = 0;
for (const v of testVectors) {
  forecast(v.rows).forEach((value, j) => {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(value - v.expected[j]));
  });
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
    example: { forecastDates: last.forecastDates, forecast: forecast(last.rows), expected: last.expected, units: metadata.target.units },
  }),
);
process.exit(passed ? 0 : 1);
