import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type DataSpec, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { BUNDLE_FILES, exportBundle, type BundleFiles, type ModelMetadata, type TestVector } from '../../src/ml/export/bundle.ts';
import { train, type TrainingConfig } from '../../src/ml/training/train.ts';
import { usageSnippets } from '../../src/app/snippets.ts';
import { columnsOf } from '../../src/app/snippets-native.ts';
import { sineCity } from '../ml/helpers.ts';

const run = promisify(execFile);
/** Debian's Python with numpy (.ci/run installs python3-numpy). */
const PYTHON = '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '../..');
const STUBS = join(import.meta.dirname, 'fixtures/onnx-stubs');
const spec: DataSpec = {
  features: { target: 'temp', inputs: ['wind'], seasonal: true },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
};
const training: TrainingConfig = { epochs: 2, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4, intervals: true };
const decode = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;

let data: PreparedData;
let files: BundleFiles;
let metadata: ModelMetadata;
let vectors: TestVector[];
let snippets: Record<string, string>;
// Inside the project, so that the Node snippet resolves onnxruntime-node from its node_modules.
let dir: string;

/** Writes the bundle and its snippets (examples/…) into a fresh folder. */
function writeBundle(into: string, bundle: BundleFiles, code: Record<string, string>): void {
  for (const [name, bytes] of Object.entries(bundle)) writeFileSync(join(into, name), bytes);
  for (const [name, text] of Object.entries(code)) {
    mkdirSync(dirname(join(into, name)), { recursive: true });
    writeFileSync(join(into, name), text);
  }
}

/** The list after `name =` in a snippet (`[…]`, `{…}` or `np.array([…])`), as strings. */
function listAfter(code: string, name: string): string[] {
  const m = new RegExp(`${name}\\s*=\\s*(?:np\\.array\\()?[[{]([^\\]}]*)[\\]}]`).exec(code);
  if (!m) throw new Error(`no ${name} list in the snippet`);
  return m[1].split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
}
const scalarAfter = (code: string, name: string) => /^(-?[\d.e+-]+|true|false|True|False)$/.exec(new RegExp(`${name}\\s*=\\s*([^;\\s]+)`).exec(code)?.[1] ?? '')?.[1];

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  data = prepareData(sineCity(400), spec);
  const architecture: ArchitectureSpec = { kind: 'gru', units: 4, layers: 1, dropout: 0 };
  const model = buildModel(architecture, data, 3, { intervals: true });
  try {
    await train(model, data, training);
    files = await exportBundle(model, data, {
      dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
      architecture,
      training,
      trainingSummary: { epochsRun: 2, bestEpoch: 2, msPerEpoch: 1 },
      evaluation: evaluateModel(model, data),
    });
  } finally {
    disposeModel(model);
  }
  expect(tf.memory().numTensors).toBe(0);
  metadata = decode(files[BUNDLE_FILES.metadata]);
  vectors = decode(files[BUNDLE_FILES.testVectors]);
  snippets = await usageSnippets({ metadata, testVectors: vectors });
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'node_modules/.cache/snippets-'));
  writeBundle(dir, files, snippets);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ONNX Runtime snippets shipped in the zip', () => {
  it('ships Node, Python, Java and C++ code beside the TensorFlow.js snippets', () => {
    expect(Object.keys(snippets).sort()).toEqual([
      'examples/ForecastOnnx.java',
      'examples/forecast-browser.js',
      'examples/forecast-onnx-node.mjs',
      'examples/forecast_onnx.cpp',
      'examples/forecast_onnx.py',
      'examples/load-node.mjs',
    ]);
  });

  it('the Node snippet runs model.onnx with onnxruntime-node and reproduces the test vectors (median and band) within 1e-4 °C', async () => {
    const { stdout } = await run('node', [join(dir, 'examples/forecast-onnx-node.mjs'), dir], { cwd: dir });
    const m = /^test vectors: 5, largest difference (\S+) °C \(allowed 0\.001\)$/m.exec(stdout);
    expect(m, stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(1e-4);
  });

  it('the Node snippet fails, saying so, when the preprocessing does not match (a mean changed in metadata.json)', async () => {
    const other = mkdtempSync(join(ROOT, 'node_modules/.cache/snippets-'));
    try {
      const edited = { ...metadata, features: metadata.features.map((f, j) => (j === 1 ? { ...f, mean: f.mean + 1 } : f)) };
      writeBundle(other, { ...files, [BUNDLE_FILES.metadata]: new TextEncoder().encode(JSON.stringify(edited)) }, snippets);
      const failure = await run('node', [join(other, 'examples/forecast-onnx-node.mjs'), other], { cwd: other }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('model.onnx does not reproduce test-vectors.json: check the preprocessing');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.each(['examples/forecast_onnx.py', 'examples/ForecastOnnx.java', 'examples/forecast_onnx.cpp'])('%s embeds metadata.json\'s feature order, means, stds, window and target scaling', (file) => {
    const code = snippets[file];
    expect(listAfter(code, 'FEATURES')).toEqual(metadata.features.map((f) => f.name));
    expect(listAfter(code, 'MEANS').map(Number)).toEqual(metadata.features.map((f) => f.mean));
    expect(listAfter(code, 'STDS').map(Number)).toEqual(metadata.features.map((f) => f.std));
    expect(Number(scalarAfter(code, 'LOOKBACK_DAYS'))).toBe(metadata.window.lookbackDays);
    expect(Number(scalarAfter(code, 'HORIZON_DAYS'))).toBe(metadata.window.horizonDays);
    expect(Number(scalarAfter(code, 'TARGET_MEAN'))).toBe(metadata.target.mean);
    expect(Number(scalarAfter(code, 'TARGET_STD'))).toBe(metadata.target.std);
    expect(scalarAfter(code, 'QUANTILES')?.toLowerCase()).toBe('true');
    expect(code).toMatch(/"window"/);
    expect(code).toMatch(/model\.onnx/);
    if (!file.endsWith('.py')) {
      // The self-check: the first test vector's raw rows (in COLUMNS order) and its forecast.
      expect(listAfter(code, 'COLUMNS')).toEqual(columnsOf(metadata));
      expect(listAfter(code, 'expected').map(Number)).toEqual(vectors[0].expected);
      for (const row of vectors[0].rows) expect(code).toContain(`"${row.date}", ${file.endsWith('.cpp') ? '{' : ''}${columnsOf(metadata).map((c) => String(row.values[c])).join(', ')}`);
    }
  });

  it('the Python snippet\'s preprocessing (numpy) gives the test vectors\' model inputs', async () => {
    const probe = `import json, sys
sys.path.insert(0, ${JSON.stringify(STUBS)})
sys.path.insert(0, ${JSON.stringify(join(dir, 'examples'))})
import numpy as np
import forecast_onnx as f
vectors = json.load(open(${JSON.stringify(join(dir, 'test-vectors.json'))}))
print(max(float(np.abs(f.model_input(v["rows"])[0] - np.array(v["modelInput"])).max()) for v in vectors))
`;
    const { stdout } = await run(PYTHON, ['-c', probe]);
    expect(Number(stdout.trim())).toBeLessThan(1e-6);
  });

  it('the Java snippet compiles against the ONNX Runtime API it calls (javac, stand-in declarations)', async () => {
    const out = join(dir, 'classes');
    const stubs = ['OrtException', 'OnnxValue', 'OnnxTensor', 'OrtEnvironment', 'OrtSession'].map((c) => join(STUBS, `ai/onnxruntime/${c}.java`));
    await run('javac', ['-d', out, ...stubs, join(dir, 'examples/ForecastOnnx.java')]);
  }, 60_000);

  it('the C++ snippet compiles against the ONNX Runtime API it calls (g++ -std=c++17, stand-in header)', async () => {
    await run('g++', ['-std=c++17', '-fsyntax-only', '-Wall', '-Werror', '-Wno-sign-compare', `-I${STUBS}`, join(dir, 'examples/forecast_onnx.cpp')]);
  }, 60_000);
});
