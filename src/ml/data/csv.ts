/**
 * Parses a user's daily weather CSV into a validated, gap-free {@link WeatherTable} plus a quality report:
 * the public entry point of CSV loading, and the parsing steps between reading the rows and repairing gaps.
 *
 * Pure: runs in Node, a Web Worker and the page. Every rejection is a {@link CsvError} whose message is
 * one or two plain sentences naming what is wrong, where (line, column) and how to fix it. Reading the
 * text in chunks lives in `csv-rows.ts`; each row's cells go straight into typed columns (`csv-columns.ts`,
 * dates in `date-column.ts`), so no row is kept; cells and units are in `csv-cells.ts`, header checks in
 * `csv-header.ts`, and the repair policy (trimming, interpolation) in `repair.ts`.
 */
import { MAX_CSV_BYTES } from './limits.ts';
import { isoFromDayNumber, type WeatherTable } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
import { buildQualityReport, type DataQualityReport, type RepairRecord } from './quality.ts';
import { CsvError, listNames, where } from './csv-error.ts';
import { readCsvRows } from './csv-rows.ts';
import { ColumnReader, type HeaderPlan } from './csv-columns.ts';
import { nonNumericError, splitHeaderUnit } from './csv-cells.ts';
import type { DateOrder } from './dates.ts';
import type { StampColumns } from './date-column.ts';
import { conversionText, resolveRole, resolveUnit, type ColumnMapping, type MappingOverrides } from './mapping.ts';
import { DEFAULT_MAX_REPAIR_GAP_DAYS, MIN_ROWS, repairGrid, type DailyGrid } from './repair.ts';
import { aggregateToDays, isSubDaily, type RowColumn } from './sub-daily.ts';
import { convertValues, KNOWN_UNIT_NAMES, looksFahrenheit, modelUnitOf, ROLE_DIMENSION, sourceConvention } from './units.ts';

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
  /** The user's changes to the detected column roles and units. */
  readonly mapping?: MappingOverrides;
  /** Month-first or day-first, for numeric dates whose order the data does not tell. */
  readonly dateOrder?: DateOrder;
  /** Called as the text is read (about every MiB and at the end): characters read so far, and in all. */
  readonly onProgress?: (done: number, total: number) => void;
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
  /** Every column of the file but the date: role, units, conversion, used or ignored and why. */
  readonly mapping: readonly ColumnMapping[];
  /** How the file was read — a metadata block skipped, the date order, hourly rows made days — for the mapping. */
  readonly notes: readonly string[];
}

/**
 * The numeric columns to keep: `forcedNumeric` ones always, the others when some cell holds a number;
 * `selected` (when given) limits the choice.
 */
function chooseColumns(
  headerNames: readonly string[],
  plan: HeaderPlan,
  selected: ReadonlySet<string> | null,
  overrides: MappingOverrides,
): { kept: string[]; ignoredColumns: IgnoredColumn[] } {
  const ignoredColumns: IgnoredColumn[] = [];
  const kept: string[] = [];
  for (const header of headerNames) {
    if (header === plan.dateColumn) continue;
    if (header === '') {
      ignoredColumns.push({ name: header, reason: 'the column has no name in the header' });
      continue;
    }
    if (overrides[header]?.role === 'ignore') {
      ignoredColumns.push({ name: header, reason: 'ignored in the mapping' });
      continue;
    }
    if (selected && !selected.has(header)) {
      ignoredColumns.push({ name: header, reason: 'not among the selected columns' });
      continue;
    }
    const column = plan.columns.get(header);
    if (!plan.forcedNumeric.has(header) && !column?.numeric) {
      ignoredColumns.push({ name: header, reason: column?.anyText ? 'text, not numbers' : 'every cell is empty' });
      continue;
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

/** Checks that daily stamps are unique and ascending; returns their day numbers. */
function checkDays(stamps: StampColumns, lines: Int32Array, dateColumn: string): number[] {
  const days: number[] = [];
  const lineOfDay = new Map<number, number>();
  stamps.day.forEach((day, i) => {
    const line = lines[i];
    const earlierLine = lineOfDay.get(day);
    if (earlierLine !== undefined) {
      throw new CsvError({
        code: 'duplicate-date',
        row: line,
        column: dateColumn,
        problem: `Lines ${earlierLine} and ${line} both have the date ${isoFromDayNumber(day)}.`,
        hint: 'Keep one row per day: delete or merge the duplicate.',
      });
    }
    if (days.length > 0 && day < days[days.length - 1]) {
      throw new CsvError({
        code: 'unsorted',
        row: line,
        column: dateColumn,
        problem: `${where(line, dateColumn)}: ${isoFromDayNumber(day)} comes after ${isoFromDayNumber(days[days.length - 1])} in the file.`,
        hint: 'Sort the rows by date, ascending (oldest first).',
      });
    }
    lineOfDay.set(day, line);
    days.push(day);
  });
  return days;
}

/** One kept column's values (NaN = empty cell); the column's first cell that is not a number is refused. */
function readColumn(plan: HeaderPlan, column: string, copy: boolean): Float64Array {
  const read = plan.columns.get(column);
  if (read === undefined) throw new Error(`column ${column} was not read`);
  if (read.firstBad !== null) throw nonNumericError(read.firstBad.cell, read.firstBad.line, column, read.firstBad.kind);
  return read.takeValues(copy);
}

/** Daily rows on the daily grid from the first to the last date (NaN = missing). */
function dailyGrid(days: readonly number[], lines: Int32Array, columns: readonly { name: string; values: Float64Array }[]): DailyGrid {
  const firstDay = days[0];
  const dayCount = days[days.length - 1] - firstDay + 1;
  const grid: DailyGrid = { firstDay, lineOfDay: new Int32Array(dayCount), values: new Map() };
  days.forEach((day, i) => (grid.lineOfDay[day - firstDay] = lines[i]));
  for (const { name, values } of columns) {
    const onGrid = new Float64Array(dayCount).fill(Number.NaN);
    days.forEach((day, i) => (onGrid[day - firstDay] = values[i]));
    grid.values.set(name, onGrid);
  }
  return grid;
}

/** A kept column of the file with its role and unit resolved and its values converted to the model unit. */
interface MappedColumn extends RowColumn {
  readonly fileUnit: string;
  readonly unitSource: ColumnMapping['unitSource'];
  readonly why: string;
}

/** Resolves each kept column's role and unit (user, header, source convention, name, values) and converts its values. */
function mapColumns(headerNames: readonly string[], kept: readonly string[], plan: HeaderPlan, overrides: MappingOverrides): MappedColumn[] {
  const read = kept.map((header) => ({ header, role: resolveRole(header, overrides[header]), values: readColumn(plan, header, kept.indexOf(header) !== kept.lastIndexOf(header)) }));
  const temperatures = read.filter((c) => c.role !== 'other' && c.role !== 'ignore' && ROLE_DIMENSION[c.role] === 'temperature').map((c) => c.values);
  const convention = sourceConvention(headerNames, temperatures);
  const fahrenheit = looksFahrenheit(temperatures);
  const taken = new Set<string>();
  return read.map(({ header, role, values }) => {
    const { unit, source, why } = resolveUnit(header, role, fahrenheit, convention, overrides[header]);
    convertValues(values, unit);
    // `temp_max (°C)` becomes `temp_max` unless that name is taken.
    const { base } = splitHeaderUnit(header);
    const name = base !== header && !headerNames.includes(base) && !taken.has(base) ? base : header;
    taken.add(name);
    return { header, base: name, role, values, fileUnit: unit, unitSource: source, why };
  });
}

/**
 * Parses the text of a daily weather CSV (header line, one row per day, ascending ISO dates).
 *
 * @throws {CsvError} with a specific code, line and column when the file cannot be used as is.
 */
export function parseWeatherCsv(text: string, options: CsvParseOptions = {}): ParsedWeatherCsv {
  const maxRepairGapDays = options.maxRepairGapDays ?? DEFAULT_MAX_REPAIR_GAP_DAYS;
  const overrides = options.mapping ?? {};
  const reader = new ColumnReader(options);
  const { warnings, utcOffsetSeconds, notes } = readCsvRows(text, reader, undefined, options.onProgress);
  const plan = reader.finish();
  const headerNames = reader.headerNames;
  const { dateColumn } = plan;

  if (reader.rowCount === 0) {
    throw new CsvError({
      code: 'too-few-rows',
      problem: 'The file has a header but no data rows.',
      hint: `Add at least ${MIN_ROWS} rows, one per day.`,
    });
  }

  // Explicitly selected columns plus required ones; null = every numeric column.
  const chosen = chooseColumns(headerNames, plan, options.columns ? plan.forcedNumeric : null, overrides);
  const { ignoredColumns } = chosen;
  const lines = reader.lines();
  const { stamps, orderNote } = plan.stamps.finish();
  if (orderNote) notes.push(orderNote);
  const mapped = mapColumns(headerNames, chosen.kept, plan, overrides);

  let grid: DailyGrid;
  let days: number[];
  let names: ReadonlyMap<string, string[]>;
  let how: ReadonlyMap<string, string> = new Map();
  if (isSubDaily(stamps)) {
    const daily = aggregateToDays(stamps, lines, mapped, dateColumn, utcOffsetSeconds, new Set(headerNames));
    ({ grid, days, names, how } = daily);
    notes.push(daily.note);
  } else {
    days = checkDays(stamps, lines, dateColumn);
    grid = dailyGrid(days, lines, mapped.map((c) => ({ name: c.base, values: c.values })));
    names = new Map(mapped.map((c) => [c.header, [c.base]]));
  }
  const repaired = repairGrid(grid, days, dateColumn, maxRepairGapDays);

  const columns: Record<string, Float64Array> = {};
  const units: Record<string, string> = {};
  const missingByColumn: Record<string, number> = {};
  const repairs: RepairRecord[] = [];
  const unitOfName = new Map(mapped.flatMap((c) => (names.get(c.header) ?? []).map((n) => [n, modelUnitOf(c.fileUnit)] as const)));
  for (const [name, { values, missing, repairedDates }] of repaired.columns) {
    columns[name] = values;
    units[name] = unitOfName.get(name) ?? '';
    missingByColumn[name] = missing;
    if (repairedDates.length > 0) repairs.push({ column: name, dates: repairedDates, method: 'linear-interpolation' });
  }
  for (const header of chosen.kept) {
    const { unknownUnit } = splitHeaderUnit(header);
    if (unknownUnit !== undefined) {
      warnings.push(
        `Column ${quote(header)}: the unit ${quote(unknownUnit)} is not one the app knows (${KNOWN_UNIT_NAMES.join(', ')}); ` +
          'its values are used as they are, shown without a unit.',
      );
    }
  }

  const mapping = buildMapping(headerNames, dateColumn, mapped, names, how, ignoredColumns, overrides);
  const table: WeatherTable = { dates: repaired.dates, columns, units };
  const { trimmed, gaps } = repaired;
  const report = buildQualityReport({ table, missingByColumn, repairs, gaps, trimmed, parseWarnings: warnings });
  return { table, report, ignoredColumns, mapping, notes };
}

/** The mapping table: every column of the file but the date, in file order, used or ignored and why. */
function buildMapping(
  headerNames: readonly string[],
  dateColumn: string,
  mapped: readonly MappedColumn[],
  names: ReadonlyMap<string, string[]>,
  how: ReadonlyMap<string, string>,
  ignored: readonly IgnoredColumn[],
  overrides: MappingOverrides,
): ColumnMapping[] {
  return headerNames
    .filter((h) => h !== dateColumn && h !== '')
    .map((column): ColumnMapping => {
      const changed = overrides[column] !== undefined;
      const c = mapped.find((m) => m.header === column);
      if (!c) {
        const reason = ignored.find((i) => i.name === column)?.reason ?? 'not used';
        return { column, role: 'ignore', fileUnit: '', unit: '', unitSource: 'none', names: [], note: reason, changed };
      }
      const unit = modelUnitOf(c.fileUnit);
      const made = names.get(column) ?? [];
      const note = [conversionText(c.fileUnit, unit), c.why, how.get(column) ?? ''].filter(Boolean).join('; ');
      return { column, role: c.role, fileUnit: c.fileUnit, unit, unitSource: c.unitSource, names: made, note, changed };
    });
}
