/**
 * Checks that a bundle read back describes itself truthfully: metadata.json is well-formed, its recipe
 * recomputes the stored model inputs, and forecasts match the test vectors within tolerance. The model
 * itself is passed in as a forecast function, so this module needs no TensorFlow.js.
 */
import { BUNDLE_FORMAT_VERSION } from '../version.ts';
import { BundleError } from './format.ts';
import type { ForecastRecipe, ModelMetadata, RawRow, TestVector } from './metadata.ts';
import { isSeasonalFeature, modelInputFromRows, type RowForecast } from './recipe.ts';

/** JSON-quotes (and so escapes) a name read from a bundle before it goes into a message. */
const quoteName = (name: unknown): string => JSON.stringify(String(name).slice(0, 40));

/**
 * Refuses metadata that this app cannot have written or cannot read.
 * @throws BundleError 'bad-metadata' naming the first problem.
 */
export function checkMetadata(m: ModelMetadata): void {
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
    if (f.source !== 'column' && !(f.source === 'date' && isSeasonalFeature(f.name))) bad(`feature ${quoteName(f.name)} has an unknown source`);
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
export function checkPreprocessing(metadata: ForecastRecipe, vectors: readonly TestVector[]): void {
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

/** Compares `forecast`'s answer for each vector's rows (and index) with its expected values (the band too, for an interval model). */
export function scoreTestVectors(vectors: readonly TestVector[], forecast: (rows: readonly RawRow[], index: number) => RowForecast): TestVectorCheck {
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
  for (const [index, v] of vectors.entries()) {
    const got = forecast(v.rows, index);
    compare(got.values, v.expected);
    compare(got.lower, v.expectedLower);
    compare(got.upper, v.expectedUpper);
  }
  if (Number.isNaN(maxAbsDiff)) maxAbsDiff = Number.POSITIVE_INFINITY;
  return { count: vectors.length, maxAbsDiff, passed: vectors.length > 0 && maxAbsDiff <= TEST_VECTOR_TOLERANCE, tolerance: TEST_VECTOR_TOLERANCE };
}
