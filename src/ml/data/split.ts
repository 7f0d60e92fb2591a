import type { WindowSpec } from './windows.ts';
import { anchorRange } from './windows.ts';

/**
 * How to split windows by time. Windows are assigned by their target days: a window is in
 * the test split when all its target days are on or after the test start, in the training
 * period when all its target days are before it; windows that straddle a boundary are dropped.
 * The validation split is the last `validationFraction` of the training-period windows, with
 * `horizonDays - 1` windows purged between them so that no target day is shared.
 */
export type SplitSpec =
  | {
      readonly kind: 'test-from-date';
      /** First day of the test period, `YYYY-MM-DD` (e.g. `2015-01-01` for the shipped data). */
      readonly testStart: string;
      /** Share of the training-period windows kept for validation, e.g. 0.1. */
      readonly validationFraction: number;
      /** Learn only from this many calendar years before the test start (validation included); absent: every row before it. */
      readonly trainYears?: number;
    }
  | {
      readonly kind: 'fraction';
      /** Share of the rows, at the end, used for testing, e.g. 0.2. */
      readonly testFraction: number;
      readonly validationFraction: number;
      readonly trainYears?: number;
    };

/** The split used for the shipped datasets: 2012–2014 train (last 10 % validation), 2015 test. */
export const SHIPPED_SPLIT: SplitSpec = { kind: 'test-from-date', testStart: '2015-01-01', validationFraction: 0.1 };

/** The split used for other data: last 20 % of days for testing, 10 % of the rest for validation. */
export const DEFAULT_FRACTION_SPLIT: SplitSpec = { kind: 'fraction', testFraction: 0.2, validationFraction: 0.1 };

export interface SplitAnchors {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
  /** First row of the test period. Rows before it are the training years. */
  readonly testStartRow: number;
}

/** Row index of the first test day for a split over `dates`. */
export function testStartRow(dates: readonly string[], split: SplitSpec): number {
  if (split.kind === 'fraction') return Math.round(dates.length * (1 - split.testFraction));
  const row = dates.findIndex((d) => d >= split.testStart);
  return row < 0 ? dates.length : row;
}

/**
 * First row of the training years: the first date on or after the test start's date `years` calendar
 * years earlier (2008-01-01, 4 → 2004-01-01); 0 when `years` is absent or reaches past the first row.
 */
export function trainStartRow(dates: readonly string[], testStart: number, years: number | undefined): number {
  if (years === undefined || testStart >= dates.length || testStart <= 0) return 0;
  const from = `${String(Number(dates[testStart].slice(0, 4)) - years).padStart(4, '0')}${dates[testStart].slice(4)}`;
  const row = dates.findIndex((d) => d >= from);
  return row < 0 ? 0 : row;
}

/**
 * Splits the window anchors of a table chronologically into train, validation and test. With
 * `split.trainYears`, a training or validation window must read no day before those years.
 */
export function splitAnchors(dates: readonly string[], window: WindowSpec, split: SplitSpec): SplitAnchors {
  const { first, last } = anchorRange(dates.length, window);
  const startRow = testStartRow(dates, split);
  const firstRow = trainStartRow(dates, startRow, split.trainYears);
  const h = window.horizonDays;
  const pre: number[] = [];
  const test: number[] = [];
  for (let t = first; t <= last; t++) {
    if (t + h < startRow) {
      if (t - window.lookbackDays + 1 >= firstRow) pre.push(t);
    } else if (t + 1 >= startRow) test.push(t);
  }
  const nVal = Math.round(pre.length * split.validationFraction);
  const nTrain = Math.max(0, pre.length - nVal - (h - 1));
  return {
    train: Int32Array.from(pre.slice(0, nTrain)),
    validation: Int32Array.from(pre.slice(pre.length - nVal)),
    test: Int32Array.from(test),
    testStartRow: startRow,
  };
}
