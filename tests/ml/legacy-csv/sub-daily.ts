/**
 * Hourly (or any regular sub-daily) rows aggregated to days by role: a temperature becomes the day's
 * maximum, minimum and mean; precipitation and snowfall the day's sum; wind the day's mean and maximum;
 * anything else the mean. Days are local days: the time as written, or shifted from its written offset
 * to the file's `utc_offset_seconds` when the file states one. A day with fewer than three quarters of
 * its readings is left missing (then repaired or refused like a missing day of a daily file).
 * Pure.
 */
import { CsvError } from '../../../src/ml/data/csv-error.ts';
import type { Stamp } from './dates.ts';
import { count } from '../../../src/ml/format.ts';
import type { DailyGrid } from '../../../src/ml/data/repair.ts';
import type { MappingRole } from '../../../src/ml/data/mapping.ts';
import { isoFromDayNumber } from '../../../src/ml/data/table.ts';

/** Share of a day's expected readings below which the day is missing. */
const MIN_DAY_COVERAGE = 0.75;

/** One numeric column of the file, value per row (NaN = empty). */
export interface RowColumn {
  readonly header: string;
  /** Name without its unit, used to name the daily columns. */
  readonly base: string;
  readonly role: MappingRole;
  readonly values: Float64Array;
}

type Statistic = 'max' | 'min' | 'mean' | 'sum';

/** Which daily statistics a role gets, in order. */
function statisticsOf(role: MappingRole, base: string): Statistic[] {
  const suffix = /_(max|min|mean|sum)$/.exec(base)?.[1] as Statistic | undefined;
  if (suffix) return [suffix];
  if (role === 'temp_max') return ['max'];
  if (role === 'temp_min') return ['min'];
  if (role === 'temp_mean') return ['max', 'min', 'mean'];
  if (role === 'precipitation' || (role === 'snow' && !/depth|snwd/i.test(base))) return ['sum'];
  if (role === 'wind') return ['mean', 'max'];
  if (role === 'wind_max') return ['max'];
  return ['mean'];
}

/** Whether rows are sub-daily: they carry a time of day and some day has more than one. */
export function isSubDaily(stamps: readonly Stamp[]): boolean {
  if (!stamps.some((s) => s.minutes !== null)) return false;
  for (let i = 1; i < stamps.length; i += 1) if (stamps[i].day === stamps[i - 1].day) return true;
  return false;
}

/** Minutes since 1970 of each stamp in the file's local time. */
function localMinutes(stamps: readonly Stamp[], utcOffsetSeconds: number | null): Float64Array {
  const out = new Float64Array(stamps.length);
  stamps.forEach((s, i) => {
    const written = s.day * 1440 + (s.minutes ?? 0);
    out[i] = s.offset !== null && utcOffsetSeconds !== null ? written - s.offset + utcOffsetSeconds / 60 : written;
  });
  return out;
}

/** The daily table made from sub-daily rows. */
export interface DailyAggregate {
  readonly grid: DailyGrid;
  /** Day number of each day that has at least one row, ascending. */
  readonly days: number[];
  /** Daily columns made from each file column, by header. */
  readonly names: ReadonlyMap<string, string[]>;
  /** How each file column became daily values, by header: "daily max, min and mean". */
  readonly how: ReadonlyMap<string, string>;
  /** What was done, for the page: "Hourly data: 26,280 rows → 1,095 days …". */
  readonly note: string;
}

/**
 * Aggregates sub-daily rows to days.
 *
 * @throws {CsvError} 'unsorted' or 'duplicate-date' for times out of order or repeated.
 */
export function aggregateToDays(
  stamps: readonly Stamp[],
  lines: readonly number[],
  columns: readonly RowColumn[],
  dateColumn: string,
  utcOffsetSeconds: number | null,
  taken: ReadonlySet<string>,
): DailyAggregate {
  const minutes = localMinutes(stamps, utcOffsetSeconds);
  const steps: number[] = [];
  for (let i = 1; i < minutes.length; i += 1) {
    const step = minutes[i] - minutes[i - 1];
    if (step <= 0) {
      throw new CsvError({
        code: step === 0 ? 'duplicate-date' : 'unsorted',
        row: lines[i],
        column: dateColumn,
        problem: step === 0 ? `Lines ${lines[i - 1]} and ${lines[i]} have the same time.` : `Line ${lines[i]}: the time comes before the one on line ${lines[i - 1]}.`,
        hint: step === 0 ? 'Keep one row per time: delete or merge the duplicate.' : 'Sort the rows by time, ascending (oldest first).',
      });
    }
    if (steps.length < 5000) steps.push(step);
  }
  steps.sort((a, b) => a - b);
  const step = steps[steps.length >> 1] ?? 60;
  const perDay = Math.max(1, Math.round(1440 / step));
  const needed = Math.ceil(perDay * MIN_DAY_COVERAGE);

  const dayOfRow = Array.from(minutes, (m) => Math.floor(m / 1440));
  const firstDay = dayOfRow[0];
  const dayCount = dayOfRow[dayOfRow.length - 1] - firstDay + 1;
  const lineOfDay = new Int32Array(dayCount);
  const days: number[] = [];
  dayOfRow.forEach((d, i) => {
    if (lineOfDay[d - firstDay] === 0) {
      lineOfDay[d - firstDay] = lines[i];
      days.push(d);
    }
  });

  const values = new Map<string, Float64Array>();
  const names = new Map<string, string[]>();
  const how = new Map<string, string>();
  let shortDays = 0;
  for (const column of columns) {
    const stats = statisticsOf(column.role, column.base);
    const sums = new Float64Array(dayCount);
    const counts = new Int32Array(dayCount);
    const max = new Float64Array(dayCount).fill(-Infinity);
    const min = new Float64Array(dayCount).fill(Infinity);
    column.values.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      const d = dayOfRow[i] - firstDay;
      sums[d] += v;
      counts[d] += 1;
      if (v > max[d]) max[d] = v;
      if (v < min[d]) min[d] = v;
    });
    let columnShort = 0;
    const made: string[] = [];
    for (const stat of stats) {
      let name = stats.length === 1 ? column.base : `${column.base}_${stat}`;
      if (taken.has(name) || values.has(name)) name = `${name}_daily`;
      const out = new Float64Array(dayCount);
      for (let d = 0; d < dayCount; d += 1) {
        if (counts[d] < needed) {
          out[d] = Number.NaN;
          if (counts[d] > 0 && stat === stats[0]) columnShort += 1;
          continue;
        }
        out[d] = stat === 'max' ? max[d] : stat === 'min' ? min[d] : stat === 'sum' ? sums[d] : sums[d] / counts[d];
      }
      values.set(name, out);
      made.push(name);
    }
    shortDays = Math.max(shortDays, columnShort);
    names.set(column.header, made);
    how.set(column.header, `daily ${stats.length === 1 ? stats[0] : `${stats.slice(0, -1).join(', ')} and ${stats[stats.length - 1]}`} of the readings`);
  }

  const every = step % 60 === 0 ? (step === 60 ? 'Hourly' : `${step / 60}-hourly`) : `${step}-minute`;
  const note =
    `${every} data: ${count(stamps.length)} rows → ${count(days.length)} days, ${isoFromDayNumber(days[0])} to ${isoFromDayNumber(days[days.length - 1])} ` +
    `(${perDay} readings a day; ${shortDays === 0 ? 'every day has at least ' + needed : `${count(shortDays)} day${shortDays === 1 ? '' : 's'} with fewer than ${needed} left missing`}).` +
    (utcOffsetSeconds !== null ? ` Days are local days at UTC${utcOffsetSeconds >= 0 ? '+' : '−'}${Math.abs(utcOffsetSeconds / 3600)}.` : '');
  return { grid: { firstDay, lineOfDay, values }, days, names, how, note };
}
