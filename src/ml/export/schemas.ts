/**
 * The bundle's contract as JSON Schemas (draft 2020-12): `metadata.schema.json` for metadata.json and
 * `test-vectors.schema.json` for test-vectors.json, shipped in every bundle and checked on import. The
 * TypeScript types of `metadata.ts` are tied to them at compile time (the `KeysMatch` checks at the
 * bottom fail `tsc` when a key is added to one and not the other). No TensorFlow.js.
 */
import type { FeatureMetadata, ModelMetadata, OnnxMetadata, RawRow, TestVector } from './metadata.ts';
import type { JsonSchema } from './schema-check.ts';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const num = { type: 'number' } as const;
/** Metrics can be undefined on short data; JSON writes NaN as null. */
const metric = { type: ['number', 'null'] } as const;
const numbers = { type: 'array', items: metric } as const;
const date = { type: 'string', pattern: ISO_DATE } as const;
const positiveInt = { type: 'integer', minimum: 1 } as const;
const text = { type: 'string' } as const;
const period = { type: 'object', required: ['start', 'end'], properties: { start: date, end: date, windows: { type: 'integer', minimum: 0 } } } as const;
const forecastMetrics = {
  type: 'object',
  required: ['mae', 'rmse', 'maePerHorizon'],
  properties: { mae: metric, rmse: metric, maePerHorizon: numbers, rmsePerHorizon: numbers, count: { type: 'integer', minimum: 0 } },
} as const;

const FEATURE = {
  type: 'object',
  required: ['name', 'units', 'mean', 'std', 'source'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'Column name in the daily data, or doy_sin / doy_cos (computed from the date).' },
    units: text,
    mean: { ...num, description: 'Subtract, then divide by std, before feeding the model.' },
    std: { type: 'number', exclusiveMinimum: 0 },
    source: { enum: ['column', 'date'] },
  },
} as const satisfies JsonSchema;

const ONNX = {
  type: 'object',
  required: ['file', 'opset', 'irVersion', 'input', 'output', 'verifiedWith'],
  additionalProperties: false,
  properties: { file: text, opset: positiveInt, irVersion: positiveInt, input: text, output: text, verifiedWith: text },
} as const satisfies JsonSchema;

/** Schema of metadata.json. */
export const METADATA_SCHEMA = {
  $schema: DRAFT,
  $id: 'metadata.schema.json',
  title: 'Weather forecast bundle: metadata.json',
  description: 'Everything needed to turn raw daily rows into a forecast with model.json or model.onnx: feature order, normalization, window, target, output layout; and how the model was made and scored.',
  type: 'object',
  required: ['format', 'formatVersion', 'createdAt', 'target', 'window', 'features', 'seasonalEncoding', 'inputShape', 'outputShape', 'dataset', 'architecture', 'training', 'parameters', 'metrics', 'versions', 'seed', 'howToPredict'],
  additionalProperties: false,
  properties: {
    format: { const: 'weather-forecast-bundle' },
    formatVersion: positiveInt,
    createdAt: text,
    target: { type: 'object', required: ['name', 'units', 'mean', 'std'], additionalProperties: false, properties: { name: text, units: text, mean: num, std: { type: 'number', exclusiveMinimum: 0 } } },
    window: { type: 'object', required: ['lookbackDays', 'horizonDays'], additionalProperties: false, properties: { lookbackDays: positiveInt, horizonDays: positiveInt } },
    features: { type: 'array', minItems: 1, items: FEATURE },
    seasonalEncoding: text,
    inputShape: { type: 'array', prefixItems: [{ type: 'null' }, positiveInt, positiveInt], items: false, minItems: 3 },
    outputShape: { type: 'array', prefixItems: [{ type: 'null' }, positiveInt], items: false, minItems: 2 },
    output: {
      anyOf: [
        { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { const: 'point' } } },
        { type: 'object', required: ['kind', 'quantiles', 'layout'], additionalProperties: false, properties: { kind: { const: 'quantiles' }, quantiles: { type: 'array', items: num, minItems: 3, maxItems: 3 }, layout: text } },
      ],
    },
    dataset: { type: 'object', required: ['name', 'source', 'period', 'splits'], properties: { name: text, source: text, period, splits: { type: 'object', required: ['train', 'validation', 'test'], properties: { train: period, validation: period, test: period } } } },
    architecture: { type: 'object', required: ['kind', 'units', 'layers', 'dropout'], properties: { kind: { enum: ['linear', 'mlp', 'cnn', 'lstm', 'gru'] }, units: num, layers: num, dropout: num } },
    training: { type: 'object', required: ['epochs', 'batchSize', 'learningRate', 'optimizer', 'seed', 'epochsRun', 'bestEpoch', 'backend'], properties: { backend: text } },
    lineage: { type: 'array', items: text },
    history: { type: 'array', items: { type: 'object', required: ['epoch'], properties: { epoch: { type: 'integer' } } } },
    ensemble: { type: 'object', required: ['members', 'seeds', 'combination'], properties: { members: positiveInt, seeds: { type: 'array', items: { type: 'integer' } }, combination: { const: 'mean' } } },
    parameters: { type: 'integer', minimum: 0 },
    metrics: {
      type: 'object',
      required: ['split', 'model', 'baselines', 'skillPercent'],
      properties: {
        split: { const: 'test' },
        model: forecastMetrics,
        baselines: { type: 'object', required: ['persistence', 'climatology'], properties: { persistence: forecastMetrics, climatology: forecastMetrics } },
        skillPercent: { type: 'object', additionalProperties: metric },
        intervals: { type: 'object' },
      },
    },
    versions: { type: 'object', required: ['app', 'appVersion', 'tfjs'], properties: { app: text, appVersion: text, tfjs: text } },
    onnx: ONNX,
    seed: { type: 'integer' },
    howToPredict: { type: 'array', items: text },
  },
} as const satisfies JsonSchema;

const ROW = {
  type: 'object',
  required: ['date', 'values'],
  additionalProperties: false,
  properties: { date, values: { type: 'object', additionalProperties: num } },
} as const satisfies JsonSchema;

const finiteNumbers = { type: 'array', items: num, minItems: 1 } as const;

/** Schema of test-vectors.json. */
export const TEST_VECTORS_SCHEMA = {
  $schema: DRAFT,
  $id: 'test-vectors.schema.json',
  title: 'Weather forecast bundle: test-vectors.json',
  description: 'Input windows as raw daily rows, the normalized model input they give, and the forecast in target units that the model must reproduce (within 0.001).',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['rows', 'modelInput', 'forecastDates', 'expected'],
    additionalProperties: false,
    properties: {
      rows: { type: 'array', items: ROW, minItems: 1, description: 'The last lookbackDays raw rows, oldest first.' },
      modelInput: { type: 'array', items: finiteNumbers, minItems: 1, description: 'Normalized input [lookbackDays][features].' },
      forecastDates: { type: 'array', items: date, minItems: 1 },
      expected: { ...finiteNumbers, description: 'Forecast per horizon day (the median for an interval model), in target units.' },
      expectedLower: { ...finiteNumbers, description: '10th percentile per day, interval models only.' },
      expectedUpper: { ...finiteNumbers, description: '90th percentile per day, interval models only.' },
    },
  },
} as const satisfies JsonSchema;

// Compile-time ties between the schemas and the TypeScript types: every key of the type is a property
// of the schema and vice versa, and the schema requires exactly the type's non-optional keys.
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type KeysMatch<A extends PropertyKey, B extends PropertyKey> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SchemaMatches<T, S extends { properties: object; required: readonly string[] }> = KeysMatch<keyof S['properties'], keyof T> extends true
  ? KeysMatch<S['required'][number], RequiredKeys<T>>
  : false;
const typesMatchSchemas: [
  SchemaMatches<ModelMetadata, typeof METADATA_SCHEMA>,
  SchemaMatches<FeatureMetadata, typeof FEATURE>,
  SchemaMatches<OnnxMetadata, typeof ONNX>,
  SchemaMatches<TestVector, typeof TEST_VECTORS_SCHEMA.items>,
  SchemaMatches<RawRow, typeof ROW>,
] = [true, true, true, true, true];
void typesMatchSchemas;
