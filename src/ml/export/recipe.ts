/**
 * The predict recipe that metadata.json describes, as code: which features in which order, how raw
 * daily rows become the normalized model input, how the model's output becomes a forecast in target
 * units, and the same recipe in words (`howToPredict`). No TensorFlow.js.
 */
import type { PreparedData } from '../data/prepare.ts';
import { seasonalEncoding, SEASONAL_FEATURES } from '../data/features.ts';
import { dayNumber, isoFromDayNumber } from '../data/table.ts';
import { QUANTILE_LAYOUT, splitQuantiles } from '../evaluation/intervals.ts';
import { BundleError } from './format.ts';
import type { ForecastRecipe, RawRow } from './metadata.ts';

/** How `doy_sin` and `doy_cos` are computed, in words (metadata.json's `seasonalEncoding`). */
export const SEASONAL_RECIPE =
  'doy = day of year (1 = 1 January); doy_sin = sin(2π·doy/365.25); doy_cos = cos(2π·doy/365.25)';

/** Whether a feature is computed from the date rather than read from a column. */
export function isSeasonalFeature(name: string): boolean {
  return (SEASONAL_FEATURES as readonly string[]).includes(name);
}

/** The forecast recipe of a model trained on `data`: feature order, normalization, window, target. */
export function forecastRecipe(data: PreparedData): ForecastRecipe {
  const { normalizer } = data;
  return {
    target: { name: data.target, units: data.targetUnits, mean: normalizer.mean[0], std: normalizer.std[0] },
    window: { lookbackDays: data.lookbackDays, horizonDays: data.horizonDays },
    features: normalizer.features.map((name, j) => ({
      name,
      units: isSeasonalFeature(name) ? '' : (data.table.units[name] ?? ''),
      mean: normalizer.mean[j],
      std: normalizer.std[j],
      source: isSeasonalFeature(name) ? ('date' as const) : ('column' as const),
    })),
  };
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
 * The forecast for the `horizonDays` days after `lastDate` from the model's normalized output
 * (`3 × horizonDays` quantile-major values when `intervals`, sorted per day so lower ≤ value ≤ upper).
 */
export function forecastFromOutput(metadata: ForecastRecipe, lastDate: string, normalized: ArrayLike<number>, intervals: boolean): RowForecast {
  const { mean, std } = metadata.target;
  const H = metadata.window.horizonDays;
  const last = dayNumber(lastDate);
  const dates = Array.from({ length: H }, (_, j) => isoFromDayNumber(last + j + 1));
  const toUnits = (v: number) => v * std + mean;
  if (!intervals) return { dates, values: Array.from(normalized, toUnits) };
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

/** The recipe in words, for metadata.json's `howToPredict`. */
export function howToPredict(data: PreparedData, intervals: boolean): string[] {
  const H = data.horizonDays;
  const units = data.targetUnits || 'its units';
  const outputStep = intervals
    ? `The output has shape [1, ${3 * H}]: 10th, 50th and 90th percentiles, quantile-major (${QUANTILE_LAYOUT}). ` +
      `Multiply each by target.std and add target.mean to get ${data.target} in ${units}; for each of the ${H} day(s) after the last input day, ` +
      'the middle of the three sorted values is the forecast (median) and the lowest and highest bound an 80 % prediction interval.'
    : `The output has shape [1, ${H}]: multiply by target.std and add target.mean to get ${data.target} in ${units} for the ${H} day(s) after the last input day.`;
  return [
    `Take the last ${data.lookbackDays} consecutive days of daily data, oldest first.`,
    `For each day build the features in this order: ${data.normalizer.features.join(', ')} (${SEASONAL_RECIPE}).`,
    'Normalize each feature: (value - features[i].mean) / features[i].std.',
    `Feed a float32 tensor of shape [1, ${data.lookbackDays}, ${data.numFeatures}] to the model: model.json with TensorFlow.js, or model.onnx with ONNX Runtime (input "window", output "forecast").`,
    outputStep,
  ];
}
