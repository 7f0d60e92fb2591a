import type { PreparedData } from '../data/prepare.ts';
import { dayNumber, isoFromDayNumber } from '../data/table.ts';
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
  /** What it forecasts, in a few words for tables: "last observed day". */
  readonly short: string;
  /** One sentence: the definition every page, the CLI and the model card use. */
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

/** Climatology fitted on the training years. */
export interface Climatology {
  /** Mean target by calendar day `MM-DD`, over training days within ±7 calendar days of that date in any year. */
  readonly byCalendarDay: ReadonlyMap<string, number>;
  /** Mean over all training days: the fallback for calendar days no training day is near (less than a year of data). */
  readonly overallMean: number;
}

/**
 * Fits the climatology on rows `[0, endRow)` (the training years, before the test period):
 * each training day counts towards the 15 calendar days within ±7 days of it, so late
 * December and early January mix across the new year, in leap and common years alike.
 */
export function fitClimatology(
  dates: readonly string[],
  series: ArrayLike<number>,
  endRow: number,
  halfWindowDays = CLIMATOLOGY_HALF_WINDOW_DAYS,
): Climatology {
  const sums = new Map<string, { sum: number; count: number }>();
  let total = 0;
  for (let i = 0; i < endRow; i++) {
    const day = dayNumber(dates[i]);
    total += series[i];
    for (let d = -halfWindowDays; d <= halfWindowDays; d++) {
      const key = isoFromDayNumber(day + d).slice(5);
      const entry = sums.get(key) ?? { sum: 0, count: 0 };
      entry.sum += series[i];
      entry.count += 1;
      sums.set(key, entry);
    }
  }
  return {
    byCalendarDay: new Map([...sums].map(([key, { sum, count }]) => [key, sum / count])),
    overallMean: total / endRow,
  };
}

/** The climatology value for a date `YYYY-MM-DD`. */
export function climatologyValue(clim: Climatology, isoDate: string): number {
  return clim.byCalendarDay.get(isoDate.slice(5)) ?? clim.overallMean;
}

/** Climatology forecast: the training years' mean for each target day's calendar day. */
export function climatologyForecast(data: PreparedData, set: WindowSet): Float32Array {
  const clim = fitClimatology(data.dates, data.targetSeries, data.testStartRow);
  const h = data.horizonDays;
  const out = new Float32Array(set.count * h);
  for (let k = 0; k < set.count; k++) {
    for (let j = 0; j < h; j++) out[k * h + j] = climatologyValue(clim, data.dates[set.anchors[k] + 1 + j]);
  }
  return out;
}

/** Registry of baselines: adding one touches this object only. */
export const BASELINES: Readonly<Record<BaselineId, Baseline>> = {
  persistence: {
    id: 'persistence',
    label: 'Persistence',
    short: 'last observed day',
    description: 'Every forecast day equals the last observed day ("tomorrow is like today").',
    forecast: persistenceForecast,
  },
  climatology: {
    id: 'climatology',
    label: 'Climatology',
    short: `day-of-year mean ±${CLIMATOLOGY_HALF_WINDOW_DAYS} days`,
    description: `The mean of the same calendar day ±${CLIMATOLOGY_HALF_WINDOW_DAYS} days over the training years.`,
    forecast: climatologyForecast,
  },
};
