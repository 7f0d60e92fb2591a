/**
 * The date or time column read cell by cell as the rows stream in (see `dates.ts` for the formats):
 * each cell becomes a day number, minutes and offset at once, so no cell string is kept. The errors
 * are the ones {@link readStamps} raises, decided when the column is complete.
 * Pure.
 */
import { CsvError, where } from './csv-error.ts';
import { quoteUserText as quote } from './user-text.ts';
import { decideOrder, matchNumeric, readIso, type DateOrder } from './dates.ts';
import { GrowableFloat64 } from './growable.ts';

/** The date column read: one entry per row; NaN stands for "none" in `minutes` and `offset`. */
export interface StampColumns {
  readonly length: number;
  /** Days since 1970-01-01 of the date as written. */
  readonly day: Float64Array;
  /** Minutes after midnight as written; NaN for a date without a time. */
  readonly minutes: Float64Array;
  /** The written UTC offset in minutes, NaN when none is written; null when no row has one. */
  readonly offset: Float64Array | null;
}

/** Rows kept for deciding a numeric date's order (as `decideOrder` samples them). */
const ORDER_SAMPLE = 400;

interface BadCell {
  readonly cell: string;
  readonly line: number;
}

/** Collects the date column's cells as they are read; {@link finish} returns the stamps or raises the column's first error. */
export class StampCollector {
  private format: 'undecided' | 'iso' | 'numeric' = 'undecided';
  private readonly day = new GrowableFloat64();
  /** Day numbers read day-first, for numeric dates (`day` holds month-first ones). */
  private readonly dayDmy = new GrowableFloat64();
  private readonly minutes = new GrowableFloat64();
  /** Made at the first written offset: most files have none. */
  private offset: GrowableFloat64 | null = null;
  private badIso: BadCell | null = null;
  private badMdy: BadCell | null = null;
  private badDmy: BadCell | null = null;
  private readonly sample: string[] = [];
  private firstAbove12: string | null = null;
  private secondAbove12: string | null = null;

  constructor(
    private readonly dateColumn: string,
    private readonly order?: DateOrder,
  ) {}

  /** Reads one row's date cell. */
  add(raw: string, line: number): void {
    const cell = raw.trim();
    if (this.sample.length < ORDER_SAMPLE) this.sample.push(cell);
    if (this.format === 'undecided' && cell !== '') this.format = readIso(cell) !== null || matchNumeric(cell) === null ? 'iso' : 'numeric';
    if (this.format === 'undecided') {
      // Empty cells before the first date: no date in any format.
      const bad = { cell, line };
      this.badIso ??= bad;
      this.badMdy ??= bad;
      this.badDmy ??= bad;
      this.pushStamp(Number.NaN, Number.NaN, Number.NaN, Number.NaN);
    } else if (this.format === 'iso') {
      const stamp = readIso(cell);
      if (stamp === null) this.badIso ??= { cell, line };
      this.pushStamp(stamp?.day ?? Number.NaN, Number.NaN, stamp?.minutes ?? Number.NaN, stamp?.offset ?? Number.NaN);
    } else {
      const m = matchNumeric(cell);
      if (m === null) {
        this.badMdy ??= { cell, line };
        this.badDmy ??= { cell, line };
        this.pushStamp(Number.NaN, Number.NaN, Number.NaN, Number.NaN);
        return;
      }
      if (m.first > 12) this.firstAbove12 ??= cell;
      if (m.second > 12) this.secondAbove12 ??= cell;
      if (Number.isNaN(m.mdy)) this.badMdy ??= { cell, line };
      if (Number.isNaN(m.dmy)) this.badDmy ??= { cell, line };
      this.pushStamp(m.mdy, m.dmy, m.minutes ?? Number.NaN, Number.NaN);
    }
  }

  private pushStamp(day: number, dayDmy: number, minutes: number, offset: number): void {
    this.day.push(day);
    if (this.format !== 'iso') this.dayDmy.push(dayDmy);
    this.minutes.push(minutes);
    if (this.offset === null && !Number.isNaN(offset)) {
      this.offset = new GrowableFloat64();
      for (let i = 1; i < this.minutes.length; i += 1) this.offset.push(Number.NaN);
    }
    this.offset?.push(offset);
  }

  /**
   * Every row's stamp, and how a numeric date's order was decided (null for ISO dates).
   *
   * @throws {CsvError} 'ambiguous-date-order' or 'bad-date', as {@link readStamps} would.
   */
  finish(): { stamps: StampColumns; orderNote: string | null } {
    let orderNote: string | null = null;
    let day = this.day;
    let bad = this.badIso;
    let format: 'iso' | DateOrder = 'iso';
    if (this.format === 'numeric') {
      const decided = this.order
        ? { order: this.order, note: `Dates read as ${this.order === 'mdy' ? 'month/day/year' : 'day/month/year'}, as chosen.` }
        : decideOrder({ sample: this.sample, firstAbove12: this.firstAbove12, secondAbove12: this.secondAbove12 }, this.dateColumn);
      format = decided.order;
      orderNote = decided.note;
      if (format === 'dmy') day = this.dayDmy;
      bad = format === 'mdy' ? this.badMdy : this.badDmy;
    }
    if (bad !== null) {
      const example = format === 'iso' ? '2012-01-31 or 2015-01-01T13:00' : format === 'mdy' ? '1/31/2012' : '31/1/2012';
      throw new CsvError({
        code: 'bad-date',
        row: bad.line,
        column: this.dateColumn,
        problem: `${where(bad.line, this.dateColumn)}: ${quote(bad.cell)} is not a date.`,
        hint: `Write every date like the others in the column, e.g. ${example}; YYYY-MM-DD always works.`,
      });
    }
    const length = this.day.length;
    const stamps = { length, day: day.take(), minutes: this.minutes.take(), offset: this.offset?.take() ?? null };
    return { stamps, orderNote };
  }
}
