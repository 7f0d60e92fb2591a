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
import { MAX_CSV_BYTES } from './limits.ts';
import { SEASONAL_FEATURES } from './features.ts';
import { KNOWN_UNITS, dayNumber, isoFromDayNumber, type WeatherTable } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
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
  | 'too-large'
  | 'bad-column-name'
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
export { MAX_CSV_BYTES };
/** Largest magnitude a value may have: the model computes in 32-bit floats. */
const MAX_ABS_VALUE = 3.4028234663852886e38;
/** Share of control characters in the sample above which a file is treated as binary. */
const MAX_CONTROL_CHAR_SHARE = 0.1;
const BINARY_SAMPLE_CHARS = 8192;
const DATE_COLUMN_NAMES = ['date', 'day', 'time'];

/** The error for a file above {@link MAX_CSV_BYTES}; the CLI raises it from the file size, before reading. */
export function csvTooLargeError(bytes: number): CsvError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new CsvError({
    code: 'too-large',
    problem: `The file is ${mb(bytes)}; files up to ${mb(MAX_CSV_BYTES).replace('.0', '')} can be loaded.`,
    hint: 'Use a smaller file, e.g. only the years and columns you need.',
  });
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
/**
 * Text that a spreadsheet would run as a formula (CSV injection): `=…`, `@…`, a tab or carriage return, or a
 * sign followed by more (`+SUM(…)`, `-cmd|…`, `-2+3`). Never evaluated; only used to word the message.
 */
const FORMULA_PATTERN = /^(=|@|\t|\r|[+-]\s*[A-Za-z0-9.(])/;
/** Header characters that are markup or invisible: refused so that no sink has to escape a column name. */
// eslint-disable-next-line no-control-regex
const MARKUP_OR_CONTROL_PATTERN = /[<>\u0000-\u001f\u007f]/;

/** `12,8`: a number written with a decimal comma; counts as numeric when deciding which columns to keep. */
const DECIMAL_COMMA_PATTERN = /^[+-]?\d+,\d+$/;

type CellKind = 'empty' | 'number' | 'non-finite' | 'too-large' | 'decimal-comma' | 'text';

function classifyCell(raw: string | undefined): CellKind {
  const cell = (raw ?? '').trim();
  if (cell === '') return 'empty';
  if (NON_FINITE_PATTERN.test(cell)) return 'non-finite';
  if (NUMBER_PATTERN.test(cell)) {
    // `1e999` is Infinity to JavaScript; `1e39` is Infinity once the model's 32-bit floats hold it.
    const value = Math.abs(Number(cell));
    return value === Infinity ? 'non-finite' : value > MAX_ABS_VALUE ? 'too-large' : 'number';
  }
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

/** Own properties only: a header such as `temp (constructor)` must not find `Object.prototype.constructor`. */
function lookup(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Splits `temp_max (°C)` / `temp [degF]` into base name and unit; unit '' when the bracket holds a unit
 * the app does not know (then `unknownUnit` is that text), null when no unit is written.
 */
function splitHeaderUnit(header: string): { base: string; unit: string | null; unknownUnit?: string } {
  const bracketed = /^(.*?)\s*[([]\s*([^()[\]]+?)\s*[)\]]$/.exec(header);
  if (bracketed && bracketed[1] !== '') {
    const unit = lookup(UNIT_ALIASES, bracketed[2].toLowerCase());
    return unit === undefined ? { base: bracketed[1], unit: '', unknownUnit: bracketed[2] } : { base: bracketed[1], unit };
  }
  // `tmax_F`, `temp_C`: only for temperature-like names, where a one-letter suffix is unambiguous.
  const suffixed = /^(.*?)[_ ](C|F|degC|degF)$/i.exec(header);
  if (suffixed && isTemperatureColumnName(suffixed[1])) {
    return { base: header, unit: lookup(UNIT_ALIASES, suffixed[2].toLowerCase()) ?? '' };
  }
  return { base: header, unit: null };
}

function unitOf(header: string): string {
  const { base, unit } = splitHeaderUnit(header);
  if (unit !== null) return unit; // a unit written in the header wins over the name-based default
  return lookup(KNOWN_UNITS, base) ?? lookup(KNOWN_UNITS, base.toLowerCase()) ?? '';
}

interface DataRow {
  /** 1-based line in the file where the row starts. */
  readonly line: number;
  /** Cells in header order; shorter than the header when the row has fewer cells. */
  readonly cells: readonly string[];
}

/**
 * Runs papaparse row by row (arrays, not one object per row: a 50 MB file has millions of cells) and
 * attaches to each row the line it starts on. `fields` are the trimmed, de-duplicated header names.
 */
function readRows(text: string): { fields: string[]; rows: DataRow[]; warnings: string[] } {
  const rows: DataRow[] = [];
  const warnings: string[] = [];
  let fields: string[] | undefined;
  // papaparse reports where each row ends (`meta.cursor`); the row starts on the line where it ends minus
  // the line breaks inside its quoted cells.
  const lineBreak = text.includes('\n') ? '\n' : '\r';
  const lineBreakCode = lineBreak.charCodeAt(0);
  const hasQuotes = text.includes('"');
  let scanned = 0;
  let breaksBeforeCursor = 0;

  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const cursor = Math.min(result.meta.cursor, text.length);
      for (; scanned < cursor; scanned += 1) if (text.charCodeAt(scanned) === lineBreakCode) breaksBeforeCursor += 1;
      const cells = result.data;
      let breaksInside = 0;
      if (hasQuotes) for (const value of cells) breaksInside += value.split(lineBreak).length - 1;
      // The cursor is past the row's own line break, except on a last line without one.
      const ownBreak = text[cursor - 1] === lineBreak ? 1 : 0;
      const line = 1 + breaksBeforeCursor - ownBreak - breaksInside;
      const unclosed = result.errors.some((e) => e.code === 'MissingQuotes');
      const tooMany = fields !== undefined && cells.length > fields.length;
      if (unclosed || tooMany) {
        parser.abort();
        throw new CsvError({
          code: 'malformed-row',
          row: line,
          problem: tooMany ? `Line ${line} has more cells than the header (${fields!.length}).` : `Line ${line} opens a quote (") that is never closed.`,
          hint: tooMany
            ? 'Use a dot as decimal separator, quote cells that contain the delimiter, and give every row as many cells as the header.'
            : 'Close the quote or remove it.',
        });
      }
      if (fields === undefined) {
        const seen = new Map<string, number>();
        fields = cells.map((header) => {
          const name = header.trim();
          const count = seen.get(name) ?? 0;
          seen.set(name, count + 1);
          if (count === 0) return name;
          warnings.push(`The header has the column name ${quote(name)} twice; the copy was renamed to ${quote(`${name}_${count}`)}.`);
          return `${name}_${count}`;
        });
        return;
      }
      rows.push({ line, cells });
    },
  });
  return { fields: fields ?? [], rows, warnings };
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
  if (kind === 'too-large') {
    return new CsvError({
      code: 'non-finite',
      row: line,
      column,
      problem: `${where(line, column)}: ${quote(text)} is too large for the model, which computes in 32-bit floats (up to ±3.4e38).`,
      hint: 'Correct the value or leave the cell empty for a missing value.',
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
 * Refuses column names that some sink would have to escape: names a spreadsheet runs as a formula, HTML
 * markup or control characters (the name travels into metadata.json, the model card, the CLI and the page),
 * and names the code reserves (`doy_sin`/`doy_cos` are computed from the date; `__proto__`, `constructor`
 * and other `Object.prototype` members would read the prototype instead of the row's cell).
 */
function checkHeaderNames(headerNames: readonly string[]): void {
  for (const name of headerNames) {
    const refuse = (problem: string, hint: string): never => {
      throw new CsvError({ code: 'bad-column-name', row: 1, column: name, problem: `${where(1, name)}: ${problem}`, hint });
    };
    const rename = 'Rename the column in line 1 to plain letters, digits and _ (e.g. "temp_max").';
    if (FORMULA_PATTERN.test(name)) {
      refuse(`the column name starts with ${quote(name[0])}, so a spreadsheet would run it as a formula.`, rename);
    }
    if (MARKUP_OR_CONTROL_PATTERN.test(name)) {
      refuse('the column name contains HTML markup (< or >) or control characters.', rename);
    }
    if ((SEASONAL_FEATURES as readonly string[]).includes(name)) {
      refuse(
        'this name is reserved for the day-of-year feature that the app computes from the date.',
        'Rename or delete the column; the app adds doy_sin and doy_cos itself.',
      );
    }
    if (name in Object.prototype) {
      refuse('this name is reserved by JavaScript (a built-in object property).', rename);
    }
  }
}

/**
 * Parses the text of a daily weather CSV (header line, one row per day, ascending ISO dates).
 *
 * @throws {CsvError} with a specific code, line and column when the file cannot be used as is.
 */
export function parseWeatherCsv(text: string, options: CsvParseOptions = {}): ParsedWeatherCsv {
  const maxRepairGapDays = options.maxRepairGapDays ?? DEFAULT_MAX_REPAIR_GAP_DAYS;
  if (text.length > MAX_CSV_BYTES) throw csvTooLargeError(text.length);
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

  const { fields: headerNames, rows, warnings } = readRows(body);
  if (headerNames.every((h) => h === '') || headerNames.some((h) => normalizeDate(h) !== null || NUMBER_PATTERN.test(h))) {
    throw new CsvError({
      code: 'no-header',
      row: 1,
      problem: 'Line 1 is not a header: it holds values instead of column names.',
      hint: 'Add a first line with the column names, e.g. "date,precipitation,temp_max,temp_min,wind".',
    });
  }

  checkHeaderNames(headerNames);

  // ---- date column and required columns
  const dateColumn = options.dateColumn ?? headerNames.find((h) => DATE_COLUMN_NAMES.includes(h.toLowerCase()));
  if (dateColumn === undefined || !headerNames.includes(dateColumn)) {
    throw new CsvError({
      code: 'no-date-column',
      row: 1,
      column: dateColumn,
      problem:
        dateColumn === undefined
          ? `The header (line 1) has no date column; the columns found are ${listNames(headerNames)}.`
          : `The header (line 1) has no column ${quote(dateColumn)}; the columns found are ${listNames(headerNames)}.`,
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
        problem: `The header (line 1) has no column ${quote(wanted)}; the columns found are ${listNames(headerNames)}.`,
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

  // ---- dates: valid, unique, ascending
  const days: number[] = [];
  const lineOfDay = new Map<number, number>();
  const dateIndex = headerNames.indexOf(dateColumn);
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

  // ---- values on the daily grid (NaN = missing)
  const firstDay = days[0];
  const dayCount = days[days.length - 1] - firstDay + 1;
  const grid: Grid = { firstDay, lineOfDay: new Int32Array(dayCount), values: new Map() };
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
    const { unknownUnit } = splitHeaderUnit(header);
    if (unknownUnit !== undefined) {
      warnings.push(
        `Column ${quote(header)}: the unit ${quote(unknownUnit)} is not one the app knows (°C, °F, mm, in, m/s, km/h, mph, kn, %, hPa, K); ` +
          'its values are used as they are, shown without a unit.',
      );
    }
    missingByColumn[name] = missing;
    if (repairedDates.length > 0) repairs.push({ column: name, dates: repairedDates, method: 'linear-interpolation' });
  }

  const dates: string[] = [];
  for (let i = start; i < end; i += 1) dates.push(isoOf(i));
  const table: WeatherTable = { dates, columns, units };
  const report = buildQualityReport({ table, missingByColumn, repairs, gaps, trimmed, parseWarnings: warnings });
  return { table, report, ignoredColumns };
}
