/**
 * What one cell or one header name of a CSV means: number, empty, non-finite, decimal comma or text;
 * a unit written in the header (`temp_max (°C)`); and the error for a cell that is not a number.
 */
import { isTemperatureColumnName } from './quality.ts';
import { quoteUserText as quote } from './user-text.ts';
import { CsvError, where, type CsvErrorSpec } from './csv-error.ts';

/** Largest magnitude a value may have: the model computes in 32-bit floats. */
const MAX_ABS_VALUE = 3.4028234663852886e38;

export const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_PATTERN = /^[+-]?(nan|inf|infinity)$/i;
/**
 * Text that a spreadsheet would run as a formula (CSV injection): `=…`, `@…`, a tab or carriage return, or a
 * sign followed by more (`+SUM(…)`, `-cmd|…`, `-2+3`). Never evaluated; only used to word the message.
 */
export const FORMULA_PATTERN = /^(=|@|\t|\r|[+-]\s*[A-Za-z0-9.(])/;

/** `12,8`: a number written with a decimal comma; counts as numeric when deciding which columns to keep. */
const DECIMAL_COMMA_PATTERN = /^[+-]?\d+,\d+$/;

export type CellKind = 'empty' | 'number' | 'non-finite' | 'too-large' | 'decimal-comma' | 'text';

export function classifyCell(raw: string | undefined): CellKind {
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

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  '°c': '°C', c: '°C', degc: '°C', 'deg c': '°C', celsius: '°C', 'º c': '°C', 'ºc': '°C',
  '°f': '°F', f: '°F', degf: '°F', 'deg f': '°F', fahrenheit: '°F', 'ºf': '°F',
  mm: 'mm', 'mm/day': 'mm', 'mm/d': 'mm', in: 'in', inch: 'in', inches: 'in',
  'm/s': 'm/s', mps: 'm/s', 'km/h': 'km/h', kmh: 'km/h', kph: 'km/h', mph: 'mph', kn: 'kn', knots: 'kn',
  '%': '%', '°': '°', deg: '°', degrees: '°', hpa: 'hPa', mbar: 'hPa', mb: 'hPa', k: 'K', cm: 'cm', kpa: 'kPa', inhg: 'inHg', kt: 'kn', kts: 'kn',
};

/** The canonical name of a unit written any common way (`degF`, `F`, `km/h`, `kph`), or undefined. */
export function canonicalUnit(text: string): string | undefined {
  return lookup(UNIT_ALIASES, text.trim().toLowerCase());
}

/** Own properties only: a header such as `temp (constructor)` must not find `Object.prototype.constructor`. */
function lookup(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Splits `temp_max (°C)` / `temp [degF]` into base name and unit; unit '' when the bracket holds a unit
 * the app does not know (then `unknownUnit` is that text), null when no unit is written.
 */
export function splitHeaderUnit(header: string): { base: string; unit: string | null; unknownUnit?: string } {
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

/** What is wrong with a cell that is not a usable number, worded for its kind. */
function describeNonNumeric(at: string, text: string, kind: CellKind): Pick<CsvErrorSpec, 'code' | 'problem' | 'hint'> {
  if (kind === 'non-finite') {
    return {
      code: 'non-finite',
      problem: `${at}: ${quote(text)} is not a finite number.`,
      hint: 'Leave the cell empty for a missing value; NaN and Infinity are not allowed.',
    };
  }
  if (kind === 'too-large') {
    return {
      code: 'non-finite',
      problem: `${at}: ${quote(text)} is too large for the model, which computes in 32-bit floats (up to ±3.4e38).`,
      hint: 'Correct the value or leave the cell empty for a missing value.',
    };
  }
  if (kind === 'decimal-comma') {
    return {
      code: 'non-numeric',
      problem: `${at}: ${quote(text)} uses a decimal comma.`,
      hint: 'Use a dot as decimal separator (12.8), e.g. export with English number format.',
    };
  }
  if (FORMULA_PATTERN.test(text)) {
    return {
      code: 'non-numeric',
      problem: `${at}: ${quote(text)} looks like a spreadsheet formula, not a number.`,
      hint: 'Export the computed values (not formulas) from your spreadsheet, or leave the cell empty.',
    };
  }
  return { code: 'non-numeric', problem: `${at}: ${quote(text)} is not a number.`, hint: 'Use a dot as decimal separator and leave missing values empty.' };
}

/** The error for a cell of a numeric column that holds something other than a number or nothing. */
export function nonNumericError(cell: string, line: number, column: string, kind: CellKind): CsvError {
  return new CsvError({ ...describeNonNumeric(where(line, column), cell.trim(), kind), row: line, column });
}
