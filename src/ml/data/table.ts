/**
 * A validated, gap-free daily weather table: the one shape every later stage reads.
 *
 * Rows are consecutive calendar days in ascending order (one row per day, no gaps),
 * every numeric cell is finite.
 */
export interface WeatherTable {
  /** ISO dates `YYYY-MM-DD`, ascending, consecutive days. Length = number of rows. */
  readonly dates: readonly string[];
  /** Numeric columns by name, each the same length as `dates`. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** Units per column (e.g. `°C`, `mm`, `m/s`); `''` when unknown. */
  readonly units: Readonly<Record<string, string>>;
}

/** Known units of the shipped data and of common station exports, by column name. */
export const KNOWN_UNITS: Readonly<Record<string, string>> = {
  precipitation: 'mm',
  temp_max: '°C',
  temp_min: '°C',
  temp_mean: '°C',
  wind: 'm/s',
  // The GHCN-Daily 50-year records (datasets/ghcn/).
  tmaxi: '°C',
  tmini: '°C',
};

/** Column names, in file order. */
export function columnNames(table: WeatherTable): string[] {
  return Object.keys(table.columns);
}

/** Number of rows (days). */
export function rowCount(table: WeatherTable): number {
  return table.dates.length;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of an ISO date; NaN when not a valid `YYYY-MM-DD` date. */
export function dayNumber(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return t / MS_PER_DAY;
}

/** ISO date `YYYY-MM-DD` of a day number (days since 1970-01-01 UTC). */
export function isoFromDayNumber(day: number): string {
  // Civil date from days since 1970 (H. Hinnant's algorithm): no Date object per day, for files of a million days.
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!Number.isInteger(day) || y < 0 || y > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * A table's dates told compactly: its first day and how many consecutive days follow (a
 * {@link WeatherTable}'s dates are consecutive). What the page receives instead of 65,000 strings.
 */
export interface DayRange {
  readonly first: string;
  readonly count: number;
}

/** The day range of consecutive ISO dates (`count` 0 for none). */
export function dayRangeOf(dates: readonly string[]): DayRange {
  return { first: dates[0] ?? '', count: dates.length };
}

/** The ISO date of each row (0-based) of a day range, as `dateOfRow(range)(row)`: the first day is parsed once, for tables of 65,000 rows. */
export function dateOfRow(range: DayRange): (row: number) => string {
  const first = dayNumber(range.first);
  return (row) => isoFromDayNumber(first + row);
}

/** The row of an ISO date in a day range, or -1 when it is outside the range or not a date. */
export function rowOfDate(range: DayRange, isoDate: string): number {
  const row = dayNumber(isoDate) - dayNumber(range.first);
  return Number.isInteger(row) && row >= 0 && row < range.count ? row : -1;
}

/** Day of year, 1-based (1 = 1 January, 366 = 31 December of a leap year). */
export function dayOfYear(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  return dayNumber(isoDate) - Date.UTC(year, 0, 1) / MS_PER_DAY + 1;
}

/** Returns a table restricted to rows `[start, end)`. */
export function sliceTable(table: WeatherTable, start: number, end: number): WeatherTable {
  const columns: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(table.columns)) columns[name] = values.slice(start, end);
  return { dates: table.dates.slice(start, end), columns, units: table.units };
}
