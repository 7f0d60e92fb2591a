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
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
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
