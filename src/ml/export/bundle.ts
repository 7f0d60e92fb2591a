import * as tf from '@tensorflow/tfjs';
import { hasIntervalHead, type ArchitectureSpec } from '../architectures/architectures.ts';
import type { BaselineId } from '../baselines/baselines.ts';
import type { PreparedData } from '../data/prepare.ts';
import { seasonalEncoding, SEASONAL_FEATURES } from '../data/features.ts';
import { dayNumber, isoFromDayNumber } from '../data/table.ts';
import type { Evaluation, ForecastMetrics } from '../evaluation/evaluate.ts';
import { outputUnits, QUANTILE_LAYOUT, QUANTILES, splitQuantiles, type IntervalMetrics } from '../evaluation/intervals.ts';
import type { TrainingConfig } from '../training/train.ts';
import { APP_NAME, APP_VERSION, BUNDLE_FORMAT_VERSION } from '../version.ts';
import { BUNDLE_FILES, BundleError, type BundleFiles } from './format.ts';
import { modelCard } from './model-card.ts';

export * from './format.ts';

/** One model input, in the order of the model's last input axis. */
export interface FeatureMetadata {
  readonly name: string;
  readonly units: string;
  /** Subtract, then divide by `std`, before feeding the model. */
  readonly mean: number;
  readonly std: number;
  /** How to get the value: a column of the daily data, or computed from the date. */
  readonly source: 'column' | 'date';
}

/**
 * What the model's outputs mean. Absent in bundles exported before intervals existed: those are `point`.
 * `quantiles`: `3 × horizonDays` outputs in the layout described by `layout` (quantile-major).
 */
export type OutputMetadata =
  | { readonly kind: 'point' }
  | { readonly kind: 'quantiles'; readonly quantiles: readonly number[]; readonly layout: string };

/** Whether metadata describes an interval model (older bundles have no `output`: point forecasts). */
export function metadataHasIntervals(m: Pick<ModelMetadata, 'output'>): boolean {
  return m.output?.kind === 'quantiles';
}

/** metadata.json: everything needed to turn raw daily rows into a forecast. */
export interface ModelMetadata {
  readonly format: 'weather-forecast-bundle';
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly target: { readonly name: string; readonly units: string; readonly mean: number; readonly std: number };
  readonly window: { readonly lookbackDays: number; readonly horizonDays: number };
  readonly features: readonly FeatureMetadata[];
  /** How `doy_sin` and `doy_cos` are computed from a `YYYY-MM-DD` date. */
  readonly seasonalEncoding: string;
  readonly inputShape: readonly [null, number, number];
  readonly outputShape: readonly [null, number];
  /** What the outputs are; absent (older bundles) = one value per horizon day. */
  readonly output?: OutputMetadata;
  readonly dataset: {
    readonly name: string;
    readonly source: string;
    readonly period: { readonly start: string; readonly end: string };
    readonly splits: PreparedData['periods'];
  };
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig & { readonly epochsRun: number; readonly bestEpoch: number; readonly backend: string; readonly msPerEpoch: number };
  readonly parameters: number;
  /** Test-split metrics in target units. */
  readonly metrics: {
    readonly split: 'test';
    readonly model: ForecastMetrics;
    readonly baselines: Readonly<Record<BaselineId, ForecastMetrics>>;
    readonly skillPercent: Readonly<Record<BaselineId, number>>;
    /** Calibration of the 80 % band on the test split, for an interval model. `model` scores its median. */
    readonly intervals?: IntervalMetrics;
  };
  readonly versions: { readonly app: string; readonly appVersion: string; readonly tfjs: string };
  readonly seed: number;
  /** The predict recipe in words, for whoever reads this file without our code. */
  readonly howToPredict: readonly string[];
}

/** The part of the metadata that turns raw rows into a forecast. */
export type ForecastRecipe = Pick<ModelMetadata, 'target' | 'window' | 'features'>;

/** The forecast recipe of a model trained on `data`: feature order, normalization, window, target. */
export function forecastRecipe(data: PreparedData): ForecastRecipe {
  const { normalizer } = data;
  return {
    target: { name: data.target, units: data.targetUnits, mean: normalizer.mean[0], std: normalizer.std[0] },
    window: { lookbackDays: data.lookbackDays, horizonDays: data.horizonDays },
    features: normalizer.features.map((name, j) => ({
      name,
      units: isSeasonal(name) ? '' : (data.table.units[name] ?? ''),
      mean: normalizer.mean[j],
      std: normalizer.std[j],
      source: isSeasonal(name) ? ('date' as const) : ('column' as const),
    })),
  };
}

/** A daily row of raw values by column name. */
export interface RawRow {
  readonly date: string;
  readonly values: Readonly<Record<string, number>>;
}

/** An input window with the forecast the exported model must reproduce. */
export interface TestVector {
  /** The last `lookbackDays` raw rows, oldest first. */
  readonly rows: readonly RawRow[];
  /** Normalized model input `[lookbackDays][features]`, for checking the preprocessing. */
  readonly modelInput: readonly (readonly number[])[];
  /** Dates forecast: the `horizonDays` days after the last row. */
  readonly forecastDates: readonly string[];
  /** Expected forecast in target units (the median for an interval model). */
  readonly expected: readonly number[];
  /** Expected 10th and 90th percentiles in target units, for an interval model. */
  readonly expectedLower?: readonly number[];
  readonly expectedUpper?: readonly number[];
}

export interface TrainingSummary {
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly msPerEpoch: number;
}

/** What an export needs besides the model and data. */
export interface ExportContext {
  readonly dataset: { readonly name: string; readonly source: string };
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly trainingSummary: TrainingSummary;
  /** Evaluation on the test split. */
  readonly evaluation: Evaluation;
  /** Number of test vectors to include (default 5). */
  readonly testVectorCount?: number;
}


const SEASONAL_RECIPE =
  'doy = day of year (1 = 1 January); doy_sin = sin(2π·doy/365.25); doy_cos = cos(2π·doy/365.25)';

function isSeasonal(name: string): boolean {
  return (SEASONAL_FEATURES as readonly string[]).includes(name);
}

/** The normalized model input for raw rows, `[rows][features]`. */
export function modelInputFromRows(metadata: ForecastRecipe, rows: readonly RawRow[]): number[][] {
  const { lookbackDays } = metadata.window;
  if (rows.length !== lookbackDays) {
    throw new BundleError('incompatible-data', `The model needs exactly ${lookbackDays} consecutive days of data; got ${rows.length}.`);
  }
  for (let i = 1; i < rows.length; i++) {
    if (dayNumber(rows[i].date) !== dayNumber(rows[i - 1].date) + 1) {
      throw new BundleError('incompatible-data', `Days must be consecutive: ${rows[i - 1].date} is followed by ${rows[i].date}. Fill the gap or use a later period.`);
    }
  }
  return rows.map((row) =>
    metadata.features.map((f) => {
      let raw: number;
      if (f.source === 'date') raw = seasonalEncoding(row.date)[f.name === 'doy_sin' ? 0 : 1];
      else {
        raw = row.values[f.name];
        if (typeof raw !== 'number' || !Number.isFinite(raw)) {
          throw new BundleError('incompatible-data', `Day ${row.date} has no numeric value for "${f.name}" (${f.units || 'no unit'}), which the model needs.`);
        }
      }
      return (raw - f.mean) / f.std;
    }),
  );
}

/** A forecast from raw rows, in target units; `lower`/`upper` (10th/90th percentile) for an interval model. */
export interface RowForecast {
  readonly dates: string[];
  /** The forecast per day; the median for an interval model. */
  readonly values: number[];
  readonly lower?: number[];
  readonly upper?: number[];
}

/**
 * Forecasts the `horizonDays` days after the last of `rows` (exactly `lookbackDays`
 * consecutive raw daily rows), in the target's units. An interval model's three quantiles are
 * sorted per day, so lower ≤ value ≤ upper.
 */
export function forecastFromRows(model: tf.LayersModel, metadata: ForecastRecipe, rows: readonly RawRow[]): RowForecast {
  const input = modelInputFromRows(metadata, rows);
  const normalized = tf.tidy(() => (model.predict(tf.tensor3d([input])) as tf.Tensor).dataSync());
  const { mean, std } = metadata.target;
  const H = metadata.window.horizonDays;
  const last = dayNumber(rows[rows.length - 1].date);
  const dates = Array.from({ length: H }, (_, j) => isoFromDayNumber(last + j + 1));
  const toUnits = (v: number) => v * std + mean;
  if (!hasIntervalHead(model, H)) return { dates, values: Array.from(normalized, toUnits) };
  const q = splitQuantiles(normalized, H, toUnits);
  return { dates, values: Array.from(q.median), lower: Array.from(q.lower), upper: Array.from(q.upper) };
}

/** Raw rows `[end - lookbackDays + 1, end]` of the data's table. */
export function rawRowsEndingAt(data: PreparedData, endRow: number, columns: readonly string[]): RawRow[] {
  const rows: RawRow[] = [];
  for (let i = endRow - data.lookbackDays + 1; i <= endRow; i++) {
    rows.push({ date: data.dates[i], values: Object.fromEntries(columns.map((c) => [c, data.table.columns[c][i]])) });
  }
  return rows;
}

function buildMetadata(model: tf.LayersModel, data: PreparedData, ctx: ExportContext, backend: string): ModelMetadata {
  const { normalizer } = data;
  const e = ctx.evaluation;
  const intervals = hasIntervalHead(model, data.horizonDays);
  const H = data.horizonDays;
  const units = data.targetUnits || 'its units';
  const outputStep = intervals
    ? `The output has shape [1, ${3 * H}]: 10th, 50th and 90th percentiles, quantile-major (${QUANTILE_LAYOUT}). ` +
      `Multiply each by target.std and add target.mean to get ${data.target} in ${units}; for each of the ${H} day(s) after the last input day, ` +
      'the middle of the three sorted values is the forecast (median) and the lowest and highest bound an 80 % prediction interval.'
    : `The output has shape [1, ${H}]: multiply by target.std and add target.mean to get ${data.target} in ${units} for the ${H} day(s) after the last input day.`;
  const band = e.intervals
    ? {
        intervals: {
          quantiles: e.intervals.quantiles,
          nominalCoverage: e.intervals.nominalCoverage,
          coverage: e.intervals.coverage,
          coveragePerHorizon: e.intervals.coveragePerHorizon,
          meanWidth: e.intervals.meanWidth,
          meanWidthPerHorizon: e.intervals.meanWidthPerHorizon,
          pinballLoss: e.intervals.pinballLoss,
        },
      }
    : {};
  return {
    format: 'weather-forecast-bundle',
    formatVersion: BUNDLE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    ...forecastRecipe(data),
    seasonalEncoding: SEASONAL_RECIPE,
    inputShape: [null, data.lookbackDays, data.numFeatures],
    outputShape: [null, outputUnits(H, intervals)],
    output: intervals ? { kind: 'quantiles', quantiles: [...QUANTILES], layout: QUANTILE_LAYOUT } : { kind: 'point' },
    dataset: {
      name: ctx.dataset.name,
      source: ctx.dataset.source,
      period: { start: data.dates[0], end: data.dates[data.dates.length - 1] },
      splits: data.periods,
    },
    architecture: ctx.architecture,
    training: { ...ctx.training, ...ctx.trainingSummary, backend },
    parameters: model.countParams(),
    metrics: { split: 'test', model: e.model, baselines: e.baselines, skillPercent: e.skill, ...band },
    versions: { app: APP_NAME, appVersion: APP_VERSION, tfjs: tf.version.tfjs },
    seed: ctx.training.seed,
    howToPredict: [
      `Take the last ${data.lookbackDays} consecutive days of daily data, oldest first.`,
      `For each day build the features in this order: ${normalizer.features.join(', ')} (${SEASONAL_RECIPE}).`,
      'Normalize each feature: (value - features[i].mean) / features[i].std.',
      `Feed a tensor of shape [1, ${data.lookbackDays}, ${data.numFeatures}] to the model loaded from model.json.`,
      outputStep,
    ],
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function json(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
}

/** Topology and weights of a model, in the TensorFlow.js layers format. */
async function modelArtifacts(model: tf.LayersModel): Promise<{ modelJson: tf.io.ModelJSON; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs || !captured.weightData) throw new Error('Saving the model produced no weights.');
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(captured.weightData));
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology: captured.modelTopology,
      weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: captured.weightSpecs }],
    },
    weights,
  };
}

/**
 * Builds the export bundle: `model.json` + `weights.bin` (TensorFlow.js layers format, loadable
 * by `tf.loadLayersModel`), `metadata.json`, `test-vectors.json` and a `README.md` model card.
 */
export async function exportBundle(model: tf.LayersModel, data: PreparedData, ctx: ExportContext): Promise<BundleFiles> {
  const metadata = buildMetadata(model, data, ctx, tf.getBackend());
  const columns = metadata.features.filter((f) => f.source === 'column').map((f) => f.name);
  const test = data.test;
  const n = Math.min(ctx.testVectorCount ?? 5, test.count);
  const testVectors: TestVector[] = [];
  for (let k = 0; k < n; k++) {
    const w = Math.floor((k * (test.count - 1)) / Math.max(1, n - 1));
    const rows = rawRowsEndingAt(data, test.anchors[w], columns);
    const forecast = forecastFromRows(model, metadata, rows);
    testVectors.push({
      rows,
      modelInput: modelInputFromRows(metadata, rows),
      forecastDates: forecast.dates,
      expected: forecast.values,
      ...(forecast.lower && forecast.upper ? { expectedLower: forecast.lower, expectedUpper: forecast.upper } : {}),
    });
  }
  const { modelJson, weights } = await modelArtifacts(model);
  return {
    [BUNDLE_FILES.model]: json(modelJson),
    [BUNDLE_FILES.weights]: weights,
    [BUNDLE_FILES.metadata]: json(metadata),
    [BUNDLE_FILES.testVectors]: json(testVectors),
    [BUNDLE_FILES.readme]: encoder.encode(modelCard(metadata)),
  };
}

function readJson<T>(files: BundleFiles, name: string): T {
  const bytes = files[name];
  if (!bytes) {
    throw new BundleError('missing-file', `The model bundle has no ${name} (found: ${Object.keys(files).join(', ') || 'nothing'}). Export the model again, or pick the zip this app downloaded.`);
  }
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch {
    throw new BundleError('bad-json', `${name} in the model bundle is not valid JSON. The file is damaged: export the model again.`);
  }
}

/** JSON-quotes (and so escapes) a name read from a bundle before it goes into a message. */
const quoteName = (name: unknown): string => JSON.stringify(String(name).slice(0, 40));

function checkMetadata(m: ModelMetadata): void {
  const bad = (what: string): never => {
    throw new BundleError('bad-metadata', `metadata.json is not usable: ${what}. Export the model again rather than editing this file.`);
  };
  if (m?.format !== 'weather-forecast-bundle') bad('it is not a weather-forecast bundle');
  if (typeof m.formatVersion !== 'number' || m.formatVersion > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      'bad-metadata',
      `metadata.json has format version ${typeof m.formatVersion === 'number' ? m.formatVersion : quoteName(m.formatVersion)}, but this app reads version ${BUNDLE_FORMAT_VERSION} and older. ` +
        'Use the app version that exported the model, or export the model again with this one.',
    );
  }
  if (!Array.isArray(m.features) || m.features.length === 0) bad('it lists no features');
  for (const f of m.features) {
    if (typeof f !== 'object' || f === null || typeof f.name !== 'string') bad('a feature has no name');
    if (!Number.isFinite(f.mean) || !(f.std > 0)) bad(`feature ${quoteName(f.name)} has no valid mean/std`);
    if (f.source !== 'column' && !(f.source === 'date' && isSeasonal(f.name))) bad(`feature ${quoteName(f.name)} has an unknown source`);
  }
  if (!m.target || !Number.isFinite(m.target.mean) || !(m.target.std > 0)) bad('the target has no valid mean/std');
  if (!m.window || !Number.isInteger(m.window.lookbackDays) || !Number.isInteger(m.window.horizonDays)) bad('the window is missing');
  const outputKind: unknown = (m.output as { kind?: unknown } | undefined)?.kind;
  if (m.output !== undefined && outputKind !== 'point' && outputKind !== 'quantiles') bad(`the output kind ${quoteName(outputKind)} is unknown`);
  if (m.inputShape?.[1] !== m.window.lookbackDays || m.inputShape?.[2] !== m.features.length) {
    bad(`inputShape ${JSON.stringify(m.inputShape)} does not match ${m.window.lookbackDays} days × ${m.features.length} features`);
  }
}

/**
 * Largest allowed |recomputed − exported| normalized model input: the recipe is plain float64 arithmetic,
 * so anything above rounding noise means metadata.json no longer describes the export.
 */
const PREPROCESSING_TOLERANCE = 1e-6;

/**
 * Recomputes each test vector's model input from its raw rows with metadata.json's recipe and compares it
 * with the input stored at export: catches edited normalization statistics and reordered features before
 * the model runs, and names the first day and feature that differ.
 */
function checkPreprocessing(metadata: ForecastRecipe, vectors: readonly TestVector[]): void {
  for (const v of vectors) {
    const input = modelInputFromRows(metadata, v.rows);
    for (let i = 0; i < input.length; i++) {
      for (let j = 0; j < input[i].length; j++) {
        const stored = v.modelInput[i]?.[j];
        if (typeof stored === 'number' && Math.abs(input[i][j] - stored) <= PREPROCESSING_TOLERANCE) continue;
        throw new BundleError(
          'test-vectors-failed',
          `metadata.json does not match the test vectors: on ${v.rows[i].date}, input ${j + 1} (${quoteName(metadata.features[j].name)}) ` +
            `computes to ${input[i][j].toFixed(4)} with its normalization and feature order, but the export gave ` +
            `${typeof stored === 'number' ? stored.toFixed(4) : 'nothing'}. metadata.json was edited after export (normalization or feature order changed): ` +
            'export the model again rather than editing it.',
        );
      }
    }
  }
}

/** Result of replaying the test vectors through a loaded model. */
export interface TestVectorCheck {
  readonly count: number;
  /** Largest |forecast - expected| over all vectors and horizon days, in target units. */
  readonly maxAbsDiff: number;
  readonly passed: boolean;
  readonly tolerance: number;
}

/**
 * Tolerance for test vectors, in target units: exact on the backend that exported the bundle,
 * float32 rounding differences between backends stay far below it.
 */
export const TEST_VECTOR_TOLERANCE = 1e-3;

/** Replays test vectors through the raw-rows → forecast recipe (the band too, for an interval model). */
export function checkTestVectors(model: tf.LayersModel, metadata: ForecastRecipe, vectors: readonly TestVector[]): TestVectorCheck {
  let maxAbsDiff = 0;
  const compare = (got: readonly number[] | undefined, expected: readonly number[] | undefined) => {
    if (got === undefined && expected === undefined) return;
    if (got === undefined || expected === undefined || got.length !== expected.length) {
      maxAbsDiff = Number.POSITIVE_INFINITY;
      return;
    }
    got.forEach((g, j) => {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(g - expected[j]));
    });
  };
  for (const v of vectors) {
    const got = forecastFromRows(model, metadata, v.rows);
    compare(got.values, v.expected);
    compare(got.lower, v.expectedLower);
    compare(got.upper, v.expectedUpper);
  }
  if (Number.isNaN(maxAbsDiff)) maxAbsDiff = Number.POSITIVE_INFINITY;
  return { count: vectors.length, maxAbsDiff, passed: vectors.length > 0 && maxAbsDiff <= TEST_VECTOR_TOLERANCE, tolerance: TEST_VECTOR_TOLERANCE };
}

export interface ImportedBundle {
  readonly model: tf.LayersModel;
  readonly metadata: ModelMetadata;
  readonly testVectors: readonly TestVector[];
  readonly check: TestVectorCheck;
}

/**
 * Loads a bundle and replays its test vectors.
 * @throws BundleError naming the missing or broken part, or when the test vectors do not reproduce.
 */
export async function importBundle(files: BundleFiles): Promise<ImportedBundle> {
  const modelJson = readJson<tf.io.ModelJSON>(files, BUNDLE_FILES.model);
  const metadata = readJson<ModelMetadata>(files, BUNDLE_FILES.metadata);
  const testVectors = readJson<TestVector[]>(files, BUNDLE_FILES.testVectors);
  checkMetadata(metadata);
  if (!Array.isArray(testVectors) || testVectors.length === 0 || testVectors.some((v) => !Array.isArray(v?.rows) || !Array.isArray(v?.modelInput) || !Array.isArray(v?.expected))) {
    throw new BundleError('bad-json', `${BUNDLE_FILES.testVectors} is not a list of test vectors (rows, modelInput, expected). The file is damaged: export the model again.`);
  }
  let model: tf.LayersModel;
  try {
    const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const expectedBytes = specs.reduce((sum, w) => sum + (w.quantization || w.dtype !== 'float32' ? Number.NaN : w.shape.reduce((a, b) => a * b, 1) * 4), 0);
      const buffers = manifest.flatMap((group) =>
        group.paths.map((path) => {
          const bytes = files[path];
          if (!bytes) throw new BundleError('missing-file', `The model bundle has no weights file "${path}" that model.json refers to. Export the model again.`);
          return bytes.slice().buffer;
        }),
      );
      const weights = tf.io.concatenateArrayBuffers(buffers);
      if (Number.isFinite(expectedBytes) && weights.byteLength !== expectedBytes) {
        throw new BundleError(
          'bad-model',
          `${manifest.flatMap((g) => g.paths).join(', ')} holds ${weights.byteLength} bytes, but model.json describes ${specs.length} weight tensors ` +
            `of ${expectedBytes / 4} float32 values (${expectedBytes} bytes): the weights come from another export or were cut short. Export the model again.`,
        );
      }
      return [specs, weights];
    });
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('bad-model', `model.json and its weights do not form a valid model (${(error as Error).message}). Export the model again.`);
  }
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  const intervals = metadataHasIntervals(metadata);
  const expectedOutputs = outputUnits(metadata.window.horizonDays, intervals);
  if (inShape[1] !== metadata.window.lookbackDays || inShape[2] !== metadata.features.length || outShape[1] !== expectedOutputs) {
    model.dispose();
    throw new BundleError(
      'bad-metadata',
      `The model takes ${JSON.stringify(inShape)} and gives ${JSON.stringify(outShape)}, but metadata.json describes ${metadata.window.lookbackDays} days × ${metadata.features.length} features → ` +
        `${metadata.window.horizonDays} days${intervals ? ' × 3 percentiles' : ''} (${expectedOutputs} outputs). The files come from different exports.`,
    );
  }
  try {
    checkPreprocessing(metadata, testVectors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const check = checkTestVectors(model, metadata, testVectors);
  if (!check.passed) {
    model.dispose();
    throw new BundleError(
      'test-vectors-failed',
      `The model does not reproduce its test vectors (largest difference ${check.maxAbsDiff.toPrecision(3)} ${metadata.target.units}, allowed ${TEST_VECTOR_TOLERANCE}). The weights or metadata were changed after export: export the model again.`,
    );
  }
  return { model, metadata, testVectors, check };
}
