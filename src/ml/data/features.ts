import { dayOfYear, type WeatherTable } from './table.ts';

/** Names of the two seasonal features added from the date. */
export const SEASONAL_FEATURES = ['doy_sin', 'doy_cos'] as const;

/** Mean length of a year in days; the period of the seasonal features. */
export const DAYS_PER_YEAR = 365.25;

/**
 * Seasonal encoding of a date: `[sin(2π·doy/365.25), cos(2π·doy/365.25)]` with `doy` the
 * 1-based day of the year. 31 December and 1 January land next to each other.
 */
export function seasonalEncoding(isoDate: string): [number, number] {
  const angle = (2 * Math.PI * dayOfYear(isoDate)) / DAYS_PER_YEAR;
  return [Math.sin(angle), Math.cos(angle)];
}

/** Which columns feed the model and which one it forecasts. */
export interface FeatureSpec {
  /** Column to forecast, e.g. `temp_max`. Always also an input (its own history). */
  readonly target: string;
  /** Numeric columns used as inputs besides the target; order is kept. */
  readonly inputs: readonly string[];
  /** Add `doy_sin`/`doy_cos` from the date (default true). */
  readonly seasonal?: boolean;
}

/** Feature order used by the model: target first, then the other inputs, then seasonal features. */
export function featureOrder(spec: FeatureSpec): string[] {
  const names = [spec.target, ...spec.inputs.filter((c) => c !== spec.target)];
  const unique = [...new Set(names)];
  if (spec.seasonal ?? true) unique.push(...SEASONAL_FEATURES);
  return unique;
}

/**
 * Raw (unnormalized) feature matrix, row-major `[rows, features]`, in `featureOrder(spec)`.
 * @throws Error naming the column when an input is not in the table.
 */
export function buildFeatureMatrix(table: WeatherTable, spec: FeatureSpec): { names: string[]; values: Float32Array } {
  const names = featureOrder(spec);
  const rows = table.dates.length;
  const f = names.length;
  const values = new Float32Array(rows * f);
  names.forEach((name, j) => {
    if ((SEASONAL_FEATURES as readonly string[]).includes(name)) {
      const k = name === 'doy_sin' ? 0 : 1;
      for (let i = 0; i < rows; i++) values[i * f + j] = seasonalEncoding(table.dates[i])[k];
      return;
    }
    const column = table.columns[name];
    if (!column) {
      throw new Error(
        `Column "${name}" is not in the data (columns: ${Object.keys(table.columns).join(', ')}). Choose one of those as target or input.`,
      );
    }
    for (let i = 0; i < rows; i++) values[i * f + j] = column[i];
  });
  return { names, values };
}
