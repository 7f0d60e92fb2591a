/**
 * Parses a user's daily weather CSV into a validated, gap-free {@link WeatherTable} plus a quality report.
 *
 * Pure: runs in Node, a Web Worker and the page. Every rejection is a {@link CsvError} whose message is
 * one or two plain sentences naming what is wrong, where (line, column) and how to fix it.
 *
 * Repair policy (kept deliberately simple):
 * - Days absent from the file and empty cells are missing values.
 * - Missing values at the very start or end of the file cannot be interpolated: those days are dropped
 *   (as few as needed so that every kept column has a value on the first and last day) and reported.
 * - Inside the period, a run of at most `maxRepairGapDays` missing values in a column is filled by linear
 *   interpolation between its two neighbours and reported; a longer run is rejected ('gap-too-long').
 */
import Papa from 'papaparse';
import { KNOWN_UNITS, dayNumber, isoFromDayNumber, type WeatherTable } from './table.ts';
import {
  buildQualityReport,
  isTemperatureColumnName,
  type DataQualityReport,
  type DateGapRecord,
  type RepairRecord,
  type TrimRecord,
} from './quality.ts';

/** Why a CSV was rejected; stable, for tests and for choosing help text. */
export type CsvErrorCode =
  | 'empty'
  | 'no-header'
  | 'no-date-column'
  | 'missing-column'
  | 'no-numeric-columns'
  | 'non-numeric'
  | 'non-finite'
  | 'bad-date'
  | 'duplicate-date'
  | 'unsorted'
  | 'gap-too-long'
  | 'too-few-rows'
  | 'binary'
  | 'malformed-row';

/** What {@link CsvError} carries besides its code. */
export interface CsvErrorSpec {
  readonly code: CsvErrorCode;
  /** What is wrong and where, one sentence (without the fix). */
  readonly problem: string;
  /** How to fix it, one sentence. */
  readonly hint: string;
  /** 1-based line in the file (header = line 1). */
  readonly row?: number;
  /** Column name as written in the header (trimmed). */
  readonly column?: string;
}

/** A CSV the app cannot use. `message` = problem + hint, safe to show as plain text. */
export class CsvError extends Error {
  readonly code: CsvErrorCode;
  /** 1-based line number in the file (header = line 1, first data row = line 2 when there are no blank lines). */
  readonly row?: number;
  readonly column?: string;
  /** How to fix the file, one sentence. */
  readonly hint: string;

  constructor(spec: CsvErrorSpec) {
    super(`${spec.problem} ${spec.hint}`);
    this.name = 'CsvError';
    this.code = spec.code;
    this.row = spec.row;
    this.column = spec.column;
    this.hint = spec.hint;
  }
}

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

/** Default of {@link CsvParseOptions.maxRepairGapDays}, in days. */
export const DEFAULT_MAX_REPAIR_GAP_DAYS = 3;
/** A usable table has at least this many days after trimming. */
export const MIN_ROWS = 2;
/** Longest excerpt of user text (cell or header) quoted in a message, in characters. */
const MAX_QUOTED_CHARS = 40;
/** Share of control characters in the sample above which a file is treated as binary. */
const MAX_CONTROL_CHAR_SHARE = 0.1;
const BINARY_SAMPLE_CHARS = 8192;
const DATE_COLUMN_NAMES = ['date', 'day', 'time'];

/** Quotes user text for a message: JSON-escaped and cut to {@link MAX_QUOTED_CHARS} characters with `…`. */
function quote(text: string): string {
  const chars = Array.from(text);
  const cut = chars.length > MAX_QUOTED_CHARS ? `${chars.slice(0, MAX_QUOTED_CHARS).join('')}…` : text;
  return JSON.stringify(cut);
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 12).map(quote).join(', ');
  return names.length > 12 ? `${shown} and ${names.length - 12} more` : shown || '(none)';
}

function where(row: number | undefined, column?: string): string {
  const parts = [row === undefined ? '' : `Line ${row}`, column === undefined ? '' : `column ${quote(column)}`];
  return parts.filter(Boolean).join(', ');
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, BINARY_SAMPLE_CHARS);
  // eslint-disable-next-line no-control-regex
  const control = sample.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g)?.length ?? 0;
  return control / sample.length > MAX_CONTROL_CHAR_SHARE;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_PATTERN = /^[+-]?(nan|inf|infinity)$/i;
/** Spreadsheet formulas: `=…`, `@…`, or a sign followed by letters (`+SUM(…)`, `-cmd|…`). Never evaluated. */
const FORMULA_PATTERN = /^(=|@|[+-]\s*[A-Za-z])/;

/** `12,8`: a number written with a decimal comma; counts as numeric when deciding which columns to keep. */
const DECIMAL_COMMA_PATTERN = /^[+-]?\d+,\d+$/;

type CellKind = 'empty' | 'number' | 'non-finite' | 'decimal-comma' | 'text';

function classifyCell(raw: string | undefined): CellKind {
  const cell = (raw ?? '').trim();
  if (cell === '') return 'empty';
  if (NON_FINITE_PATTERN.test(cell)) return 'non-finite';
  if (NUMBER_PATTERN.test(cell)) return 'number';
  if (DECIMAL_COMMA_PATTERN.test(cell)) return 'decimal-comma';
  return 'text';
}

/** ISO date of a `YYYY-MM-DD` or `YYYY/MM/DD` cell, or null. */
function normalizeDate(raw: string): string | null {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(raw.trim());
  if (!m || raw.trim()[4] !== raw.trim()[7]) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isFinite(dayNumber(iso)) ? iso : null;
}

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  '°c': '°C', c: '°C', degc: '°C', 'deg c': '°C', celsius: '°C', 'º c': '°C', 'ºc': '°C',
  '°f': '°F', f: '°F', degf: '°F', 'deg f': '°F', fahrenheit: '°F', 'ºf': '°F',
  mm: 'mm', 'mm/day': 'mm', 'mm/d': 'mm', in: 'in', inch: 'in', inches: 'in',
  'm/s': 'm/s', mps: 'm/s', 'km/h': 'km/h', kmh: 'km/h', kph: 'km/h', mph: 'mph', kn: 'kn', knots: 'kn',
  '%': '%', hpa: 'hPa', mbar: 'hPa', k: 'K',
};

/** Splits `temp_max (°C)` / `temp [degF]` into base name and unit; '' unit when none is written. */
function splitHeaderUnit(header: string): { base: string; unit: string | null } {
  const bracketed = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]$/.exec(header);
  if (bracketed && bracketed[1] !== '') return { base: bracketed[1], unit: UNIT_ALIASES[bracketed[2].toLowerCase()] ?? '' };
  // `tmax_F`, `temp_C`: only for temperature-like names, where a one-letter suffix is unambiguous.
  const suffixed = /^(.*?)[_ ](C|F|degC|degF)$/i.exec(header);
  if (suffixed && isTemperatureColumnName(suffixed[1])) {
    return { base: header, unit: UNIT_ALIASES[suffixed[2].toLowerCase()] ?? '' };
  }
  return { base: header, unit: null };
}

function unitOf(header: string): string {
  const { base, unit } = splitHeaderUnit(header);
  if (unit !== null) return unit; // a unit written in the header wins over the name-based default
  return KNOWN_UNITS[base] ?? KNOWN_UNITS[base.toLowerCase()] ?? '';
}

interface DataRow {
  /** 1-based line in the file where the row starts. */
  readonly line: number;
  readonly cells: Readonly<Record<string, string | undefined>>;
}

/** Runs papaparse in header mode and attaches to each row the line it starts on. */
function readRows(text: string): { fields: string[]; rows: DataRow[]; warnings: string[] } {
  const rows: DataRow[] = [];
  const warnings: string[] = [];
  let fields: string[] = [];
  // papaparse reports where each row ends (`meta.cursor`); the row starts on the line where it ends minus
  // the line breaks inside its quoted cells.
  const lineBreak = text.includes('\n') ? '\n' : '\r';
  let scanned = 0;
  let breaksBeforeCursor = 0;
  const seenHeaders = new Map<string, number>();
  const countBreaks = (value: string | undefined): number => (value ? value.split(lineBreak).length - 1 : 0);

  Papa.parse<Record<string, string | undefined>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    // De-duplicate here (papaparse would rename too, but logs to the console when it does).
    transformHeader: (header) => {
      const name = header.trim();
      const seen = seenHeaders.get(name) ?? 0;
      seenHeaders.set(name, seen + 1);
      if (seen === 0) return name;
      warnings.push(`The header has the column name ${quote(name)} twice; the copy was renamed to ${quote(`${name}_${seen}`)}.`);
      return `${name}_${seen}`;
    },
    step: (result, parser) => {
      const cursor = Math.min(result.meta.cursor, text.length);
      for (; scanned < cursor; scanned += 1) if (text[scanned] === lineBreak) breaksBeforeCursor += 1;
      let breaksInside = 0;
      for (const value of Object.values(result.data)) {
        breaksInside += Array.isArray(value) ? value.reduce((n: number, v: string) => n + countBreaks(v), 0) : countBreaks(value);
      }
      // The cursor is past the row's own line break, except on a last line without one.
      const ownBreak = text[cursor - 1] === lineBreak ? 1 : 0;
      const line = 1 + breaksBeforeCursor - ownBreak - breaksInside;
      if (fields.length === 0) fields = result.meta.fields ?? [];
      const fatal = result.errors.find((e) => e.code === 'TooManyFields' || e.code === 'MissingQuotes');
      if (fatal) {
        parser.abort();
        const tooMany = fatal.code === 'TooManyFields';
        throw new CsvError({
          code: 'malformed-row',
          row: line,
          problem: tooMany
            ? `Line ${line} has more cells than the header (${fields.length}).`
            : `Line ${line} opens a quote (") that is never closed.`,
          hint: tooMany
            ? 'Use a dot as decimal separator, quote cells that contain the delimiter, and give every row as many cells as the header.'
            : 'Close the quote or remove it.',
        });
      }
      rows.push({ line, cells: result.data });
    },
  });
  return { fields, rows, warnings };
}

/** Column values on the daily grid, NaN where missing, with the file line of each grid day (0 when absent). */
interface Grid {
  readonly firstDay: number;
  readonly lineOfDay: Int32Array;
  readonly values: Map<string, Float64Array>;
}

function nonNumericError(cell: string, line: number, column: string, kind: CellKind): CsvError {
  const text = cell.trim();
  if (kind === 'non-finite') {
    return new CsvError({
      code: 'non-finite',
      row: line,
      column,
      problem: `${where(line, column)}: ${quote(text)} is not a finite number.`,
      hint: 'Leave the cell empty for a missing value; NaN and Infinity are not allowed.',
    });
  }
  if (kind === 'decimal-comma') {
    return new CsvError({
      code: 'non-numeric',
      row: line,
      column,
      problem: `${where(line, column)}: ${quote(text)} uses a decimal comma.`,
      hint: 'Use a dot as decimal separator (12.8), e.g. export with English number format.',
    });
  }
  if (FORMULA_PATTERN.test(text)) {
    return new CsvError({
      code: 'non-numeric',
      row: line,
      column,
      problem: `${where(line, column)}: ${quote(text)} looks like a spreadsheet formula, not a number.`,
      hint: 'Export the computed values (not formulas) from your spreadsheet, or leave the cell empty.',
    });
  }
  return new CsvError({
    code: 'non-numeric',
    row: line,
    column,
    problem: `${where(line, column)}: ${quote(text)} is not a number.`,
    hint: 'Use a dot as decimal separator and leave missing values empty.',
  });
}

/**
 * Parses the text of a daily weather CSV (header line, one row per day, ascending ISO dates).
 *
 * @throws {CsvError} with a specific code, line and column when the file cannot be used as is.
 */
export function parseWeatherCsv(text: string, options: CsvParseOptions = {}): ParsedWeatherCsv {
  const maxRepairGapDays = options.maxRepairGapDays ?? DEFAULT_MAX_REPAIR_GAP_DAYS;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  if (body.trim() === '') {
    throw new CsvError({ code: 'empty', problem: 'The file is empty.', hint: 'Choose a CSV file with a header line and one row per day.' });
  }
  if (looksBinary(body)) {
    throw new CsvError({
      code: 'binary',
      problem: 'The file is not text (it contains binary data).',
      hint: 'Export the data as CSV (comma- or semicolon-separated text), not as a spreadsheet or archive.',
    });
  }

  const { fields, rows, warnings } = readRows(body);
  const headerNames = fields.length > 0 ? fields : (Papa.parse<string[]>(body, { preview: 1 }).data[0] ?? []).map((h) => h.trim());
  if (headerNames.every((h) => h === '') || headerNames.some((h) => normalizeDate(h) !== null || NUMBER_PATTERN.test(h))) {
    throw new CsvError({
      code: 'no-header',
      row: 1,
      problem: 'Line 1 is not a header: it holds values instead of column names.',
      hint: 'Add a first line with the column names, e.g. "date,precipitation,temp_max,temp_min,wind".',
    });
  }

  // ---- date column and required columns
  const dateColumn = options.dateColumn ?? headerNames.find((h) => DATE_COLUMN_NAMES.includes(h.toLowerCase()));
  if (dateColumn === undefined || !headerNames.includes(dateColumn)) {
    throw new CsvError({
      code: 'no-date-column',
      row: 1,
      column: dateColumn,
      problem:
        dateColumn === undefined
          ? `The header has no date column; the columns found are ${listNames(headerNames)}.`
          : `The header has no column ${quote(dateColumn)}; the columns found are ${listNames(headerNames)}.`,
      hint: 'Name the column that holds the dates "date" (values like 2012-01-31).',
    });
  }
  const findHeader = (wanted: string): string | undefined =>
    headerNames.find((h) => h === wanted) ?? headerNames.find((h) => h !== dateColumn && splitHeaderUnit(h).base === wanted);
  const forcedNumeric = new Set<string>();
  for (const wanted of [...(options.requiredColumns ?? []), ...(options.columns ?? [])]) {
    const header = findHeader(wanted);
    if (header === undefined || header === dateColumn) {
      throw new CsvError({
        code: 'missing-column',
        row: 1,
        column: wanted,
        problem: `The header has no column ${quote(wanted)}; the columns found are ${listNames(headerNames)}.`,
        hint: `Add a column named ${quote(wanted)} or rename the matching column.`,
      });
    }
    forcedNumeric.add(header);
  }

  if (rows.length === 0) {
    throw new CsvError({
      code: 'too-few-rows',
      problem: 'The file has a header but no data rows.',
      hint: `Add at least ${MIN_ROWS} rows, one per day.`,
    });
  }

  // ---- choose numeric columns
  const ignoredColumns: IgnoredColumn[] = [];
  const kept: string[] = [];
  // Explicitly selected columns plus required ones; null = every numeric column.
  const selected = options.columns ? forcedNumeric : null;
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
      const kinds = rows.map((r) => classifyCell(r.cells[header]));
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

  // ---- dates: valid, unique, ascending
  const days: number[] = [];
  const lineOfDay = new Map<number, number>();
  for (const row of rows) {
    const raw = row.cells[dateColumn] ?? '';
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

  // ---- values on the daily grid (NaN = missing)
  const firstDay = days[0];
  const dayCount = days[days.length - 1] - firstDay + 1;
  const grid: Grid = { firstDay, lineOfDay: new Int32Array(dayCount), values: new Map() };
  rows.forEach((row, i) => (grid.lineOfDay[days[i] - firstDay] = row.line));
  for (const column of kept) {
    const values = new Float64Array(dayCount).fill(Number.NaN);
    rows.forEach((row, i) => {
      const raw = row.cells[column] ?? '';
      const kind = classifyCell(raw);
      if (kind === 'number') values[days[i] - firstDay] = Number(raw.trim());
      else if (kind !== 'empty') throw nonNumericError(raw, row.line, column, kind);
    });
    grid.values.set(column, values);
  }

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
  const isoOf = (index: number): string => isoFromDayNumber(firstDay + index);
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
      const line = rows[i].line;
      throw new CsvError({
        code: 'gap-too-long',
        row: line,
        column: dateColumn,
        problem:
          `Lines ${rows[i - 1].line} and ${line}: ${missingDays} days are missing between ` +
          `${isoFromDayNumber(days[i - 1])} and ${isoFromDayNumber(days[i])} (at most ${maxRepairGapDays} can be filled in).`,
        hint: 'Trim the file to a continuous period, or fill in the missing days.',
      });
    }
    gaps.push({ from: isoOf(fromIndex), to: isoOf(toIndex), days: missingDays, repaired: inside });
  }

  // ---- interpolate short runs of missing values inside the kept period
  const columns: Record<string, Float64Array> = {};
  const units: Record<string, string> = {};
  const missingByColumn: Record<string, number> = {};
  const repairs: RepairRecord[] = [];
  const usedNames = new Set<string>();
  for (const header of kept) {
    const values = grid.values.get(header)!.slice(start, end);
    let missing = 0;
    const repairedDates: string[] = [];
    for (let i = 0; i < values.length; i += 1) {
      if (!Number.isNaN(values[i])) continue;
      let runEnd = i;
      while (Number.isNaN(values[runEnd])) runEnd += 1; // the last value is finite after trimming
      const runLength = runEnd - i;
      missing += runLength;
      if (runLength > maxRepairGapDays) {
        const lines = [grid.lineOfDay[start + i - 1], grid.lineOfDay[start + runEnd]];
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
    // `temp_max (°C)` becomes `temp_max` unless that name is taken.
    const { base } = splitHeaderUnit(header);
    const name = base !== header && !headerNames.includes(base) && !usedNames.has(base) ? base : header;
    usedNames.add(name);
    columns[name] = values;
    units[name] = unitOf(header);
    missingByColumn[name] = missing;
    if (repairedDates.length > 0) repairs.push({ column: name, dates: repairedDates, method: 'linear-interpolation' });
  }

  const dates: string[] = [];
  for (let i = start; i < end; i += 1) dates.push(isoOf(i));
  const table: WeatherTable = { dates, columns, units };
  const report = buildQualityReport({ table, missingByColumn, repairs, gaps, trimmed, parseWarnings: warnings });
  return { table, report, ignoredColumns };
}
