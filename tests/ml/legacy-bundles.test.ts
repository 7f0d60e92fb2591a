import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { BUNDLE_FILES, importBundle, type ModelMetadata, type TestVector } from '../../src/ml/export/bundle.ts';
import { onnxFromLayers } from '../../src/ml/export/onnx.ts';
import { checkOnnxTestVectors } from '../../src/ml/export/onnx-verify.ts';
import { unzipBundle } from '../../src/ml/export/zip.ts';

const DIR = join(import.meta.dirname, '../fixtures/bundles');
const decode = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;
const gateOf = (modelJson: tf.io.ModelJSON) =>
  (modelJson.modelTopology as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } }).config.layers
    .filter((l) => l.class_name === 'GRU' || l.class_name === 'LSTM')
    .map((l) => l.config.recurrent_activation);

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('standard gates: sigmoid for new models, hard_sigmoid bundles of release 0.1.0 still load', () => {
  it.each(['gru', 'lstm'] as const)('a new %s saves "recurrent_activation": "sigmoid"', async (kind) => {
    const model = buildModel({ kind, units: 3, layers: 2, dropout: 0 }, { lookbackDays: 4, numFeatures: 2, horizonDays: 1 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) })));
    model.dispose();
    expect(gateOf({ modelTopology: saved!.modelTopology } as tf.io.ModelJSON)).toEqual(['sigmoid', 'sigmoid']);
  });

  it.each(['gru', 'lstm'])('%s-hard-sigmoid-0.1.0.zip imports and reproduces its test vectors in TensorFlow.js, and as ONNX (HardSigmoid) in ONNX Runtime', async (kind) => {
    const files = unzipBundle(readFileSync(join(DIR, `${kind}-hard-sigmoid-0.1.0.zip`)));
    const modelJson = decode<tf.io.ModelJSON>(files[BUNDLE_FILES.model]);
    expect(gateOf(modelJson)).toEqual(['hard_sigmoid']);
    expect(files[BUNDLE_FILES.onnx]).toBeUndefined();
    const before = tf.memory().numTensors;
    const imported = await importBundle(files);
    try {
      expect(imported.check.passed).toBe(true);
      expect(imported.check.maxAbsDiff).toBeLessThan(1e-5);
    } finally {
      imported.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    // The same files written as ONNX: the hard_sigmoid gate maps to ONNX's HardSigmoid(0.2, 0.5).
    const onnx = onnxFromLayers(
      { modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: files[BUNDLE_FILES.weights].slice().buffer },
      2,
      { producerName: 'test', producerVersion: '0', docString: '' },
    );
    const session = await ort.InferenceSession.create(onnx);
    const check = await checkOnnxTestVectors(decode<ModelMetadata>(files[BUNDLE_FILES.metadata]), decode<TestVector[]>(files[BUNDLE_FILES.testVectors]), async (input, dims) =>
      (await session.run({ window: new ort.Tensor('float32', input, [...dims]) })).forecast.data as Float32Array,
    );
    expect(check.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });
});
