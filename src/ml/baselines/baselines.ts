import type { PreparedData } from '../data/prepare.ts';
import { dayOfYear } from '../data/table.ts';
import type { WindowSet } from '../data/windows.ts';

/** Half-width of the day-of-year window averaged by the climatology baseline, in days. */
export const CLIMATOLOGY_HALF_WINDOW_DAYS = 7;

/**
 * A common-sense forecast to beat. Returns forecasts in the target's units,
 * row-major `[set.count, horizonDays]`.
 */
export interface Baseline {
  readonly id: BaselineId;
  readonly label: string;
  readonly description: string;
  forecast(data: PreparedData, set: WindowSet): Float32Array;
}

export type BaselineId = 'persistence' | 'climatology';

/** Persistence: every horizon day equals the last observed value ("tomorrow is like today"). */
export function persistenceForecast(data: PreparedData, set: WindowSet): Float32Array {
  const h = data.horizonDays;
  const out = new Float32Array(set.count * h);
  for (let k = 0; k < set.count; k++) out.fill(data.targetSeries[set.anchors[k]], k * h, (k + 1) * h);
  return out;
}

/**
 * Climatology table: for each day of year 1…366, the mean target over all days of the
 * training years (rows before the test period) whose day of year is within ±7 days
 * (circularly, so late December and early January mix).
 */
export function fitClimatology(
  dates: readonly string[],
  series: ArrayLike<number>,
  endRow: number,
  halfWindowDays = CLIMATOLOGY_HALF_WINDOW_DAYS,
): Float64Array {
  const sums = new Float64Array(367);
  const counts = new Float64Array(367);
  for (let i = 0; i < endRow; i++) {
    const doy = dayOfYear(dates[i]);
    sums[doy] += series[i];
    counts[doy] += 1;
  }
  const table = new Float64Array(367).fill(Number.NaN);
  for (let doy = 1; doy <= 366; doy++) {
    let s = 0;
    let c = 0;
    for (let d = -halfWindowDays; d <= halfWindowDays; d++) {
      const k = ((doy - 1 + d + 366) % 366) + 1;
      s += sums[k];
      c += counts[k];
    }
    table[doy] = c > 0 ? s / c : Number.NaN;
  }
  return table;
}

/** Climatology forecast: the training years' mean for each target day's day of year. */
export function climatologyForecast(data: PreparedData, set: WindowSet): Float32Array {
  const clim = fitClimatology(data.dates, data.targetSeries, data.testStartRow);
  const h = data.horizonDays;
  const out = new Float32Array(set.count * h);
  for (let k = 0; k < set.count; k++) {
    for (let j = 0; j < h; j++) out[k * h + j] = clim[dayOfYear(data.dates[set.anchors[k] + 1 + j])];
  }
  return out;
}

/** Registry of baselines: adding one touches this object only. */
export const BASELINES: Readonly<Record<BaselineId, Baseline>> = {
  persistence: {
    id: 'persistence',
    label: 'Persistence',
    description: 'Every forecast day equals the last observed day.',
    forecast: persistenceForecast,
  },
  climatology: {
    id: 'climatology',
    label: 'Climatology',
    description: `Mean of the same day of year ±${CLIMATOLOGY_HALF_WINDOW_DAYS} days over the training years.`,
    forecast: climatologyForecast,
  },
};
