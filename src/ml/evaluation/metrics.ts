/** Forecast metrics in real units, skill and verdicts: pure functions on plain data (no TensorFlow.js). */
import { BASELINES, type BaselineId } from '../baselines/baselines.ts';
import { actualValues, type PreparedData, type SplitName } from '../data/prepare.ts';
import { intervalMetrics, type IntervalMetrics } from './intervals.ts';
import { fixed, skill } from '../format.ts';

export * from './intervals.ts';

/** Error metrics of a forecast, in the target's units (e.g. °C). */
export interface ForecastMetrics {
  readonly mae: number;
  readonly rmse: number;
  /** MAE of horizon day 1…H. */
  readonly maePerHorizon: readonly number[];
  readonly rmsePerHorizon: readonly number[];
  /** Number of windows scored. */
  readonly count: number;
}

/**
 * MAE and RMSE of `predicted` against `actual`, both row-major `[count, horizonDays]` in the
 * same units.
 */
export function forecastMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>, horizonDays: number): ForecastMetrics {
  if (predicted.length !== actual.length) throw new RangeError(`predicted has ${predicted.length} values, actual ${actual.length}`);
  const count = actual.length / horizonDays;
  const abs = new Float64Array(horizonDays);
  const sq = new Float64Array(horizonDays);
  for (let i = 0; i < actual.length; i++) {
    const e = predicted[i] - actual[i];
    abs[i % horizonDays] += Math.abs(e);
    sq[i % horizonDays] += e * e;
  }
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  return {
    mae: sum(abs) / actual.length,
    rmse: Math.sqrt(sum(sq) / actual.length),
    maePerHorizon: Array.from(abs, (v) => v / count),
    rmsePerHorizon: Array.from(sq, (v) => Math.sqrt(v / count)),
    count,
  };
}

/** The definition of skill, in words, for every page, the CLI and the model card. */
export const SKILL_DEFINITION = "Skill = how much lower the model's MAE is than the baseline's, in %; positive is better.";

/** Skill score in %: how much lower the model's MAE is than a baseline's (positive = better). */
export function skillPercent(modelMae: number, baselineMae: number): number {
  return 100 * (1 - modelMae / baselineMae);
}

/** A model scored on one split beside the baselines. */
export interface Evaluation {
  readonly split: SplitName;
  readonly units: string;
  readonly horizonDays: number;
  readonly model: ForecastMetrics;
  readonly baselines: Readonly<Record<BaselineId, ForecastMetrics>>;
  /** Skill in % of the model vs each baseline, from MAE. */
  readonly skill: Readonly<Record<BaselineId, number>>;
  /** First target date of each window, `YYYY-MM-DD`. */
  readonly dates: readonly string[];
  /** Row-major `[count, horizonDays]`, in `units`. */
  readonly predicted: Float32Array;
  readonly actual: Float32Array;
  /** `predicted - actual`, row-major `[count, horizonDays]`. */
  readonly residuals: Float32Array;
  readonly baselineForecasts: Readonly<Record<BaselineId, Float32Array>>;
  /**
   * Present when the model forecasts an 80 % band (10th–90th percentile); `predicted` is then its
   * median, so every metric above scores the median.
   */
  readonly intervals?: EvaluatedIntervals;
}

/** A model's 80 % band on a split: the band itself and how well it covers the actual values. */
export interface EvaluatedIntervals extends IntervalMetrics {
  /** 10th percentile, row-major `[count, horizonDays]`, in `units`. */
  readonly lower: Float32Array;
  /** 90th percentile, row-major `[count, horizonDays]`, in `units`. */
  readonly upper: Float32Array;
}

/**
 * Scores given forecasts (row-major `[count, horizonDays]`, target units) on a split; with `band`
 * (10th and 90th percentiles, same layout) also the band's coverage, width and pinball loss.
 */
export function evaluateForecast(data: PreparedData, split: SplitName, predicted: Float32Array, band?: { lower: Float32Array; upper: Float32Array }): Evaluation {
  const set = data[split];
  const h = data.horizonDays;
  const actual = actualValues(data, set);
  const ids = Object.keys(BASELINES) as BaselineId[];
  const baselineForecasts = Object.fromEntries(ids.map((id) => [id, BASELINES[id].forecast(data, set)])) as Record<BaselineId, Float32Array>;
  const baselines = Object.fromEntries(ids.map((id) => [id, forecastMetrics(baselineForecasts[id], actual, h)])) as Record<BaselineId, ForecastMetrics>;
  const model = forecastMetrics(predicted, actual, h);
  const skill = Object.fromEntries(ids.map((id) => [id, skillPercent(model.mae, baselines[id].mae)])) as Record<BaselineId, number>;
  return {
    split,
    units: data.targetUnits,
    horizonDays: h,
    model,
    baselines,
    skill,
    dates: Array.from(set.anchors, (t) => data.dates[t + 1]),
    predicted,
    actual,
    residuals: predicted.map((p, i) => p - actual[i]),
    baselineForecasts,
    ...(band ? { intervals: { ...intervalMetrics(band.lower, predicted, band.upper, actual, h), lower: band.lower, upper: band.upper } } : {}),
  };
}

/**
 * A plain-language verdict on an evaluation: the test MAE and how it compares with both baselines,
 * followed by `advice` — the main advice of the run's diagnosis (`diagnosis.ts`), so that it fits
 * what this run did rather than a generic hint.
 */
export function verdict(e: Evaluation, advice = ''): string {
  const p = e.skill.persistence;
  const c = e.skill.climatology;
  const u = e.units ? ` ${e.units}` : '';
  const mae = `${fixed(e.model.mae)}${u}`;
  // The same figures as the skill column ("+10.6 %"), so that the sentence and the table agree.
  const sentence =
    p > 0 && c > 0
      ? `The model's mean absolute error is ${mae}: it beats persistence ("tomorrow is like today") by ${fixed(p, 1)} % and climatology by ${fixed(c, 1)} %.`
      : p > 0
        ? `The model's mean absolute error is ${mae}: it beats persistence by ${fixed(p, 1)} % but not climatology (${skill(c)}).`
        : `The model's mean absolute error is ${mae}: it does not beat persistence (${skill(p)}).`;
  return advice ? `${sentence} ${advice}` : sentence;
}
