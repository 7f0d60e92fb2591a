/**
 * The one error type of CSV parsing ({@link CsvError}, its codes) and the wording helpers every check
 * shares, so that all rejections name the place (line, column) the same way.
 */
import { MAX_CSV_BYTES } from './limits.ts';
import { quoteUserText as quote } from './user-text.ts';

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
  | 'malformed-row'
  | 'ambiguous-date-order'
  | 'bad-mapping';

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

/** The error for a file above {@link MAX_CSV_BYTES}; the CLI raises it from the file size, before reading. */
export function csvTooLargeError(bytes: number): CsvError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return new CsvError({
    code: 'too-large',
    problem: `The file is ${mb(bytes)}; files up to ${mb(MAX_CSV_BYTES).replace('.0', '')} can be loaded.`,
    hint: 'Use a smaller file, e.g. only the years and columns you need.',
  });
}

/** Header names for a message: quoted, at most 12 of them. */
export function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 12).map(quote).join(', ');
  return names.length > 12 ? `${shown} and ${names.length - 12} more` : shown || '(none)';
}

/** `Line 7, column "temp"`: the start of a message about one place in the file. */
export function where(row: number | undefined, column?: string): string {
  const parts = [row === undefined ? '' : `Line ${row}`, column === undefined ? '' : `column ${quote(column)}`];
  return parts.filter(Boolean).join(', ');
}
