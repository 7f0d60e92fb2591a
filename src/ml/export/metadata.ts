/**
 * The schema of a bundle's JSON files: `metadata.json` ({@link ModelMetadata}) and `test-vectors.json`
 * ({@link TestVector}). Types only, plus one reader of them; no TensorFlow.js, so the page can use it.
 */
import type { ColumnMapping } from '../data/mapping.ts';
import type { ArchitectureSpec } from '../architectures/specs.ts';
import type { BaselineId } from '../baselines/baselines.ts';
import type { PreparedData } from '../data/prepare.ts';
import type { IntervalMetrics } from '../evaluation/intervals.ts';
import type { ForecastMetrics } from '../evaluation/metrics.ts';
import type { EpochLog, TrainingConfig } from '../training/config.ts';

/** One model input, in the order of the model's last input axis. */
export interface FeatureMetadata {
  readonly name: string;
  readonly units: string;
  /** Subtract, then divide by `std`, before feeding the model. */
  readonly mean: number;
  readonly std: number;
  /** How to get the value: a column of the daily data, or computed from the date. */
  readonly source: 'column' | 'date';
}

/**
 * What the model's outputs mean. Absent in bundles exported before intervals existed: those are `point`.
 * `quantiles`: `3 × horizonDays` outputs in the layout described by `layout` (quantile-major).
 */
export type OutputMetadata =
  | { readonly kind: 'point' }
  | { readonly kind: 'quantiles'; readonly quantiles: readonly number[]; readonly layout: string };

/** Whether metadata describes an interval model (older bundles have no `output`: point forecasts). */
export function metadataHasIntervals(m: Pick<ModelMetadata, 'output'>): boolean {
  return m.output?.kind === 'quantiles';
}

/** How a training run went, as recorded in the metadata. */
export interface TrainingSummary {
  readonly epochsRun: number;
  /** The epoch whose weights the model holds: the lowest validation MAE (`bestEpochOf`). */
  readonly bestEpoch: number;
  readonly msPerEpoch: number;
  /** Validation MAE at the best epoch, in target units; absent in bundles exported before it was recorded. */
  readonly bestValMae?: number;
}

/** One member of an ensemble bundle: its seed and its own errors in target units. */
export interface EnsembleMemberMetrics {
  readonly seed: number;
  /** Best validation MAE of its training. */
  readonly valMae: number;
  readonly testMae: number;
}

/**
 * Set when the model is an ensemble: one input, the same model trained with each seed applied to
 * it, and an `average` layer giving the mean of their outputs. Absent: a single model.
 */
export interface EnsembleMetadata {
  readonly members: number;
  readonly seeds: readonly number[];
  readonly combination: 'mean';
  /** Validation MAE of the mean forecast, in target units. */
  readonly valMae: number;
  readonly memberMetrics: readonly EnsembleMemberMetrics[];
}

/** Where and how the model is stored as ONNX; absent in bundles exported before model.onnx existed. */
export interface OnnxMetadata {
  readonly file: string;
  /** ONNX operator set (default domain) the graph declares. */
  readonly opset: number;
  readonly irVersion: number;
  /** Graph input name: float32 [batch, lookbackDays, features], normalized. */
  readonly input: string;
  /** Graph output name: float32 [batch, outputs], normalized. */
  readonly output: string;
  /** The ONNX Runtime release this project's tests reproduce the test vectors with. */
  readonly verifiedWith: string;
}

/** One epoch of the training curves, as a bundle records them (losses on normalized targets, MAEs in target units). */
export type EpochCurve = Pick<EpochLog, 'epoch' | 'trainLoss' | 'valLoss' | 'trainMae' | 'valMae'>;

/** metadata.json: everything needed to turn raw daily rows into a forecast. */
export interface ModelMetadata {
  readonly format: 'weather-forecast-bundle';
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly target: { readonly name: string; readonly units: string; readonly mean: number; readonly std: number };
  readonly window: { readonly lookbackDays: number; readonly horizonDays: number };
  readonly features: readonly FeatureMetadata[];
  /** How `doy_sin` and `doy_cos` are computed from a `YYYY-MM-DD` date. */
  readonly seasonalEncoding: string;
  readonly inputShape: readonly [null, number, number];
  readonly outputShape: readonly [null, number];
  /** What the outputs are; absent (older bundles) = one value per horizon day. */
  readonly output?: OutputMetadata;
  readonly dataset: {
    readonly name: string;
    readonly source: string;
    /** How the file's columns were read: role, unit in the file, unit the model sees, conversion. Absent in older bundles. */
    readonly columns?: readonly ColumnMapping[];
    readonly period: { readonly start: string; readonly end: string };
    readonly splits: PreparedData['periods'];
  };
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig & TrainingSummary & { readonly backend: string };
  /** How the run came about, oldest first: "GRU · train #1", "continued 10 epochs at lr 0.0003". Absent in older bundles. */
  readonly lineage?: readonly string[];
  /** The training curves per epoch; absent in bundles exported before they were recorded. */
  readonly history?: readonly EpochCurve[];
  /** The model averages several seeds; absent for a single model. */
  readonly ensemble?: EnsembleMetadata;
  readonly parameters: number;
  /** Test-split metrics in target units. */
  readonly metrics: {
    readonly split: 'test';
    readonly model: ForecastMetrics;
    readonly baselines: Readonly<Record<BaselineId, ForecastMetrics>>;
    readonly skillPercent: Readonly<Record<BaselineId, number>>;
    /** Calibration of the 80 % band on the test split, for an interval model. `model` scores its median. */
    readonly intervals?: IntervalMetrics;
  };
  readonly versions: { readonly app: string; readonly appVersion: string; readonly tfjs: string };
  /** The model as ONNX (model.onnx); absent in older bundles. */
  readonly onnx?: OnnxMetadata;
  readonly seed: number;
  /** The predict recipe in words, for whoever reads this file without our code. */
  readonly howToPredict: readonly string[];
}

/** The part of the metadata that turns raw rows into a forecast. */
export type ForecastRecipe = Pick<ModelMetadata, 'target' | 'window' | 'features'>;

/** A daily row of raw values by column name. */
export interface RawRow {
  readonly date: string;
  readonly values: Readonly<Record<string, number>>;
}

/** An input window with the forecast the exported model must reproduce. */
export interface TestVector {
  /** The last `lookbackDays` raw rows, oldest first. */
  readonly rows: readonly RawRow[];
  /** Normalized model input `[lookbackDays][features]`, for checking the preprocessing. */
  readonly modelInput: readonly (readonly number[])[];
  /** Dates forecast: the `horizonDays` days after the last row. */
  readonly forecastDates: readonly string[];
  /** Expected forecast in target units (the median for an interval model). */
  readonly expected: readonly number[];
  /** Expected 10th and 90th percentiles in target units, for an interval model. */
  readonly expectedLower?: readonly number[];
  readonly expectedUpper?: readonly number[];
}
