/**
 * The typed message protocol between the page and the ML worker. The worker owns every tensor
 * and model; the page sends requests and receives results, progress and errors as plain data.
 */
import type { ArchitectureSpec, LayerSummary } from '../ml/architectures/architectures.ts';
import type { BackendName } from '../ml/backend.ts';
import type { IgnoredColumn } from '../ml/data/csv.ts';
import type { Normalizer } from '../ml/data/normalize.ts';
import type { DataSpec, PreparedData } from '../ml/data/prepare.ts';
import type { DataQualityReport } from '../ml/data/quality.ts';
import type { SplitSpec } from '../ml/data/split.ts';
import type { DatasetId, ShippedDatasetId } from '../ml/datasets.ts';
import type { Evaluation } from '../ml/evaluation/evaluate.ts';
import type { ModelExplanation } from '../ml/evaluation/importance.ts';
import type { DateOrder } from '../ml/data/dates.ts';
import type { DayRange } from '../ml/data/table.ts';
import type { ColumnMapping, MappingOverrides } from '../ml/data/mapping.ts';
import type { BundleFiles, EnsembleMetadata, EpochCurve, ModelMetadata, RawRow, TestVectorCheck, TrainingSummary } from '../ml/export/bundle.ts';
import type { ManifestCheck } from '../ml/export/manifest.ts';
import type { EnsembleMember } from '../ml/fine-tuning/ensemble.ts';
import type { SearchSpace, TransferResult, TrialResult } from '../ml/fine-tuning/fine-tuning.ts';
import type { LearningCurvePoint, LearningCurveResult } from '../ml/fine-tuning/learning-curve.ts';
import type { BatchLog, EpochLog, TrainingConfig, TrainingResult } from '../ml/training/train.ts';

export type { ModelExplanation };

/**
 * Where a dataset comes from. An upload travels as its file (a Blob: passed to the worker and stored in
 * IndexedDB by reference, never copied as a 50 MB string on the page's thread), so that it survives a reload.
 */
export type DataSource =
  | { readonly kind: 'shipped'; readonly id: DatasetId }
  | {
      readonly kind: 'upload';
      readonly name: string;
      /** The file's bytes; null where only its name is known (a shared link, a run's settings): it must be chosen again. */
      readonly file: Blob | null;
      /** The user's changes to the detected column roles and units. */
      readonly mapping?: MappingOverrides;
      /** Month-first or day-first, when the user had to choose. */
      readonly dateOrder?: DateOrder;
      /** Where the text came from, when not a file (a download from Open-Meteo, with its attribution). */
      readonly description?: string;
    };

/** A loaded dataset as the page sees it. */
export interface DatasetSummary {
  readonly label: string;
  readonly sourceDescription: string;
  /** The table's consecutive days (first and count): not one string per day, which cost a 50-year hourly file's page 20 ms to receive. */
  readonly days: DayRange;
  readonly columns: Readonly<Record<string, Float64Array>>;
  readonly units: Readonly<Record<string, string>>;
  readonly report: DataQualityReport;
  readonly ignoredColumns: readonly IgnoredColumn[];
  /** Every column of the file but the date: role, units, conversion, used or ignored and why. */
  readonly mapping: readonly ColumnMapping[];
  /** How the file was read (a metadata block skipped, the date order, hourly rows made days). */
  readonly notes: readonly string[];
  /** The split that suits this dataset (2015 test year for shipped data, last 20 % otherwise). */
  readonly defaultSplit: SplitSpec;
}

/** Prepared data as the page sees it (no windows: those stay in the worker). */
export interface PreparedSummary {
  readonly spec: DataSpec;
  readonly featureNames: readonly string[];
  readonly target: string;
  readonly targetUnits: string;
  readonly normalizer: Normalizer;
  readonly periods: PreparedData['periods'];
  readonly testStartRow: number;
}

export interface ModelDescription {
  readonly layers: readonly LayerSummary[];
  readonly totalParams: number;
  readonly trainableParams: number;
}

/** A trained model's outcome: training summary and test evaluation. */
export interface TrainOutcome {
  readonly result: Omit<TrainingResult, 'history'>;
  readonly history: readonly EpochLog[];
  readonly evaluation: Evaluation;
  readonly description: ModelDescription;
}

/** An ensemble's outcome: each member's errors and the mean forecast's (no model when stopped). */
export interface EnsembleOutcome {
  readonly members: readonly EnsembleMember[];
  /** Validation MAE of the mean forecast, in target units. */
  readonly valMae: number;
  readonly evaluation: Evaluation | null;
  readonly description: ModelDescription | null;
  readonly msTotal: number;
  readonly cancelled: boolean;
}

export interface ImportOutcome {
  readonly metadata: ModelMetadata;
  readonly check: TestVectorCheck;
  /** The SHA-256 check of the files against manifest.json (`present: false` for bundles of release 0.1.0). */
  readonly manifest: ManifestCheck;
  /** Evaluation on the current data, when it has the model's features and window. */
  readonly evaluation: Evaluation | null;
  /** Why the model could not be evaluated on the current data, if it could not. */
  readonly evaluationProblem: string | null;
}

export interface ForecastOutcome {
  readonly dates: readonly string[];
  /** The forecast per day; the median for a model trained with intervals. */
  readonly values: readonly number[];
  /** 10th and 90th percentiles per day (an 80 % band), for a model trained with intervals. */
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  readonly units: string;
  readonly fromRows: { readonly start: string; readonly end: string };
}

/** Request and response types, by request name. */
export interface Protocol {
  init: { request: { backend: BackendName }; response: { backend: BackendName; fellBack: boolean }; progress: never };
  /** Progress: characters of the file's text read so far, of `total` (an uploaded file; about every MiB). */
  loadDataset: { request: { source: DataSource }; response: DatasetSummary; progress: { kind: 'reading'; done: number; total: number } };
  prepare: { request: { spec: DataSpec }; response: PreparedSummary; progress: never };
  /** `intervals` sizes the output head for 10th/50th/90th percentiles (3 × horizon days). */
  describeModel: { request: { architecture: ArchitectureSpec; seed: number; intervals?: boolean }; response: ModelDescription; progress: never };
  train: {
    request: { modelId: string; architecture: ArchitectureSpec; training: TrainingConfig };
    response: TrainOutcome;
    progress: { kind: 'epoch'; log: EpochLog } | { kind: 'batch'; log: BatchLog };
  };
  continueTraining: {
    request: { fromModelId: string; modelId: string; training: TrainingConfig; learningRateFactor: number };
    response: TrainOutcome;
    progress: { kind: 'epoch'; log: EpochLog } | { kind: 'batch'; log: BatchLog };
  };
  search: {
    /** `only`: the trial indices this worker runs, when a pool of workers shares the search. */
    request: { architecture: ArchitectureSpec; training: TrainingConfig; space: SearchSpace; mode: 'grid' | 'random'; trials?: number; only?: number[] };
    response: TrialResult[];
    progress: { kind: 'trial'; ranking: TrialResult[]; index: number; total: number };
  };
  transfer: {
    request: { modelId: string; architecture: ArchitectureSpec; target: ShippedDatasetId; fraction: number; training: TrainingConfig; learningRateFactor: number; freeze: string[] };
    response: TransferResult;
    progress: { kind: 'epoch'; log: EpochLog };
  };
  /** Trains `members` seeds of the model on the data of `fromModelId` and keeps their averaging model under `modelId`. */
  ensemble: {
    request: { fromModelId: string; modelId: string; architecture: ArchitectureSpec; training: TrainingConfig; members: number };
    response: EnsembleOutcome;
    progress: { kind: 'epoch'; log: EpochLog; member: number; members: number };
  };
  /** Trains each architecture on each number of years of the loaded dataset (`spec`'s split gets each `trainYears`). */
  learningCurve: {
    request: { spec: DataSpec; architectures: ArchitectureSpec[]; training: TrainingConfig; trainYears: number[] };
    response: LearningCurveResult;
    progress: { kind: 'epoch'; log: EpochLog; run: number; runs: number } | { kind: 'point'; point: LearningCurvePoint; run: number; runs: number };
  };
  exportBundle: {
    request: {
      modelId: string;
      architecture: ArchitectureSpec;
      training: TrainingConfig;
      trainingSummary: TrainingSummary;
      dataset: { name: string; source: string };
      /** How the run came about, oldest first. */
      lineage: readonly string[];
      history: readonly EpochCurve[];
      /** Set for an ensemble run. */
      ensemble?: EnsembleMetadata;
    };
    response: BundleFiles;
    progress: never;
  };
  importBundle: { request: { modelId: string; files: BundleFiles }; response: ImportOutcome; progress: never };
  forecast: { request: { modelId: string; rows?: RawRow[] }; response: ForecastOutcome; progress: never };
  /** What a model relies on: permutation importance on its validation split; the weights too for a linear model. */
  explainModel: { request: { modelId: string }; response: ModelExplanation; progress: never };
  disposeModel: { request: { modelId: string }; response: { numTensors: number }; progress: never };
  memory: { request: Record<string, never>; response: { numTensors: number; numBytes: number; models: number }; progress: never };
}

export type RequestType = keyof Protocol;

/** Page → worker. */
export type ToWorker =
  | { readonly kind: 'request'; readonly id: number; readonly type: RequestType; readonly payload: unknown }
  | { readonly kind: 'cancel'; readonly id: number };

/** An error as it crosses the worker boundary. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** Error code of CsvError / BundleError, when there is one. */
  readonly code?: string;
  readonly row?: number;
  readonly column?: string;
  readonly hint?: string;
}

/** Worker → page. */
export type FromWorker =
  | { readonly kind: 'result'; readonly id: number; readonly payload: unknown }
  | { readonly kind: 'progress'; readonly id: number; readonly payload: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError }
  | { readonly kind: 'ready' };
