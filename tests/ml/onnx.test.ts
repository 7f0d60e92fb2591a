import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type DataSpec, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import { BUNDLE_FILES, exportBundle, type BundleFiles, type ModelMetadata, type TestVector } from '../../src/ml/export/bundle.ts';
import { ONNX_OPSET } from '../../src/ml/export/onnx.ts';
import { decodeOnnxModel } from '../../src/ml/export/onnx-proto.ts';
import { checkOnnxTestVectors, type OnnxRunner } from '../../src/ml/export/onnx-verify.ts';
import { ensembleSeeds, trainEnsemble } from '../../src/ml/fine-tuning/ensemble.ts';
import { train, type TrainingConfig } from '../../src/ml/training/train.ts';
import { ONNX_RUNTIME_VERIFIED } from '../../src/ml/version.ts';
import { sineCity } from './helpers.ts';

const spec: DataSpec = {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
};
const training: TrainingConfig = { epochs: 2, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4 };
/** The bar: ONNX Runtime reproduces every test vector within 1e-4 °C. */
const ONNX_MAX_DIFF = 1e-4;

let data: PreparedData;
/** Every model.onnx these tests wrote, for ONNX's own checker at the end. */
const written = new Map<string, Uint8Array>();
const dir = mkdtempSync(join(tmpdir(), 'onnx-models-'));
const decode = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;

/** ONNX Runtime for Node on the bundle's model.onnx, as the checker's runner. */
async function ortRunner(onnx: Uint8Array): Promise<OnnxRunner> {
  const session = await ort.InferenceSession.create(onnx);
  return async (input, dims) => (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [...dims]) }))[session.outputNames[0]].data as Float32Array;
}

async function exportTrained(model: tf.LayersModel, architecture: ArchitectureSpec, config: TrainingConfig, ensemble?: ModelMetadata['ensemble']): Promise<BundleFiles> {
  return exportBundle(model, data, {
    dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
    architecture,
    training: config,
    trainingSummary: { epochsRun: config.epochs, bestEpoch: 1, msPerEpoch: 1 },
    evaluation: evaluateModel(model, data),
    ...(ensemble ? { ensemble } : {}),
  });
}

/** Trains a small model of `architecture`, exports it, and replays its test vectors through model.onnx with ONNX Runtime. */
async function onnxCheckOf(architecture: ArchitectureSpec, options: { intervals?: boolean } = {}) {
  const config = { ...training, intervals: options.intervals ?? false };
  const before = tf.memory().numTensors;
  const model = buildModel(architecture, data, 3, { intervals: config.intervals });
  let files: BundleFiles;
  try {
    await train(model, data, config);
    files = await exportTrained(model, architecture, config);
  } finally {
    disposeModel(model);
  }
  expect(tf.memory().numTensors).toBe(before);
  const metadata = decode<ModelMetadata>(files[BUNDLE_FILES.metadata]);
  const vectors = decode<TestVector[]>(files[BUNDLE_FILES.testVectors]);
  written.set(`${written.size + 1}-${architecture.kind}-${architecture.layers}${config.intervals ? '-intervals' : ''}`, files[BUNDLE_FILES.onnx]);
  const check = await checkOnnxTestVectors(metadata, vectors, await ortRunner(files[BUNDLE_FILES.onnx]));
  return { check, files, metadata, vectors };
}

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  data = prepareData(sineCity(400), spec);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model.onnx: the bundle model for ONNX Runtime', () => {
  it.each<[string, ArchitectureSpec]>([
    ['linear', { kind: 'linear', units: 1, layers: 1, dropout: 0 }],
    ['MLP, 2 layers with dropout', { kind: 'mlp', units: 8, layers: 2, dropout: 0.1 }],
    ['1-D CNN, 2 layers', { kind: 'cnn', units: 4, layers: 2, dropout: 0 }],
    ['LSTM, 2 layers (the first returns sequences)', { kind: 'lstm', units: 5, layers: 2, dropout: 0 }],
    ['GRU', { kind: 'gru', units: 6, layers: 1, dropout: 0 }],
  ])('%s: ONNX Runtime reproduces the test vectors within 1e-4 °C', async (_, architecture) => {
    const { check, vectors } = await onnxCheckOf(architecture);
    expect(check.count).toBe(vectors.length);
    expect(check.count).toBe(5);
    expect(check.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_DIFF);
    expect(check.passed).toBe(true);
  });

  it('an interval GRU: median and 80 % band within 1e-4 °C', async () => {
    const { check, vectors, metadata } = await onnxCheckOf({ kind: 'gru', units: 5, layers: 1, dropout: 0 }, { intervals: true });
    expect(metadata.output?.kind).toBe('quantiles');
    expect(vectors.every((v) => v.expectedLower?.length === 2 && v.expectedUpper?.length === 2)).toBe(true);
    expect(check.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_DIFF);
  });

  it('an ensemble of 2 LSTMs: one graph averaging both members, within 1e-4 °C', async () => {
    const architecture: ArchitectureSpec = { kind: 'lstm', units: 4, layers: 1, dropout: 0 };
    const result = await trainEnsemble({ data, architecture, training, members: 2 });
    const model = result.model!;
    let files: BundleFiles;
    try {
      const ensemble = { members: 2, seeds: ensembleSeeds(training.seed, 2), combination: 'mean' as const, valMae: result.valMae, memberMetrics: result.members.map(({ seed, valMae, testMae }) => ({ seed, valMae, testMae })) };
      files = await exportTrained(model, architecture, training, ensemble);
    } finally {
      disposeModel(model);
    }
    written.set('lstm-ensemble', files[BUNDLE_FILES.onnx]);
    const onnx = decodeOnnxModel(files[BUNDLE_FILES.onnx]);
    expect(onnx.graph.node.filter((n) => n.op_type === 'LSTM')).toHaveLength(2);
    expect(onnx.graph.node.filter((n) => n.op_type === 'Mean')).toHaveLength(1);
    const check = await checkOnnxTestVectors(decode(files[BUNDLE_FILES.metadata]), decode(files[BUNDLE_FILES.testVectors]), await ortRunner(files[BUNDLE_FILES.onnx]));
    expect(check.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_DIFF);
  });

  it('declares opset 17 and the input and output of model.json; metadata.json names them and the runtime verified with', async () => {
    const { files, metadata } = await onnxCheckOf({ kind: 'gru', units: 3, layers: 1, dropout: 0 });
    const onnx = decodeOnnxModel(files[BUNDLE_FILES.onnx]);
    expect(onnx.opset_import.map((o) => [o.domain ?? '', o.version])).toEqual([['', ONNX_OPSET]]); // '' = the default ONNX domain
    expect(onnx.graph.input.map((v) => v.name)).toEqual(['window']);
    expect(onnx.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 5 }, { dim_value: 4 }]);
    expect(onnx.graph.output[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch' }, { dim_value: 2 }]);
    expect(metadata.onnx).toEqual({ file: 'model.onnx', opset: 17, irVersion: 8, input: 'window', output: 'forecast', verifiedWith: `onnxruntime ${ONNX_RUNTIME_VERIFIED}` });
    const card = new TextDecoder().decode(files[BUNDLE_FILES.readme]);
    expect(card).toContain(`the model as ONNX, opset ${ONNX_OPSET} (IR version 8)`);
    expect(card).toContain(`Verified with ONNX Runtime ${ONNX_RUNTIME_VERIFIED}`);
    // The version the model card claims is the one these tests ran.
    const installed = JSON.parse(readFileSync('node_modules/onnxruntime-node/package.json', 'utf8')) as { version: string };
    expect(installed.version).toBe(ONNX_RUNTIME_VERIFIED);
    // A model.onnx with changed weights no longer reproduces the test vectors: the check can fail.
    const vectors = decode<TestVector[]>(files[BUNDLE_FILES.testVectors]);
    const broken = await checkOnnxTestVectors(metadata, vectors, async (input, dims) => {
      const out = Float32Array.from(await (await ortRunner(files[BUNDLE_FILES.onnx]))(input, dims));
      out[3] += 0.01;
      return out;
    });
    expect(broken.passed).toBe(false);
    expect(broken.maxAbsDiff).toBeGreaterThan(0.01);
  });

  it('every model.onnx written above passes ONNX\'s own checker (Debian python3-onnx, full check with shape inference)', async () => {
    expect(written.size).toBe(8);
    const paths = [...written].map(([name, bytes]) => {
      const path = join(dir, `${name}.onnx`);
      writeFileSync(path, bytes);
      return path;
    });
    const script = 'import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\n    print("ok", p)';
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', script, ...paths]);
    expect(stdout.trim().split('\n')).toHaveLength(8);
  });
});
