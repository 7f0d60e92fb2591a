/**
 * Outliers judged per distribution. A symmetric column (temperature, wind) is judged by its median and
 * MAD; a skewed, zero-heavy column (precipitation) by its non-zero values on a log scale, so an ordinary
 * heavy-rain day in a wet city is not reported like dirty data. Error codes (999, -9999, 999999) and
 * physically impossible values are flagged in every column. Pure functions, no DOM.
 */
import { isFlagColumn } from './inputs.ts';

/** One suspicious value: a day and its value in the column's units. */
export interface OutlierExample {
  /** ISO date `YYYY-MM-DD`. */
  readonly date: string;
  readonly value: number;
}

/** How a column's values were judged: `median-mad` on the values, `log-non-zero` on log(value) of the values above 0. */
export type OutlierRule = 'median-mad' | 'log-non-zero';

/** Why a value is an outlier: an error code, outside what the weather can do, or far from the column's distribution. */
export type OutlierReason = 'error-code' | 'impossible' | 'distribution';

/** The outliers of one column. */
export interface ColumnOutliers {
  readonly count: number;
  /** Up to {@link MAX_OUTLIER_EXAMPLES}, error codes and impossible values first, then the most extreme. */
  readonly examples: readonly OutlierExample[];
}

/** Everything {@link judgeOutliers} finds in one column. */
export interface OutlierJudgement {
  readonly rule: OutlierRule;
  readonly outliers: ColumnOutliers;
  /** Values to name in a warning: error codes, impossible values and values far past the rest of the column. */
  readonly severe: readonly OutlierExample[];
}

/** Distance from the median, in robust standard deviations, beyond which a value is an outlier. */
export const OUTLIER_ROBUST_SDS = 4;
/** Scale that turns the MAD into a standard deviation for normally distributed data. */
export const MAD_TO_SD = 1.4826;
/** Scale that turns the mean absolute deviation into a standard deviation (normal data); used when MAD is 0. */
const MEAN_AD_TO_SD = 1.2533;
/** At most this many outlier examples are listed per column. */
export const MAX_OUTLIER_EXAMPLES = 5;
/**
 * A value is far past the rest when it lies this many times farther from the median than the 1st/99th
 * percentile does: past any weather (a misplaced decimal point), while the long tail of real rain stays quiet.
 */
export const EXTREME_OUTLIER_FACTOR = 10;
/** A non-negative column with at least this share of zeros (dry days) is judged on its non-zero values. */
export const ZERO_SHARE_FOR_LOG_RULE = 0.2;
/** ...and so is one whose quartile skewness (Bowley) is at least this: a long right tail. */
export const QUARTILE_SKEW_FOR_LOG_RULE = 0.3;

/** Physically possible daily values by kind of column (°C, mm, m/s); records are well inside. */
const PLAUSIBLE: readonly { readonly name: RegExp; readonly min: number; readonly max: number }[] = [
  // Earth's records: −89.2 °C (Vostok), 56.7 °C (Death Valley).
  { name: /^(temp|tmax|tmin|tavg|tmean)/i, min: -95, max: 65 },
  // Record daily rain 1,825 mm (Réunion); negative rain cannot fall.
  { name: /^(precip|prcp|rain|snow)/i, min: 0, max: 2000 },
  // Record gust 113 m/s; a negative speed is impossible.
  { name: /^(wind|awnd|wspd|gust)/i, min: 0, max: 120 },
];

/** True for the error codes loggers write instead of a value: ±999, ±9999, 999999, 999.9, … */
export function isErrorCode(value: number): boolean {
  return Math.abs(value) >= 999 && /^-?9+(\.9+)?$/.test(String(value));
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

function medianAndMad(sorted: Float64Array): { median: number; mad: number } {
  const median = quantile(sorted, 0.5);
  return { median, mad: quantile(sorted.map((v) => Math.abs(v - median)).sort(), 0.5) };
}

/**
 * Robust spread: 1.4826·MAD; when more than half the values are equal (MAD = 0) falls back to
 * 1.2533·mean absolute deviation; 0 only for a constant column.
 */
function robustSpread(values: Float64Array, median: number, mad: number): number {
  if (mad > 0) return MAD_TO_SD * mad;
  let sum = 0;
  for (const v of values) sum += Math.abs(v - median);
  return values.length > 0 ? (MEAN_AD_TO_SD * sum) / values.length : 0;
}

/** A non-negative column with many zeros or a long right tail, judged on log(value) of its positive values. */
function isSkewed(sorted: Float64Array, clean: Float64Array): boolean {
  if (clean.length === 0 || quantile(sorted, 0.01) < 0) return false;
  const zeros = clean.filter((v) => v === 0).length / clean.length;
  const [q1, q2, q3] = [0.25, 0.5, 0.75].map((q) => quantile(sorted, q));
  const bowley = q3 > q1 ? (q3 + q1 - 2 * q2) / (q3 - q1) : 0;
  return zeros >= ZERO_SHARE_FOR_LOG_RULE || bowley >= QUARTILE_SKEW_FOR_LOG_RULE;
}

/** A robust z-score per value (NaN = not judged) under the column's rule. */
function distanceScorer(clean: Float64Array, rule: OutlierRule): (value: number) => number {
  if (rule === 'log-non-zero') {
    const logs = clean.filter((v) => v > 0).map(Math.log).sort();
    const { median, mad } = medianAndMad(logs);
    const spread = robustSpread(logs, median, mad);
    // Only the upper tail: a drizzle of 0.1 mm is small, not suspicious; negatives are judged as impossible.
    return (v) => (v > 0 && spread > 0 ? Math.max(0, (Math.log(v) - median) / spread) : v < 0 ? Infinity : 0);
  }
  const sorted = clean.slice().sort();
  const { median, mad } = medianAndMad(sorted);
  const spread = robustSpread(clean, median, mad);
  return (v) => (spread > 0 ? Math.abs(v - median) / spread : 0);
}

/**
 * Judges the finite values of one column (`values[i]` on `dates[i]`, NaN skipped). Error codes are set
 * aside before the distribution is measured, so one -9999 cannot widen it.
 */
export function judgeOutliers(name: string, dates: readonly string[], values: Float64Array): OutlierJudgement {
  const finite = values.filter((v) => Number.isFinite(v));
  const clean = finite.filter((v) => !isErrorCode(v));
  const sorted = clean.slice().sort();
  const rule: OutlierRule = isSkewed(sorted, clean) ? 'log-non-zero' : 'median-mad';
  const distance = distanceScorer(clean, rule);
  const plausible = PLAUSIBLE.find((p) => p.name.test(name.trim()));
  // A 0/1 flag (interpolated) has no distribution to be far from: its rare 1s are the point of it.
  const flag = isFlagColumn(name);
  const median = quantile(sorted, 0.5);
  const [low, high] = [quantile(sorted, 0.01), quantile(sorted, 0.99)];
  const farPast = (v: number): boolean =>
    v > median ? v - median > EXTREME_OUTLIER_FACTOR * (high - median) : median - v > EXTREME_OUTLIER_FACTOR * (median - low);

  const found: { date: string; value: number; reason: OutlierReason; score: number }[] = [];
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) return;
    const z = distance(value);
    const reason: OutlierReason | null = isErrorCode(value)
      ? 'error-code'
      : plausible && (value < plausible.min || value > plausible.max)
        ? 'impossible'
        : !flag && (z > OUTLIER_ROBUST_SDS || (rule === 'log-non-zero' && farPast(value)))
          ? 'distribution'
          : null;
    if (reason) found.push({ date: dates[i], value, reason, score: reason === 'distribution' ? z : Infinity });
  });
  found.sort((a, b) => b.score - a.score || Math.abs(b.value - median) - Math.abs(a.value - median) || a.date.localeCompare(b.date));
  const examples = found.slice(0, MAX_OUTLIER_EXAMPLES).map(({ date, value }) => ({ date, value }));
  const severe = found
    .filter((f) => f.reason !== 'distribution' || farPast(f.value))
    .slice(0, MAX_OUTLIER_EXAMPLES)
    .map(({ date, value }) => ({ date, value }));
  return { rule, outliers: { count: found.length, examples }, severe };
}
