/**
 * Parses a user's daily weather CSV into a validated, gap-free {@link WeatherTable} plus a quality report:
 * the public entry point of CSV loading, and the parsing steps between reading the rows and repairing gaps.
 *
 * Pure: runs in Node, a Web Worker and the page. Every rejection is a {@link CsvError} whose message is
 * one or two plain sentences naming what is wrong, where (line, column) and how to fix it. Reading rows
 * lives in `csv-rows.ts`, cells and units in `csv-cells.ts`, header checks in `csv-header.ts`, and the
 * repair policy (trimming, interpolation) in `repair.ts`.
 */
import { MAX_CSV_BYTES } from './limits.ts';
import { dayNumber, isoFromDayNumber, type WeatherTable } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
import { buildQualityReport, type DataQualityReport, type RepairRecord } from './quality.ts';
import { CsvError, listNames, where } from './csv-error.ts';
import { readCsvRows, type DataRow } from './csv-rows.ts';
import { classifyCell, nonNumericError, normalizeDate, splitHeaderUnit, unitOf } from './csv-cells.ts';
import { checkHeader, findColumns, findDateColumn } from './csv-header.ts';
import { DEFAULT_MAX_REPAIR_GAP_DAYS, MIN_ROWS, repairGrid, type DailyGrid } from './repair.ts';

export { CsvError, csvTooLargeError, type CsvErrorCode, type CsvErrorSpec } from './csv-error.ts';
export { DEFAULT_MAX_REPAIR_GAP_DAYS, MIN_ROWS, MAX_CSV_BYTES };

/** Options of {@link parseWeatherCsv}. */
export interface CsvParseOptions {
  /** Name of the date column; default: the first column named date, day or time (case-insensitive). */
  readonly dateColumn?: string;
  /** Numeric columns to keep (header names, unit suffix in brackets optional); default: every numeric column. */
  readonly columns?: readonly string[];
  /** Longest run of missing days (or empty cells in one column) that is interpolated; default 3. */
  readonly maxRepairGapDays?: number;
  /** Columns that must be present and numeric. */
  readonly requiredColumns?: readonly string[];
}

/** A column of the file that is not in the table, and why. */
export interface IgnoredColumn {
  readonly name: string;
  readonly reason: string;
}

/** Result of {@link parseWeatherCsv}. */
export interface ParsedWeatherCsv {
  readonly table: WeatherTable;
  readonly report: DataQualityReport;
  readonly ignoredColumns: readonly IgnoredColumn[];
}

/**
 * The numeric columns to keep: `forcedNumeric` ones always, the others when some cell holds a number;
 * `selected` (when given) limits the choice.
 */
function chooseColumns(
  headerNames: readonly string[],
  dateColumn: string,
  rows: readonly DataRow[],
  forcedNumeric: ReadonlySet<string>,
  selected: ReadonlySet<string> | null,
): { kept: string[]; ignoredColumns: IgnoredColumn[] } {
  const ignoredColumns: IgnoredColumn[] = [];
  const kept: string[] = [];
  for (const header of headerNames) {
    if (header === dateColumn) continue;
    if (header === '') {
      ignoredColumns.push({ name: header, reason: 'the column has no name in the header' });
      continue;
    }
    if (selected && !selected.has(header)) {
      ignoredColumns.push({ name: header, reason: 'not among the selected columns' });
      continue;
    }
    if (!forcedNumeric.has(header)) {
      const index = headerNames.indexOf(header);
      const kinds = rows.map((r) => classifyCell(r.cells[index]));
      if (kinds.every((k) => k === 'empty')) {
        ignoredColumns.push({ name: header, reason: 'every cell is empty' });
        continue;
      }
      if (kinds.every((k) => k === 'empty' || k === 'text')) {
        ignoredColumns.push({ name: header, reason: 'text, not numbers' });
        continue;
      }
    }
    kept.push(header);
  }
  if (kept.length === 0) {
    throw new CsvError({
      code: 'no-numeric-columns',
      row: 1,
      problem: `No column holds numbers; the columns found are ${listNames(headerNames)}.`,
      hint: 'Add at least one numeric column such as temp_max, with a dot as decimal separator.',
    });
  }
  return { kept, ignoredColumns };
}

/** The day number of each row: valid, unique, ascending dates, or the first row that breaks that. */
function readDays(rows: readonly DataRow[], dateIndex: number, dateColumn: string): number[] {
  const days: number[] = [];
  const lineOfDay = new Map<number, number>();
  for (const row of rows) {
    const raw = row.cells[dateIndex] ?? '';
    const iso = normalizeDate(raw);
    if (iso === null) {
      throw new CsvError({
        code: 'bad-date',
        row: row.line,
        column: dateColumn,
        problem: `${where(row.line, dateColumn)}: ${quote(raw.trim())} is not a date.`,
        hint: 'Write dates as YYYY-MM-DD, e.g. 2012-01-31.',
      });
    }
    const day = dayNumber(iso);
    const earlierLine = lineOfDay.get(day);
    if (earlierLine !== undefined) {
      throw new CsvError({
        code: 'duplicate-date',
        row: row.line,
        column: dateColumn,
        problem: `Lines ${earlierLine} and ${row.line} both have the date ${iso}.`,
        hint: 'Keep one row per day: delete or merge the duplicate.',
      });
    }
    if (days.length > 0 && day < days[days.length - 1]) {
      throw new CsvError({
        code: 'unsorted',
        row: row.line,
        column: dateColumn,
        problem: `${where(row.line, dateColumn)}: ${iso} comes after ${isoFromDayNumber(days[days.length - 1])} in the file.`,
        hint: 'Sort the rows by date, ascending (oldest first).',
      });
    }
    lineOfDay.set(day, row.line);
    days.push(day);
  }
  return days;
}

/** The kept columns' values on the daily grid from the first to the last date (NaN = missing). */
function buildGrid(headerNames: readonly string[], rows: readonly DataRow[], days: readonly number[], kept: readonly string[]): DailyGrid {
  const firstDay = days[0];
  const dayCount = days[days.length - 1] - firstDay + 1;
  const grid: DailyGrid = { firstDay, lineOfDay: new Int32Array(dayCount), values: new Map() };
  rows.forEach((row, i) => (grid.lineOfDay[days[i] - firstDay] = row.line));
  for (const column of kept) {
    const values = new Float64Array(dayCount).fill(Number.NaN);
    const index = headerNames.indexOf(column);
    rows.forEach((row, i) => {
      const raw = row.cells[index] ?? '';
      const kind = classifyCell(raw);
      if (kind === 'number') values[days[i] - firstDay] = Number(raw.trim());
      else if (kind !== 'empty') throw nonNumericError(raw, row.line, column, kind);
    });
    grid.values.set(column, values);
  }
  return grid;
}

/**
 * Parses the text of a daily weather CSV (header line, one row per day, ascending ISO dates).
 *
 * @throws {CsvError} with a specific code, line and column when the file cannot be used as is.
 */
export function parseWeatherCsv(text: string, options: CsvParseOptions = {}): ParsedWeatherCsv {
  const maxRepairGapDays = options.maxRepairGapDays ?? DEFAULT_MAX_REPAIR_GAP_DAYS;
  const { fields: headerNames, rows, warnings } = readCsvRows(text);
  checkHeader(headerNames);
  const dateColumn = findDateColumn(headerNames, options.dateColumn);
  const forcedNumeric = findColumns(headerNames, dateColumn, [...(options.requiredColumns ?? []), ...(options.columns ?? [])]);

  if (rows.length === 0) {
    throw new CsvError({
      code: 'too-few-rows',
      problem: 'The file has a header but no data rows.',
      hint: `Add at least ${MIN_ROWS} rows, one per day.`,
    });
  }

  // Explicitly selected columns plus required ones; null = every numeric column.
  const { kept, ignoredColumns } = chooseColumns(headerNames, dateColumn, rows, forcedNumeric, options.columns ? forcedNumeric : null);
  const days = readDays(rows, headerNames.indexOf(dateColumn), dateColumn);
  const repaired = repairGrid(buildGrid(headerNames, rows, days, kept), days, dateColumn, maxRepairGapDays);

  const columns: Record<string, Float64Array> = {};
  const units: Record<string, string> = {};
  const missingByColumn: Record<string, number> = {};
  const repairs: RepairRecord[] = [];
  const usedNames = new Set<string>();
  for (const [header, { values, missing, repairedDates }] of repaired.columns) {
    // `temp_max (°C)` becomes `temp_max` unless that name is taken.
    const { base, unknownUnit } = splitHeaderUnit(header);
    const name = base !== header && !headerNames.includes(base) && !usedNames.has(base) ? base : header;
    usedNames.add(name);
    columns[name] = values;
    units[name] = unitOf(header);
    if (unknownUnit !== undefined) {
      warnings.push(
        `Column ${quote(header)}: the unit ${quote(unknownUnit)} is not one the app knows (°C, °F, mm, in, m/s, km/h, mph, kn, %, hPa, K); ` +
          'its values are used as they are, shown without a unit.',
      );
    }
    missingByColumn[name] = missing;
    if (repairedDates.length > 0) repairs.push({ column: name, dates: repairedDates, method: 'linear-interpolation' });
  }

  const table: WeatherTable = { dates: repaired.dates, columns, units };
  const { trimmed, gaps } = repaired;
  const report = buildQualityReport({ table, missingByColumn, repairs, gaps, trimmed, parseWarnings: warnings });
  return { table, report, ignoredColumns };
}
