/**
 * Prediction intervals as plain data (no TensorFlow.js): the quantile output layout, sorting the
 * three quantiles, and scoring a band (coverage, width, pinball loss).
 *
 * A model trained with intervals has `3 × horizonDays` outputs in **quantile-major** order:
 * index `q × horizonDays + day` for quantile `q` (0 = 10th, 1 = 50th, 2 = 90th percentile) and
 * 0-based horizon day `day`. So `[q10 day 1…H, q50 day 1…H, q90 day 1…H]`.
 */

/** Quantile levels of the interval head, in output order: lower, median, upper. */
export const QUANTILES = [0.1, 0.5, 0.9] as const;

/** Share of days the band [10th, 90th percentile] should contain: 80 %. */
export const NOMINAL_COVERAGE = 0.8;

/** Coverage we accept as well calibrated for an 80 % band on one test year (0..1). */
export const COVERAGE_AIM = { min: 0.75, max: 0.85 } as const;

/** How the outputs of an interval model are laid out, in words (for metadata.json and the model card). */
export const QUANTILE_LAYOUT =
  'quantile-major: output index q × horizonDays + d holds quantile q (0 = 10th, 1 = 50th, 2 = 90th percentile) of horizon day d + 1; ' +
  'sort the three values of each day ascending before use, so that they never cross';

/** Model output units for a horizon: one per day, or three (10th, 50th, 90th percentile) per day with intervals. */
export function outputUnits(horizonDays: number, intervals: boolean): number {
  return intervals ? QUANTILES.length * horizonDays : horizonDays;
}

/** The three quantiles of each window and horizon day, sorted so they never cross. */
export interface QuantileForecasts {
  /** 10th percentile, row-major `[count, horizonDays]`. */
  readonly lower: Float32Array;
  /** 50th percentile (the median), row-major `[count, horizonDays]`. */
  readonly median: Float32Array;
  /** 90th percentile, row-major `[count, horizonDays]`. */
  readonly upper: Float32Array;
}

/**
 * Splits raw quantile-major outputs `[count, 3 × horizonDays]` into lower, median and upper
 * `[count, horizonDays]`, sorting the three values of each day ascending (a quantile model can
 * cross its quantiles on unusual inputs; sorting never makes the pinball loss worse).
 * `transform` maps each value (e.g. de-normalization; it must be increasing).
 */
export function splitQuantiles(raw: ArrayLike<number>, horizonDays: number, transform: (v: number) => number = (v) => v): QuantileForecasts {
  const H = horizonDays;
  const width = QUANTILES.length * H;
  if (raw.length % width !== 0) throw new RangeError(`${raw.length} outputs are not a whole number of rows of 3 × ${H}`);
  const count = raw.length / width;
  const lower = new Float32Array(count * H);
  const median = new Float32Array(count * H);
  const upper = new Float32Array(count * H);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < H; d++) {
      const a = transform(raw[i * width + d]);
      const b = transform(raw[i * width + H + d]);
      const c = transform(raw[i * width + 2 * H + d]);
      const lo = Math.min(a, b, c);
      const hi = Math.max(a, b, c);
      lower[i * H + d] = lo;
      upper[i * H + d] = hi;
      median[i * H + d] = a + b + c - lo - hi;
    }
  }
  return { lower, median, upper };
}

/** Pinball (quantile) loss of one forecast `q` of quantile level `tau` for the actual `y`. */
export function pinball(y: number, q: number, tau: number): number {
  const e = y - q;
  return Math.max(tau * e, (tau - 1) * e);
}

/** How well an 80 % band did on a split. */
export interface IntervalMetrics {
  /** Quantile levels of lower, median and upper. */
  readonly quantiles: readonly number[];
  /** The share the band should contain (0.8). */
  readonly nominalCoverage: number;
  /** Share (0..1) of actual values inside [lower, upper], all horizon days. */
  readonly coverage: number;
  /** Share (0..1) inside the band for horizon day 1…H. */
  readonly coveragePerHorizon: readonly number[];
  /** Mean of upper − lower, in target units. */
  readonly meanWidth: number;
  readonly meanWidthPerHorizon: readonly number[];
  /** Pinball loss averaged over the three quantiles and all forecasts, in target units. */
  readonly pinballLoss: number;
}

/**
 * Coverage, width and pinball loss of a band. All arrays row-major `[count, horizonDays]` in the
 * same units; an actual value on a band edge counts as inside.
 */
export function intervalMetrics(
  lower: ArrayLike<number>,
  median: ArrayLike<number>,
  upper: ArrayLike<number>,
  actual: ArrayLike<number>,
  horizonDays: number,
): IntervalMetrics {
  const n = actual.length;
  if (lower.length !== n || median.length !== n || upper.length !== n) throw new RangeError('lower, median, upper and actual must have the same length');
  const H = horizonDays;
  const count = n / H;
  const inside = new Float64Array(H);
  const width = new Float64Array(H);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i];
    if (y >= lower[i] && y <= upper[i]) inside[i % H]++;
    width[i % H] += upper[i] - lower[i];
    loss += pinball(y, lower[i], QUANTILES[0]) + pinball(y, median[i], QUANTILES[1]) + pinball(y, upper[i], QUANTILES[2]);
  }
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return {
    quantiles: [...QUANTILES],
    nominalCoverage: NOMINAL_COVERAGE,
    coverage: sum(inside) / n,
    coveragePerHorizon: Array.from(inside, (v) => v / count),
    meanWidth: sum(width) / n,
    meanWidthPerHorizon: Array.from(width, (v) => v / count),
    pinballLoss: loss / (QUANTILES.length * n),
  };
}

/** Whether a coverage (0..1) is inside the 75–85 % aim, and which way it misses. */
export function coverageVerdict(coverage: number): 'ok' | 'too-narrow' | 'too-wide' {
  if (coverage < COVERAGE_AIM.min) return 'too-narrow';
  if (coverage > COVERAGE_AIM.max) return 'too-wide';
  return 'ok';
}
