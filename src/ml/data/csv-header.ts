/**
 * Checks on a CSV's header line: that it is a header at all, that no column name needs escaping
 * anywhere it travels, and that the date column and the requested columns are there.
 */
import { SEASONAL_FEATURES } from './features.ts';
import { quoteUserText as quote } from './user-text.ts';
import { CsvError, listNames, where } from './csv-error.ts';
import { FORMULA_PATTERN, NUMBER_PATTERN, splitHeaderUnit } from './csv-cells.ts';
import { looksLikeDate } from './dates.ts';

const DATE_COLUMN_NAMES = ['date', 'day', 'time', 'datetime', 'date_time', 'date time', 'timestamp', 'valid_time'];
/** Header characters that are markup or invisible: refused so that no sink has to escape a column name. */
// eslint-disable-next-line no-control-regex
const MARKUP_OR_CONTROL_PATTERN = /[<>\u0000-\u001f\u007f]/;

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
 * Refuses a first line that holds values rather than names, and names that need escaping.
 *
 * @throws {CsvError} 'no-header' or 'bad-column-name'.
 */
export function checkHeader(headerNames: readonly string[]): void {
  if (headerNames.every((h) => h === '') || headerNames.some((h) => looksLikeDate(h) || NUMBER_PATTERN.test(h))) {
    throw new CsvError({
      code: 'no-header',
      row: 1,
      problem: 'Line 1 is not a header: it holds values instead of column names.',
      hint: 'Add a first line with the column names, e.g. "date,precipitation,temp_max,temp_min,wind".',
    });
  }
  checkHeaderNames(headerNames);
}

/**
 * The header name of the date column: `requested`, or the first column named date, day or time.
 *
 * @throws {CsvError} 'no-date-column'.
 */
export function findDateColumn(headerNames: readonly string[], requested: string | undefined): string {
  const dateColumn = requested ?? headerNames.find((h) => DATE_COLUMN_NAMES.includes(h.toLowerCase()));
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
  return dateColumn;
}

/**
 * The header names of the `wanted` columns (exact name first, else the name without its unit suffix),
 * never the date column.
 *
 * @throws {CsvError} 'missing-column' for the first one not found.
 */
export function findColumns(headerNames: readonly string[], dateColumn: string, wanted: readonly string[]): Set<string> {
  const findHeader = (name: string): string | undefined =>
    headerNames.find((h) => h === name) ?? headerNames.find((h) => h !== dateColumn && splitHeaderUnit(h).base === name);
  const found = new Set<string>();
  for (const name of wanted) {
    const header = findHeader(name);
    if (header === undefined || header === dateColumn) {
      throw new CsvError({
        code: 'missing-column',
        row: 1,
        column: name,
        problem: `The header (line 1) has no column ${quote(name)}; the columns found are ${listNames(headerNames)}.`,
        hint: `Add a column named ${quote(name)} or rename the matching column.`,
      });
    }
    found.add(header);
  }
  return found;
}
