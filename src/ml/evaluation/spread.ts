/**
 * Spread over seeds: a result is only as good as its median over several seeds, and a learner
 * comparing two settings needs the range to tell a better setting from a luckier seed.
 */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The median (mean of the middle two for an even count), minimum and maximum; NaN for an empty list. */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The index of the value closest to the median (the lower one on a tie): the run that represents the spread. */
export function medianIndex(values: readonly number[]): number {
  const { median } = spreadOf(values);
  let best = 0;
  values.forEach((v, i) => {
    if (Math.abs(v - median) < Math.abs(values[best] - median)) best = i;
  });
  return best;
}
