/**
 * The rows of a CSV turned into columns as they are read: each cell of a candidate numeric column
 * becomes a number at once, the date cell a stamp, and the row's line is kept; no row's strings are.
 * The header checks run when the header arrives, and every rejection waits until the file is read,
 * so that it is the one the whole-file checks would have raised first.
 */
import { CsvError } from './csv-error.ts';
import { classifyCell, NUMBER_PATTERN, type CellKind } from './csv-cells.ts';
import { checkHeader, findColumns, findDateColumn } from './csv-header.ts';
import { StampCollector } from './date-column.ts';
import type { DateOrder } from './dates.ts';
import { GrowableFloat64 } from './growable.ts';
import { checkOverrides, type MappingOverrides } from './mapping.ts';
import type { RowSink } from './csv-rows.ts';

/** Largest magnitude a value may have: the model computes in 32-bit floats (as in `classifyCell`). */
const MAX_ABS_VALUE = 3.4028234663852886e38;

/** One column that may be kept as numeric, read so far. */
export class NumericColumn {
  /** Values per row (NaN = empty); null once a cell is not a number (then the column is refused or ignored). */
  values: GrowableFloat64 | null = new GrowableFloat64();
  /** Some cell is neither empty nor text (a number, or a non-finite or decimal-comma one). */
  numeric = false;
  /** Some cell is text. */
  anyText = false;
  /** The values once taken (a column named twice in the header is read twice). */
  private taken: Float64Array | null = null;
  /** The first cell that is neither a number nor empty. */
  firstBad: { readonly cell: string; readonly line: number; readonly kind: CellKind } | null = null;

  constructor(readonly index: number) {}

  /** The column's values (NaN = empty), a copy when `copy`; only for a column without a bad cell. */
  takeValues(copy: boolean): Float64Array {
    this.taken ??= this.values!.take();
    return copy ? this.taken.slice() : this.taken;
  }

  add(raw: string | undefined, line: number): void {
    const cell = raw === undefined ? '' : raw.trim();
    if (cell === '') {
      this.values?.push(Number.NaN);
      return;
    }
    if (NUMBER_PATTERN.test(cell)) {
      const value = Number(cell);
      if (Math.abs(value) <= MAX_ABS_VALUE) {
        this.numeric = true;
        this.values?.push(value);
        return;
      }
    }
    const kind = classifyCell(cell);
    if (kind === 'text') this.anyText = true;
    else this.numeric = true;
    this.firstBad ??= { cell, line, kind };
    this.values = null;
  }
}

/** What the header allowed to be read, fixed when it arrives. */
export interface HeaderPlan {
  readonly dateColumn: string;
  readonly forcedNumeric: ReadonlySet<string>;
  /** Candidate numeric columns by header name. */
  readonly columns: ReadonlyMap<string, NumericColumn>;
  readonly stamps: StampCollector;
}

export interface ColumnReaderOptions {
  readonly dateColumn?: string;
  readonly columns?: readonly string[];
  readonly requiredColumns?: readonly string[];
  readonly mapping?: MappingOverrides;
  readonly dateOrder?: DateOrder;
}

/** A {@link RowSink} that reads the rows into columns. */
export class ColumnReader implements RowSink {
  headerNames: string[] = [];
  plan: HeaderPlan | null = null;
  /** The header's first problem, raised once the rows are read (a malformed row comes first). */
  headerError: unknown = null;
  private sawHeader = false;
  private readonly lineList = new GrowableFloat64();
  private readers: NumericColumn[] = [];
  private dateIndex = -1;

  constructor(private readonly options: ColumnReaderOptions) {}

  get rowCount(): number {
    return this.lineList.length;
  }

  /** The 1-based file line of each data row. */
  lines(): Int32Array {
    return new Int32Array(this.lineList.take());
  }

  header(fields: string[]): void {
    this.sawHeader = true;
    this.headerNames = fields;
    const { options } = this;
    const overrides = options.mapping ?? {};
    try {
      checkHeader(fields);
      checkOverrides(overrides, fields);
      const dateColumn = findDateColumn(fields, options.dateColumn);
      const forcedNumeric = findColumns(fields, dateColumn, [...(options.requiredColumns ?? []), ...(options.columns ?? [])]);
      const selected = options.columns ? forcedNumeric : null;
      const columns = new Map<string, NumericColumn>();
      for (const name of fields) {
        if (name === dateColumn || name === '' || overrides[name]?.role === 'ignore' || (selected && !selected.has(name)) || columns.has(name)) continue;
        columns.set(name, new NumericColumn(fields.indexOf(name)));
      }
      this.readers = [...columns.values()];
      this.dateIndex = fields.indexOf(dateColumn);
      this.plan = { dateColumn, forcedNumeric, columns, stamps: new StampCollector(dateColumn, options.dateOrder) };
    } catch (error) {
      this.headerError = error;
    }
  }

  row(cells: readonly string[], line: number): void {
    const { plan } = this;
    if (plan === null) return;
    this.lineList.push(line);
    plan.stamps.add(cells[this.dateIndex] ?? '', line);
    for (const reader of this.readers) reader.add(cells[reader.index], line);
  }

  /**
   * The plan, once the file is read.
   *
   * @throws {CsvError} the header's problem, if it had one.
   */
  finish(): HeaderPlan {
    if (!this.sawHeader) this.header([]);
    if (this.headerError !== null) throw this.headerError;
    if (this.plan === null) throw new CsvError({ code: 'no-header', problem: 'The file has no header.', hint: 'Add a header line.' });
    return this.plan;
  }
}
