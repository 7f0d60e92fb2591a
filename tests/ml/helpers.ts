/** Small shared fixtures for the ML-core tests: hand-made tables and a seeded noise source. */
import type { WeatherTable } from '../../src/ml/data/table.ts';
import { dayNumber, isoFromDayNumber } from '../../src/ml/data/table.ts';

/** `count` consecutive ISO dates starting at `start` (`YYYY-MM-DD`). */
export function consecutiveDates(start: string, count: number): string[] {
  const first = dayNumber(start);
  return Array.from({ length: count }, (_, i) => isoFromDayNumber(first + i));
}

/**
 * A table of `count` consecutive days from `start`; each column's value at row `i` comes from
 * its function of the row index and date.
 */
export function makeTable(
  start: string,
  count: number,
  columns: Record<string, (row: number, date: string) => number>,
  units: Record<string, string> = {},
): WeatherTable {
  const dates = consecutiveDates(start, count);
  const out: Record<string, Float64Array> = {};
  for (const [name, value] of Object.entries(columns)) out[name] = Float64Array.from(dates, (d, i) => value(i, d));
  return { dates, columns: out, units };
}

/** Deterministic uniform noise in [-1, 1) (mulberry32), so failures reproduce. */
export function seededNoise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/**
 * A learnable synthetic city: `temp` is a 30-day sine (amplitude `amplitude` °C around `mean`)
 * plus small seeded noise; `wind` is a second, weakly related input.
 */
export function sineCity(count: number, options: { start?: string; mean?: number; amplitude?: number; seed?: number; periodDays?: number } = {}): WeatherTable {
  const { start = '2020-01-01', mean = 12, amplitude = 8, seed = 1, periodDays = 30 } = options;
  const noise = seededNoise(seed);
  const temp = Array.from({ length: count }, (_, i) => mean + amplitude * Math.sin((2 * Math.PI * i) / periodDays) + 0.3 * noise());
  const wind = Array.from({ length: count }, (_, i) => 4 + Math.cos((2 * Math.PI * i) / periodDays) + 0.5 * noise());
  return makeTable(start, count, { temp: (i) => temp[i], wind: (i) => wind[i] }, { temp: '°C', wind: 'm/s' });
}

/** Largest |a[i] - b[i]|; Infinity when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
