/**
 * Data repair: turns the parsed values on the daily grid (NaN where a day or a cell is missing) into a
 * gap-free period, or refuses when a gap is too long to fill honestly.
 *
 * Repair policy (kept deliberately simple):
 * - Days absent from the file and empty cells are missing values.
 * - Missing values at the very start or end of the file cannot be interpolated: those days are dropped
 *   (as few as needed so that every kept column has a value on the first and last day) and reported.
 * - Inside the period, a run of at most `maxRepairGapDays` missing values in a column is filled by linear
 *   interpolation between its two neighbours and reported; a longer run is rejected ('gap-too-long').
 */
import { isoFromDayNumber } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
import { CsvError } from './csv-error.ts';
import type { DateGapRecord, TrimRecord } from './quality.ts';

/** Default longest run of missing days (or empty cells in one column) that is interpolated, in days. */
export const DEFAULT_MAX_REPAIR_GAP_DAYS = 3;
/** A usable table has at least this many days after trimming. */
export const MIN_ROWS = 2;

/** Column values on the daily grid, NaN where missing, with the file line of each grid day (0 when absent). */
export interface DailyGrid {
  /** Day number of grid index 0. */
  readonly firstDay: number;
  /** One entry per grid day. */
  readonly lineOfDay: Int32Array;
  /** By header name. */
  readonly values: Map<string, Float64Array>;
}

/** One column over the kept period, its missing values filled in. */
export interface RepairedColumn {
  readonly values: Float64Array;
  /** How many of its values in the kept period were missing. */
  readonly missing: number;
  /** ISO dates whose value was interpolated. */
  readonly repairedDates: string[];
}

/** The grid after trimming and interpolation, with what was done to it. */
export interface RepairedGrid {
  /** ISO dates of the kept period, one per day. */
  readonly dates: string[];
  /** By header name, in the grid's order. */
  readonly columns: Map<string, RepairedColumn>;
  readonly trimmed: TrimRecord;
  readonly gaps: DateGapRecord[];
}

/**
 * Trims the grid's edges, checks the days absent from the file and interpolates short runs of missing values.
 *
 * @param days day numbers of the file's rows, ascending.
 * @param dateColumn header name of the date column, for messages about absent days.
 * @throws {CsvError} 'too-few-rows' when too little remains after trimming, 'gap-too-long' for a longer gap.
 */
export function repairGrid(grid: DailyGrid, days: readonly number[], dateColumn: string, maxRepairGapDays: number): RepairedGrid {
  const { firstDay, lineOfDay } = grid;
  const dayCount = lineOfDay.length;
  const isoOf = (index: number): string => isoFromDayNumber(firstDay + index);

  // ---- trim edges where some column has nothing to interpolate from
  let start = 0;
  let end = dayCount; // exclusive
  for (const values of grid.values.values()) {
    let first = 0;
    while (first < dayCount && Number.isNaN(values[first])) first += 1;
    let last = dayCount - 1;
    while (last >= 0 && Number.isNaN(values[last])) last -= 1;
    start = Math.max(start, first);
    end = Math.min(end, last + 1);
  }
  if (end - start < MIN_ROWS) {
    throw new CsvError({
      code: 'too-few-rows',
      problem: `After dropping days without values at the start and end, ${Math.max(0, end - start)} day(s) remain.`,
      hint: `Provide at least ${MIN_ROWS} consecutive days with a value in every numeric column.`,
    });
  }
  const trimmedDates: string[] = [];
  for (let i = 0; i < dayCount; i += 1) if (i < start || i >= end) trimmedDates.push(isoOf(i));
  const trimmed: TrimRecord = { leading: start, trailing: dayCount - end, dates: trimmedDates };

  // ---- days absent from the file
  const gaps: DateGapRecord[] = [];
  for (let i = 1; i < days.length; i += 1) {
    const missingDays = days[i] - days[i - 1] - 1;
    if (missingDays <= 0) continue;
    const fromIndex = days[i - 1] + 1 - firstDay;
    const toIndex = days[i] - 1 - firstDay;
    const inside = fromIndex >= start && toIndex < end;
    if (inside && missingDays > maxRepairGapDays) {
      const line = lineOfDay[days[i] - firstDay];
      throw new CsvError({
        code: 'gap-too-long',
        row: line,
        column: dateColumn,
        problem:
          `Lines ${lineOfDay[days[i - 1] - firstDay]} and ${line}: ${missingDays} days are missing between ` +
          `${isoFromDayNumber(days[i - 1])} and ${isoFromDayNumber(days[i])} (at most ${maxRepairGapDays} can be filled in).`,
        hint: 'Trim the file to a continuous period, or fill in the missing days.',
      });
    }
    gaps.push({ from: isoOf(fromIndex), to: isoOf(toIndex), days: missingDays, repaired: inside });
  }

  // ---- interpolate short runs of missing values inside the kept period
  const columns = new Map<string, RepairedColumn>();
  for (const [header, column] of grid.values) {
    const values = column.slice(start, end);
    let missing = 0;
    const repairedDates: string[] = [];
    for (let i = 0; i < values.length; i += 1) {
      if (!Number.isNaN(values[i])) continue;
      let runEnd = i;
      while (Number.isNaN(values[runEnd])) runEnd += 1; // the last value is finite after trimming
      const runLength = runEnd - i;
      missing += runLength;
      if (runLength > maxRepairGapDays) {
        const lines = [lineOfDay[start + i - 1], lineOfDay[start + runEnd]];
        throw new CsvError({
          code: 'gap-too-long',
          row: lines[0] + 1,
          column: header,
          problem:
            `Column ${quote(header)} has no value for ${runLength} days in a row, ${isoOf(start + i)} to ` +
            `${isoOf(start + runEnd - 1)} (between lines ${lines[0]} and ${lines[1]}; at most ${maxRepairGapDays} can be filled in).`,
          hint: 'Trim the file to a continuous period, or fill in the missing values.',
        });
      }
      const before = values[i - 1];
      const after = values[runEnd];
      for (let k = i; k < runEnd; k += 1) {
        values[k] = before + ((after - before) * (k - i + 1)) / (runLength + 1);
        repairedDates.push(isoOf(start + k));
      }
      i = runEnd;
    }
    columns.set(header, { values, missing, repairedDates });
  }

  const dates: string[] = [];
  for (let i = start; i < end; i += 1) dates.push(isoOf(i));
  return { dates, columns, trimmed, gaps };
}
