/**
 * Code a software engineer copies to use an exported model, shown on the Export step and
 * shipped inside the zip. Kept in sync with examples/load-model-node.mjs by a test.
 */

import type { ModelMetadata, TestVector } from '../ml/export/metadata.ts';

/** One row's model inputs, normalized, as every JavaScript snippet computes them (the recipe of metadata.json). */
const ROW_TO_FEATURES = `    const year = Number(row.date.slice(0, 4));
    const doy = (Date.parse(row.date + 'T00:00:00Z') - Date.UTC(year, 0, 1)) / 86400000 + 1;
    const angle = (2 * Math.PI * doy) / 365.25;
    return metadata.features.map((f) => {
      const raw = f.name === 'doy_sin' ? Math.sin(angle) : f.name === 'doy_cos' ? Math.cos(angle) : row.values[f.name];
      return (raw - f.mean) / f.std;
    });`;

/** Browser: load the unzipped bundle from a static folder and forecast. */
export const BROWSER_SNIPPET = `import * as tf from '@tensorflow/tfjs';

// Serve the unzipped files (model.json, weights.bin, metadata.json) from /model/.
const model = await tf.loadLayersModel('/model/model.json');
const metadata = await (await fetch('/model/metadata.json')).json();

const horizonDays = metadata.window.horizonDays;
// metadata.output.kind 'quantiles' (prediction intervals): 3 × horizonDays outputs, quantile-major
// [10th day 1…H, 50th day 1…H, 90th day 1…H]. Absent (older bundles) or 'point': horizonDays outputs.
const quantiles = metadata.output?.kind === 'quantiles';

/**
 * rows: the last metadata.window.lookbackDays days, oldest first: [{ date: 'YYYY-MM-DD', values: { temp_max: 12.3, ... } }]
 * Returns { values } per horizon day in metadata.target.units, plus the 80 % band { lower, upper } for an interval model.
 */
export function forecast(rows) {
  const input = rows.map((row) => {
${ROW_TO_FEATURES}
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
`;

/** Node: no tfjs-node needed; read the files from disk with a small IO handler. */
export const NODE_SNIPPET = `// npm install @tensorflow/tfjs   (Node 18+; tfjs-node is optional)
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';

const dir = './weather-model';  // the unzipped download
const modelJson = JSON.parse(await readFile(\`\${dir}/model.json\`, 'utf8'));
const model = await tf.loadLayersModel({
  load: () =>
    tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((g) => g.weights);
      const buffers = await Promise.all(manifest.flatMap((g) => g.paths.map(async (p) => new Uint8Array(await readFile(\`\${dir}/\${p}\`)).buffer)));
      return [specs, tf.io.concatenateArrayBuffers(buffers)];
    }),
});
const metadata = JSON.parse(await readFile(\`\${dir}/metadata.json\`, 'utf8'));
// Then build the input exactly as in the browser snippet (features in metadata.features order,
// normalized with their mean/std) and check yourself against test-vectors.json.
`;

/** Node: ONNX Runtime for Node, the recipe read from metadata.json, a check against test-vectors.json. */
export const NODE_ONNX_SNIPPET = `// npm install onnxruntime-node   (Node 18+; no TensorFlow.js needed)
// node forecast-onnx-node.mjs DIR   (DIR: the unzipped bundle)
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';

const dir = process.argv[2] ?? '.';
const metadata = JSON.parse(await readFile(\`\${dir}/metadata.json\`, 'utf8'));
const session = await ort.InferenceSession.create(\`\${dir}/model.onnx\`);
const { lookbackDays, horizonDays } = metadata.window;
const quantiles = metadata.output?.kind === 'quantiles';

/** rows: the last lookbackDays days, oldest first: [{ date: 'YYYY-MM-DD', values: { temp_max: 12.3, ... } }] */
export async function forecast(rows) {
  if (rows.length !== lookbackDays) throw new Error(\`The model needs \${lookbackDays} consecutive days, got \${rows.length}.\`);
  const input = rows.flatMap((row) => {
${ROW_TO_FEATURES}
  });
  const window = new ort.Tensor('float32', Float32Array.from(input), [1, lookbackDays, metadata.features.length]);
  const { [metadata.onnx?.output ?? 'forecast']: output } = await session.run({ [metadata.onnx?.input ?? 'window']: window });
  const out = Array.from(output.data, (v) => v * metadata.target.std + metadata.target.mean);
  if (!quantiles) return { values: out };
  // 10th, 50th, 90th percentile of each day, quantile-major; sorted so that they never cross.
  const days = Array.from({ length: horizonDays }, (_, d) => [out[d], out[horizonDays + d], out[2 * horizonDays + d]].sort((a, b) => a - b));
  return { values: days.map((q) => q[1]), lower: days.map((q) => q[0]), upper: days.map((q) => q[2]) };
}

// Check: model.onnx with this preprocessing must reproduce test-vectors.json.
const vectors = JSON.parse(await readFile(\`\${dir}/test-vectors.json\`, 'utf8'));
let worst = 0;
for (const v of vectors) {
  const got = await forecast(v.rows);
  for (const [key, expected] of [['values', v.expected], ['lower', v.expectedLower], ['upper', v.expectedUpper]]) {
    (expected ?? []).forEach((e, j) => (worst = Math.max(worst, Math.abs(got[key][j] - e))));
  }
}
console.log(\`test vectors: \${vectors.length}, largest difference \${worst.toExponential(2)} \${metadata.target.units} (allowed 0.001)\`);
if (!(worst <= 1e-3)) {
  console.error('model.onnx does not reproduce test-vectors.json: check the preprocessing (feature order, mean/std, dates).');
  process.exit(1);
}
`;

/**
 * Extra files for the zip: the TensorFlow.js snippets and the Node ONNX Runtime one, and with the
 * bundle's metadata and test vectors the Python, Java and C++ ones (`snippets-onnx.ts`, loaded now),
 * whose code embeds this model's recipe.
 */
export async function usageSnippets(bundle?: { metadata: ModelMetadata; testVectors: readonly TestVector[] }): Promise<Record<string, string>> {
  const native = bundle ? (await import('./snippets-onnx.ts')).onnxSnippets(bundle.metadata, bundle.testVectors) : {};
  return {
    'examples/forecast-browser.js': BROWSER_SNIPPET,
    'examples/load-node.mjs': NODE_SNIPPET,
    'examples/forecast-onnx-node.mjs': NODE_ONNX_SNIPPET,
    ...native,
  };
}
