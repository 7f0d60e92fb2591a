/**
 * Reading the date or time column: ISO dates (`2012-01-31`, `2012/01/31`), ISO date-times with an
 * optional offset (`2015-01-01T00:00`, `2015-01-01 13:00:00+01:00`, `…Z`), and the numeric dates of
 * spreadsheets (`1/31/2012`, `31.01.2012`) in month-first or day-first order. The order is taken from the
 * data when it tells (a first number above 12 is a day; consecutive days one day apart), else asked for.
 * Pure.
 */
import { CsvError, where } from './csv-error.ts';
import { quoteUserText as quote } from './user-text.ts';

/** The order of a numeric date's parts: month first (US) or day first. */
export type DateOrder = 'mdy' | 'dmy';

/** One cell of the date column, read. */
export interface Stamp {
  /** Days since 1970-01-01 of the date as written. */
  readonly day: number;
  /** Minutes after midnight as written; null for a date without a time. */
  readonly minutes: number | null;
  /** The written UTC offset in minutes (`Z` = 0); null when none is written. */
  readonly offset: number | null;
}

/** The date column read: each row's stamp, and how the dates were written. */
export interface ReadStamps {
  readonly stamps: Stamp[];
  /** 'iso', or the order of a numeric date. */
  readonly format: 'iso' | DateOrder;
  /** How the order was decided, for the page; null for ISO dates. */
  readonly orderNote: string | null;
}

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[T ](\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]m)?)?$/i;

function dayOf(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? t / 86_400_000 : Number.NaN;
}

function minutesOf(h: string | undefined, mi: string | undefined, ampm?: string): number | null {
  if (h === undefined || mi === undefined) return null;
  let hour = Number(h);
  if (ampm) hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  return hour < 24 && Number(mi) < 60 ? hour * 60 + Number(mi) : Number.NaN;
}

function offsetOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** An ISO date or date-time, or null. */
export function readIso(cell: string): Stamp | null {
  const m = ISO.exec(cell);
  if (!m) return null;
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const minutes = minutesOf(m[4], m[5]);
  if (Number.isNaN(day) || Number.isNaN(minutes)) return null;
  return { day, minutes, offset: offsetOf(m[7]) };
}

/** A numeric date in `order`, or null. */
function readNumeric(cell: string, order: DateOrder): Stamp | null {
  const m = NUMERIC.exec(cell);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const day = order === 'mdy' ? dayOf(Number(m[4]), a, b) : dayOf(Number(m[4]), b, a);
  const minutes = minutesOf(m[5], m[6], m[7]);
  if (Number.isNaN(day) || Number.isNaN(minutes)) return null;
  return { day, minutes, offset: null };
}

/** A numeric date's parts: its first and second number, its day read month-first and day-first (NaN when invalid). */
export interface NumericDate {
  readonly first: number;
  readonly second: number;
  readonly mdy: number;
  readonly dmy: number;
  readonly minutes: number | null;
}

/** A trimmed cell read as a numeric date in both orders, or null when it is not one; NaN days when the time is invalid. */
export function matchNumeric(cell: string): NumericDate | null {
  const m = NUMERIC.exec(cell);
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const minutes = minutesOf(m[5], m[6], m[7]);
  const badTime = Number.isNaN(minutes);
  return { first: a, second: b, mdy: badTime ? Number.NaN : dayOf(y, a, b), dmy: badTime ? Number.NaN : dayOf(y, b, a), minutes };
}

/** Whether a cell is a date or date-time in any format this module reads (for telling a header from data). */
export function looksLikeDate(cell: string): boolean {
  const text = cell.trim();
  return readIso(text) !== null || readNumeric(text, 'mdy') !== null || readNumeric(text, 'dmy') !== null;
}

/** How many consecutive stamps are one day, or one step of the same day, apart in this order. */
function orderScore(cells: readonly string[], order: DateOrder): number {
  let score = 0;
  let previous: number | null = null;
  for (const cell of cells) {
    const stamp = readNumeric(cell, order);
    if (!stamp) return -1;
    if (previous !== null && (stamp.day - previous === 1 || stamp.day === previous)) score += 1;
    previous = stamp.day;
  }
  return score;
}

/** What the order of numeric dates is decided from: the first cells, and the first with a first or second number above 12. */
export interface OrderEvidence {
  /** The first 400 trimmed cells. */
  readonly sample: readonly string[];
  readonly firstAbove12: string | null;
  readonly secondAbove12: string | null;
}

/**
 * Decides month-first or day-first from the cells: a first number above 12 can only be a day, a second
 * one above 12 only a day; else the order in which consecutive rows are a day apart.
 */
export function decideOrder(evidence: OrderEvidence, dateColumn: string): { order: DateOrder; note: string } {
  const { firstAbove12, secondAbove12 } = evidence;
  if (secondAbove12 !== null && firstAbove12 === null) return { order: 'mdy', note: `Dates read as month/day/year (a second number above 12, e.g. ${quote(secondAbove12)}).` };
  if (firstAbove12 !== null && secondAbove12 === null) return { order: 'dmy', note: `Dates read as day/month/year (a first number above 12, e.g. ${quote(firstAbove12)}).` };
  const sample = evidence.sample.slice(0, 400);
  const [mdy, dmy] = [orderScore(sample, 'mdy'), orderScore(sample, 'dmy')];
  if (mdy > dmy && mdy > sample.length / 2) return { order: 'mdy', note: 'Dates read as month/day/year (consecutive rows are one day apart in that order).' };
  if (dmy > mdy && dmy > sample.length / 2) return { order: 'dmy', note: 'Dates read as day/month/year (consecutive rows are one day apart in that order).' };
  throw new CsvError({
    code: 'ambiguous-date-order',
    row: 2,
    column: dateColumn,
    problem: `The dates in ${quote(dateColumn)} (e.g. ${quote(evidence.sample[0] ?? '')}) could be month/day/year or day/month/year, and the data does not tell.`,
    hint: 'Choose the date order (month first or day first) in the mapping, or pass --date-order mdy or dmy to the CLI.',
  });
}

/** The evidence of {@link decideOrder} from a whole column of trimmed cells. */
function orderEvidence(cells: readonly string[]): OrderEvidence {
  const above = (group: 1 | 3) => cells.find((c) => Number(NUMERIC.exec(c)?.[group]) > 12) ?? null;
  return { sample: cells.slice(0, 400), firstAbove12: above(1), secondAbove12: above(3) };
}

/**
 * Reads every row's date or date-time.
 *
 * @param lines the file line of each cell, for messages.
 * @throws {CsvError} 'bad-date' for a cell that is no date, 'ambiguous-date-order' when the order must be chosen.
 */
export function readStamps(cells: readonly string[], lines: readonly number[], dateColumn: string, order?: DateOrder): ReadStamps {
  const trimmed = cells.map((c) => c.trim());
  const first = trimmed.find((c) => c !== '') ?? '';
  const iso = readIso(first) !== null || NUMERIC.exec(first) === null;
  let format: ReadStamps['format'] = 'iso';
  let orderNote: string | null = null;
  if (!iso) {
    const decided = order ? { order, note: `Dates read as ${order === 'mdy' ? 'month/day/year' : 'day/month/year'}, as chosen.` } : decideOrder(orderEvidence(trimmed), dateColumn);
    format = decided.order;
    orderNote = decided.note;
  }
  const stamps = trimmed.map((cell, i) => {
    const stamp = format === 'iso' ? readIso(cell) : readNumeric(cell, format);
    if (stamp === null) {
      const example = format === 'iso' ? '2012-01-31 or 2015-01-01T13:00' : format === 'mdy' ? '1/31/2012' : '31/1/2012';
      throw new CsvError({
        code: 'bad-date',
        row: lines[i],
        column: dateColumn,
        problem: `${where(lines[i], dateColumn)}: ${quote(cell)} is not a date.`,
        hint: `Write every date like the others in the column, e.g. ${example}; YYYY-MM-DD always works.`,
      });
    }
    return stamp;
  });
  return { stamps, format, orderNote };
}
