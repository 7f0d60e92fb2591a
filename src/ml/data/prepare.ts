import { buildFeatureMatrix, type FeatureSpec } from './features.ts';
import { fitNormalizer, normalizeMatrix, type Normalizer } from './normalize.ts';
import { splitAnchors, type SplitSpec } from './split.ts';
import type { WeatherTable } from './table.ts';
import { rangeError } from '../settings/check.ts';
import { SETTINGS } from '../settings/table.ts';
import { makeWindows, type WindowSet, type WindowSpec } from './windows.ts';

/** Everything that defines how a table becomes training data. Serializable. */
export interface DataSpec {
  readonly features: FeatureSpec;
  readonly window: WindowSpec;
  readonly split: SplitSpec;
}

/** A period of days, inclusive, `YYYY-MM-DD`. */
export interface Period {
  readonly start: string;
  readonly end: string;
  /** Number of windows whose targets fall in this period. */
  readonly windows: number;
}

/** Data ready for training and evaluation. Plain typed arrays: safe to send to a worker. */
export interface PreparedData {
  readonly spec: DataSpec;
  /** Feature names in model order; the target is feature 0. */
  readonly featureNames: readonly string[];
  readonly numFeatures: number;
  readonly lookbackDays: number;
  readonly horizonDays: number;
  readonly target: string;
  /** Units of the target, e.g. `°C`. */
  readonly targetUnits: string;
  /** Fitted on the training split only. */
  readonly normalizer: Normalizer;
  /** The table the windows were cut from (raw values, for baselines, charts and test vectors). */
  readonly table: WeatherTable;
  /** All dates of the table, `YYYY-MM-DD`. */
  readonly dates: readonly string[];
  /** Raw target per row, in `targetUnits`. */
  readonly targetSeries: Float64Array;
  /** First row of the test period; rows before it are the training years. */
  readonly testStartRow: number;
  readonly train: WindowSet;
  readonly validation: WindowSet;
  readonly test: WindowSet;
  readonly periods: { readonly train: Period; readonly validation: Period; readonly test: Period };
}

export type SplitName = 'train' | 'validation' | 'test';

/** Thrown when the data cannot make enough windows for the chosen spec. */
export class DataSpecError extends Error {
  override readonly name = 'DataSpecError';
  constructor(message: string, readonly hint: string) {
    super(`${message} ${hint}`);
  }
}

function periodOf(dates: readonly string[], anchors: Int32Array, horizonDays: number): Period {
  if (anchors.length === 0) return { start: '', end: '', windows: 0 };
  return {
    start: dates[anchors[0] + 1],
    end: dates[anchors[anchors.length - 1] + horizonDays],
    windows: anchors.length,
  };
}

export interface PrepareOptions {
  /**
   * Reuse these statistics instead of fitting on the training split: a model trained on one
   * city must see another city's data on the scale it was trained on (transfer learning).
   */
  readonly normalizer?: Normalizer;
}

/**
 * Turns a validated table into normalized, chronologically split windows.
 * Normalization statistics come from the rows of the training split only.
 * @throws DataSpecError naming the problem when the spec does not fit the data.
 */
export function prepareData(table: WeatherTable, spec: DataSpec, options: PrepareOptions = {}): PreparedData {
  const { lookbackDays, horizonDays } = spec.window;
  const limits = SETTINGS;
  if (!Number.isInteger(lookbackDays) || lookbackDays < limits.lookbackDays.min || lookbackDays > limits.lookbackDays.max) {
    throw new DataSpecError(`Lookback ${lookbackDays} is not allowed.`, `Use a whole number of days from ${limits.lookbackDays.min} to ${limits.lookbackDays.max}.`);
  }
  if (!Number.isInteger(horizonDays) || horizonDays < limits.horizonDays.min || horizonDays > limits.horizonDays.max) {
    throw new DataSpecError(`Horizon ${horizonDays} is not allowed.`, `Use a whole number of days from ${limits.horizonDays.min} to ${limits.horizonDays.max}.`);
  }
  const targetColumn = table.columns[spec.features.target];
  if (!targetColumn) {
    throw new DataSpecError(
      `Target "${spec.features.target}" is not a column of the data.`,
      `Choose one of: ${Object.keys(table.columns).join(', ')}.`,
    );
  }
  const rows = table.dates.length;
  const minRows = lookbackDays + horizonDays;
  if (rows < minRows) {
    throw new DataSpecError(
      `The data has ${rows} rows, but a lookback of ${lookbackDays} days and a horizon of ${horizonDays} days need at least ${minRows} rows for a single window.`,
      'Use a shorter lookback or horizon, or load more days.',
    );
  }
  const years = spec.split.trainYears;
  const yearsProblem = years === undefined ? null : rangeError('trainYears', years);
  if (yearsProblem) throw new DataSpecError(yearsProblem, 'Choose how many years before the test period to learn from.');
  const anchors = splitAnchors(table.dates, spec.window, spec.split);
  const needed: [string, Int32Array, number][] = [
    ['training', anchors.train, 8],
    ['validation', anchors.validation, 1],
    ['test', anchors.test, 1],
  ];
  for (const [name, set, min] of needed) {
    if (set.length < min) {
      throw new DataSpecError(
        `The ${name} split has ${set.length} windows (at least ${min} needed) with ${rows} rows, lookback ${lookbackDays} and horizon ${horizonDays}.`,
        'Load more days, shorten the lookback or horizon, or change the split.',
      );
    }
  }
  const { names, values } = buildFeatureMatrix(table, spec.features);
  // The first day a training window reads: 0 unless fewer years than the data has are used.
  const firstTrainRow = anchors.train[0] - lookbackDays + 1;
  const lastTrainRow = anchors.train[anchors.train.length - 1] + horizonDays;
  if (options.normalizer && options.normalizer.features.join() !== names.join()) {
    throw new DataSpecError(
      `The model expects the features ${options.normalizer.features.join(', ')} but this data gives ${names.join(', ')}.`,
      'Choose the same target and inputs as the model was trained with.',
    );
  }
  const normalizer = options.normalizer ?? fitNormalizer(values, names, [firstTrainRow, lastTrainRow + 1]);
  const normalized = normalizeMatrix(values, normalizer);
  const f = names.length;
  const target = new Float32Array(rows);
  for (let i = 0; i < rows; i++) target[i] = normalized[i * f];
  const cut = (a: Int32Array) => makeWindows(normalized, f, target, a, spec.window);
  return {
    spec,
    featureNames: names,
    numFeatures: f,
    lookbackDays,
    horizonDays,
    target: spec.features.target,
    targetUnits: table.units[spec.features.target] ?? '',
    normalizer,
    table,
    dates: table.dates,
    targetSeries: targetColumn,
    testStartRow: anchors.testStartRow,
    train: cut(anchors.train),
    validation: cut(anchors.validation),
    test: cut(anchors.test),
    periods: {
      train: periodOf(table.dates, anchors.train, horizonDays),
      validation: periodOf(table.dates, anchors.validation, horizonDays),
      test: periodOf(table.dates, anchors.test, horizonDays),
    },
  };
}

/**
 * Actual target values of a window set in the target's units, row-major `[count, horizonDays]`.
 */
export function actualValues(data: PreparedData, set: WindowSet): Float32Array {
  const h = data.horizonDays;
  const out = new Float32Array(set.count * h);
  for (let k = 0; k < set.count; k++) {
    for (let j = 0; j < h; j++) out[k * h + j] = data.targetSeries[set.anchors[k] + 1 + j];
  }
  return out;
}

/** Converts normalized target values (any shape) to the target's units. */
export function targetToUnits(data: PreparedData, normalized: Float32Array): Float32Array {
  const mu = data.normalizer.mean[0];
  const sigma = data.normalizer.std[0];
  return normalized.map((v) => v * sigma + mu);
}
