/**
 * Data-quality report of a parsed weather table: what was missing, what was repaired,
 * what looks suspicious. Pure functions, no DOM or Node built-ins.
 */
import type { WeatherTable } from './table.ts';
import { quoteUserText as quote } from './user-text.ts';
import { judgeOutliers, type ColumnOutliers, type OutlierRule } from './outliers.ts';

export { OUTLIER_ROBUST_SDS, MAD_TO_SD, MAX_OUTLIER_EXAMPLES, EXTREME_OUTLIER_FACTOR, isErrorCode } from './outliers.ts';

/** Descriptive statistics of one column, in the column's own units. */
export interface SummaryStatistics {
  /** Number of finite values used (NaN values are skipped). */
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (divides by `count`, not `count - 1`). */
  readonly std: number;
  readonly median: number;
  /** Median absolute deviation from the median (unscaled). */
  readonly mad: number;
}

export type { OutlierExample, OutlierRule } from './outliers.ts';

/** Quality figures of one numeric column. */
export interface ColumnQuality {
  /** Missing values before repair: empty cells plus days absent from the file (within the kept period). */
  readonly missing: number;
  /** Values filled in by linear interpolation. */
  readonly repaired: number;
  /** Statistics after repair, in the column's units. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /**
   * Error codes (999, -9999), physically impossible values, and values more than {@link OUTLIER_ROBUST_SDS}
   * robust standard deviations from the median under the column's {@link outlierRule}, with up to
   * {@link MAX_OUTLIER_EXAMPLES} examples, error codes and impossible values first, then the most extreme.
   */
  readonly outliers: ColumnOutliers;
  /** `median-mad` for symmetric columns; `log-non-zero` for skewed, zero-heavy ones such as precipitation. */
  readonly outlierRule: OutlierRule;
}

/** Values of one column filled in by interpolation. */
export interface RepairRecord {
  readonly column: string;
  /** ISO dates whose value was interpolated, ascending. */
  readonly dates: readonly string[];
  readonly method: 'linear-interpolation';
}

/** A run of calendar days absent from the file (no row at all). */
export interface DateGapRecord {
  /** First missing ISO date. */
  readonly from: string;
  /** Last missing ISO date. */
  readonly to: string;
  /** Number of missing days (`to - from + 1`). */
  readonly days: number;
  /** True when the days were interpolated; false when they fell in a trimmed edge and were dropped. */
  readonly repaired: boolean;
}

/** Rows dropped at the edges of the file because some column had no value to interpolate from. */
export interface TrimRecord {
  /** Rows (days) dropped at the start. */
  readonly leading: number;
  /** Rows (days) dropped at the end. */
  readonly trailing: number;
  /** ISO dates of the dropped days, ascending. */
  readonly dates: readonly string[];
}

/** Everything a user should know about a file before training on it. */
export interface DataQualityReport {
  /** Rows (days) in the final table. */
  readonly rows: number;
  /** First and last ISO date of the final table. */
  readonly period: { readonly start: string; readonly end: string };
  /** Per numeric column, in table order. */
  readonly columns: Readonly<Record<string, ColumnQuality>>;
  /** Columns with zero spread (max = min): they carry no information and are dropped as model inputs. */
  readonly constantColumns: readonly string[];
  readonly repairs: readonly RepairRecord[];
  readonly trimmed: TrimRecord;
  readonly gaps: readonly DateGapRecord[];
  /** Human sentences, shown as plain text. */
  readonly warnings: readonly string[];
}

/** What {@link buildQualityReport} needs besides the final table. */
export interface QualityReportSpec {
  /** The final, repaired and trimmed table. */
  readonly table: WeatherTable;
  /** Missing values per column before repair (within the kept period). */
  readonly missingByColumn: Readonly<Record<string, number>>;
  readonly repairs: readonly RepairRecord[];
  readonly gaps: readonly DateGapRecord[];
  readonly trimmed: TrimRecord;
  /** Warnings found while parsing (units, renamed headers, …), kept first. */
  readonly parseWarnings?: readonly string[];
}

/** A temperature column (°C) whose median exceeds this probably holds °F. */
export const FAHRENHEIT_MEDIAN_THRESHOLD = 45;

/** True for names like `temp`, `temp_max`, `tmax`, `tmin`, `tavg`. */
export function isTemperatureColumnName(name: string): boolean {
  return /^(temp|tmax|tmin|tavg|tmean)/i.test(name.trim());
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Count, min, max, mean, population std, median and MAD of the finite values; NaN fields when there are none. */
export function summaryStatistics(values: Float64Array): SummaryStatistics {
  const finite = values.filter((v) => Number.isFinite(v));
  const count = finite.length;
  if (count === 0) {
    const nan = Number.NaN;
    return { count, min: nan, max: nan, mean: nan, std: nan, median: nan, mad: nan };
  }
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / count;
  let squares = 0;
  for (const v of finite) squares += (v - mean) ** 2;
  const sorted = finite.slice().sort();
  const med = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - med)).sort();
  return { count, min, max, mean, std: Math.sqrt(squares / count), median: med, mad: median(deviations) };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Builds the quality report of a final table: per-column statistics and outliers, constant columns,
 * and warnings (constant columns, temperatures that look like °F, trimmed rows, repairs).
 */
export function buildQualityReport(spec: QualityReportSpec): DataQualityReport {
  const { table } = spec;
  const warnings: string[] = [...(spec.parseWarnings ?? [])];
  const repairedByColumn = new Map(spec.repairs.map((r) => [r.column, r.dates.length]));
  const columns: Record<string, ColumnQuality> = {};
  const constantColumns: string[] = [];

  for (const [name, values] of Object.entries(table.columns)) {
    const stats = summaryStatistics(values);
    const judged = judgeOutliers(name, table.dates, values);
    columns[name] = {
      missing: spec.missingByColumn[name] ?? 0,
      repaired: repairedByColumn.get(name) ?? 0,
      min: stats.min,
      max: stats.max,
      mean: stats.mean,
      std: stats.std,
      outliers: judged.outliers,
      outlierRule: judged.rule,
    };
    if (stats.count > 0 && stats.max === stats.min) {
      constantColumns.push(name);
      warnings.push(
        `Column ${quote(name)} has the same value (${formatNumber(stats.min)}) on every day, so it carries no information ` +
          'and normalizing it would divide by zero; it will not be used as a model input.',
      );
    }
    const extreme = judged.severe;
    if (extreme.length > 0) {
      warnings.push(
        `Column ${quote(name)} has extreme values far from the rest (median ${formatNumber(stats.median)}): ` +
          `${extreme.map((e) => `${formatNumber(e.value)} on ${e.date}`).join(', ')}. ` +
          'If they are error codes (e.g. -9999) or typos, correct them or leave those cells empty; they are kept as they are and will distort training.',
      );
    }
    if ((table.units[name] ?? '') === '°C' && isTemperatureColumnName(name) && stats.median > FAHRENHEIT_MEDIAN_THRESHOLD) {
      warnings.push(
        `Column ${quote(name)} has a median of ${formatNumber(stats.median)}, which looks like °F rather than °C. ` +
          'Choose °F for it in the column mapping, or mark the unit in the header, e.g. "temp_max (°F)".',
      );
    }
  }

  const repairedValues = spec.repairs.reduce((sum, r) => sum + r.dates.length, 0);
  if (repairedValues > 0) {
    warnings.push(`${repairedValues} missing value(s) were filled in by linear interpolation between neighbouring days.`);
  }
  const trimmedRows = spec.trimmed.leading + spec.trimmed.trailing;
  if (trimmedRows > 0) {
    warnings.push(
      `${trimmedRows} day(s) at the start or end were dropped because some column had no value there to interpolate from.`,
    );
  }

  return {
    rows: table.dates.length,
    period: { start: table.dates[0] ?? '', end: table.dates[table.dates.length - 1] ?? '' },
    columns,
    constantColumns,
    repairs: spec.repairs,
    trimmed: spec.trimmed,
    gaps: spec.gaps,
    warnings,
  };
}
