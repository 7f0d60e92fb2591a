import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import Ajv2020 from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, disposeModel, type ArchitectureSpec } from '../../src/ml/architectures/architectures.ts';
import { initBackend } from '../../src/ml/backend.ts';
import { prepareData, type DataSpec, type PreparedData } from '../../src/ml/data/prepare.ts';
import { evaluateModel } from '../../src/ml/evaluation/evaluate.ts';
import {
  BUNDLE_FILES,
  BundleError,
  exportBundle,
  importBundle,
  METADATA_SCHEMA,
  schemaProblem,
  TEST_VECTORS_SCHEMA,
  verifyManifest,
  withManifest,
  type BundleFiles,
  type BundleManifest,
  type JsonSchema,
} from '../../src/ml/export/bundle.ts';
import { unzipBundle, zipBundle } from '../../src/ml/export/zip.ts';
import { train, type TrainingConfig } from '../../src/ml/training/train.ts';
import { sineCity } from './helpers.ts';

const spec: DataSpec = {
  features: { target: 'temp', inputs: ['wind'] },
  window: { lookbackDays: 5, horizonDays: 2 },
  split: { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 },
};
const architecture: ArchitectureSpec = { kind: 'linear', units: 1, layers: 1, dropout: 0 };
const training: TrainingConfig = { epochs: 1, batchSize: 32, learningRate: 0.01, optimizer: 'adam', patience: 0, seed: 4 };
const LEGACY = join(import.meta.dirname, '../fixtures/bundles/gru-hard-sigmoid-0.1.0.zip');

let data: PreparedData;
let files: BundleFiles;
const decode = <T = unknown>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
// strictRequired off: nested objects such as `training` require keys whose values the schema leaves open.
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false });

async function refusal(bundle: BundleFiles): Promise<BundleError> {
  const before = tf.memory().numTensors;
  const error = await importBundle(bundle).then(
    (imported) => {
      imported.model.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(tf.memory().numTensors).toBe(before);
  if (error instanceof BundleError) return error;
  throw new Error(`expected a BundleError, got ${String(error)}`);
}

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  data = prepareData(sineCity(400), spec);
  const model = buildModel(architecture, data, 1);
  try {
    await train(model, data, training);
    files = await exportBundle(model, data, {
      dataset: { name: 'Synthetic sine', source: 'tests/ml/helpers.ts' },
      architecture,
      training,
      trainingSummary: { epochsRun: 1, bestEpoch: 1, msPerEpoch: 1 },
      evaluation: evaluateModel(model, data),
    });
  } finally {
    disposeModel(model);
  }
});

describe('the typed contract: JSON Schemas shipped and checked on import', () => {
  it('ships both schemas, which are valid JSON Schema 2020-12 for Ajv, and the exported files and a 0.1.0 bundle conform', () => {
    expect(decode(files[BUNDLE_FILES.metadataSchema])).toEqual(METADATA_SCHEMA);
    expect(decode(files[BUNDLE_FILES.testVectorsSchema])).toEqual(TEST_VECTORS_SCHEMA);
    const legacy = unzipBundle(readFileSync(LEGACY));
    for (const [schema, name] of [[METADATA_SCHEMA, BUNDLE_FILES.metadata], [TEST_VECTORS_SCHEMA, BUNDLE_FILES.testVectors]] as const) {
      const validate = ajv.compile(schema);
      for (const bundle of [files, legacy]) {
        const doc = decode(bundle[name]);
        expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
        expect(schemaProblem(schema, doc)).toBeNull();
      }
    }
  });

  it.each<[string, JsonSchema, (m: Record<string, unknown>) => unknown, RegExp]>([
    ['a zero std', METADATA_SCHEMA, (m) => ({ ...m, features: (m.features as object[]).map((f, j) => (j === 1 ? { ...f, std: 0 } : f)) }), /\/features\/1\/std must be > 0/],
    ['a lookback as text', METADATA_SCHEMA, (m) => ({ ...m, window: { lookbackDays: '5', horizonDays: 2 } }), /\/window\/lookbackDays must be integer/],
    ['an unknown feature key', METADATA_SCHEMA, (m) => ({ ...m, features: (m.features as object[]).map((f) => ({ ...f, scale: 2 })) }), /\/features\/0 has an unknown key "scale"/],
    ['a missing target', METADATA_SCHEMA, ({ target: _t, ...m }) => m, /has no "target"/],
    ['an unknown output kind', METADATA_SCHEMA, (m) => ({ ...m, output: { kind: 'samples' } }), /\/output\/kind must be "point"/],
  ])('metadata with %s breaks the schema for Ajv and for the checker', (_, schema, change, message) => {
    const broken = change(decode(files[BUNDLE_FILES.metadata]));
    expect(ajv.compile(schema)(broken)).toBe(false);
    expect(schemaProblem(schema, broken)).toMatch(message);
  });

  it.each<[string, (v: Record<string, unknown>) => unknown, RegExp]>([
    ['no expected forecast', ({ expected: _e, ...v }) => v, /\/0 has no "expected"/],
    ['a date in another format', (v) => ({ ...v, forecastDates: ['14/09/2014'] }), /\/0\/forecastDates\/0 must match/],
    ['a raw value as text', (v) => ({ ...v, rows: (v.rows as { date: string; values: object }[]).map((r) => ({ ...r, values: { ...r.values, temp: '12' } })) }), /\/0\/rows\/0\/values\/temp must be number/],
  ])('a test vector with %s breaks the schema for Ajv and for the checker', (_, change, message) => {
    const vectors = decode<Record<string, unknown>[]>(files[BUNDLE_FILES.testVectors]);
    const broken = [change(vectors[0]), ...vectors.slice(1)];
    expect(ajv.compile(TEST_VECTORS_SCHEMA)(broken)).toBe(false);
    expect(schemaProblem(TEST_VECTORS_SCHEMA, broken)).toMatch(message);
  });

  it('import refuses metadata that breaks its schema, naming the file, the place and the fix', async () => {
    const m = decode<Record<string, unknown>>(files[BUNDLE_FILES.metadata]);
    const broken = { ...m, features: (m.features as object[]).map((f, j) => (j === 1 ? { ...f, units: 5 } : f)) };
    // A consistent manifest, so that the schema check is what refuses it.
    const e = await refusal(await withManifest({ ...files, [BUNDLE_FILES.metadata]: encode(broken) }));
    expect(e.code).toBe('bad-metadata');
    expect(e.message).toMatch(/^metadata\.json does not follow its schema \(metadata\.schema\.json\): \/features\/1\/units must be string, not number 5\. .*export the model again/);
  });
});

describe('manifest.json: SHA-256 of every file, checked on import', () => {
  it('lists every other file with its SHA-256 (the same digest as node:crypto)', () => {
    const manifest = decode<BundleManifest>(files[BUNDLE_FILES.manifest]);
    const others = Object.keys(files).filter((n) => n !== BUNDLE_FILES.manifest).sort();
    expect(Object.keys(manifest.files)).toEqual(others);
    expect(others).toEqual(['README.md', 'metadata.json', 'metadata.schema.json', 'model.json', 'model.onnx', 'test-vectors.json', 'test-vectors.schema.json', 'weights.bin']);
    for (const name of others) expect(manifest.files[name]).toBe(createHash('sha256').update(files[name]).digest('hex'));
  });

  it('a zip with the snippets in examples/ verifies after unzipping, and imports', async () => {
    const zipped = zipBundle(await withManifest({ ...files, 'examples/load-node.mjs': new TextEncoder().encode('// hi\n') }));
    const unzipped = unzipBundle(zipped);
    expect(await verifyManifest(unzipped)).toEqual({ present: true, checked: 9 });
    const imported = await importBundle(unzipped);
    expect(imported.manifest).toEqual({ present: true, checked: 9 });
    imported.model.dispose();
  });

  it.each([BUNDLE_FILES.weights, BUNDLE_FILES.onnx, BUNDLE_FILES.testVectors])('a %s with one byte changed (same length) is refused, naming the file', async (name) => {
    const bytes = files[name].slice();
    bytes[bytes.length >> 1] ^= 0x01;
    const e = await refusal({ ...files, [name]: bytes });
    expect(e.code).toBe('checksum-mismatch');
    expect(e.message).toContain(`"${name}" was changed after export`);
    expect(e.message).toMatch(/export the model again/);
  });

  it('a listed file that is missing is named; a 0.1.0 bundle without a manifest still imports', async () => {
    const { [BUNDLE_FILES.onnx]: _onnx, ...rest } = files;
    const e = await refusal(rest);
    expect(e.code).toBe('checksum-mismatch');
    expect(e.message).toContain('has no "model.onnx", which manifest.json lists');
    const legacy = await importBundle(unzipBundle(readFileSync(LEGACY)));
    expect(legacy.manifest).toEqual({ present: false, checked: 0 });
    expect(legacy.check.passed).toBe(true);
    legacy.model.dispose();
  });
});
