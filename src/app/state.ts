/**
 * The workflow state the app shell owns: one immutable snapshot, replaced (never mutated) on
 * every change, handed down to the step elements.
 */
import { ARCHITECTURES, type ArchitectureSpec } from '../ml/architectures/specs.ts';
import type { BackendName } from '../ml/backend.ts';
import type { DataSpec } from '../ml/data/prepare.ts';
import type { ShippedDatasetId } from '../ml/datasets.ts';
import { SHIPPED_SPLIT } from '../ml/data/split.ts';
import { DEFAULT_WINDOW } from '../ml/data/windows.ts';
import type { Evaluation } from '../ml/evaluation/metrics.ts';
import type { BundleFiles, TestVectorCheck } from '../ml/export/bundle.ts';
import type { TransferResult, TrialResult } from '../ml/fine-tuning/fine-tuning.ts';
import { DEFAULT_TRAINING, type EpochLog, type TrainingConfig, type TrainingResult } from '../ml/training/config.ts';
import type { DataSource, DatasetSummary, ForecastOutcome, ImportOutcome, ModelDescription, ModelExplanation, PreparedSummary, SerializedError } from '../worker/protocol.ts';
import type { LearningCurveSlice } from './learning-curve-state.ts';
import { INITIAL_PLACE_STATE, type PlaceSlice } from './place-state.ts';
export { rootRun } from './run-chain.ts';
import type { StorageInfo } from './persistence.ts';

export type StepId = 'intro' | 'data' | 'architecture' | 'training' | 'evaluation' | 'fine-tuning' | 'export' | 'experiments';

export interface StepInfo {
  readonly id: StepId;
  readonly label: string;
}

/** The walkthrough, in order. */
export const STEPS: readonly StepInfo[] = [
  { id: 'intro', label: 'Start' },
  { id: 'data', label: 'Data' },
  { id: 'architecture', label: 'Architecture' },
  { id: 'training', label: 'Training' },
  { id: 'evaluation', label: 'Evaluation' },
  { id: 'fine-tuning', label: 'Fine-tuning' },
  { id: 'export', label: 'Export' },
  { id: 'experiments', label: 'Experiments' },
];

/** Everything that defines a run. Serializable; persisted and restored on reload. */
export interface Settings {
  readonly dataSource: DataSource;
  readonly dataSpec: DataSpec;
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly backend: BackendName;
}

export const DEFAULT_SETTINGS: Settings = {
  dataSource: { kind: 'shipped', id: 'seattle' },
  dataSpec: {
    features: { target: 'temp_max', inputs: ['precipitation', 'temp_max', 'temp_min', 'wind'], seasonal: true },
    window: DEFAULT_WINDOW,
    split: SHIPPED_SPLIT,
  },
  architecture: ARCHITECTURES.gru.defaults,
  training: DEFAULT_TRAINING,
  backend: 'wasm',
};

/** State of an asynchronous job: explicit, so every screen can show pending and error states. */
export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * What produced a run: a training, a continuation (fine-tuning), a model reopened from its zip,
 * one trial of a hyperparameter search, one arm of a transfer comparison, or the average of N seeds.
 */
export type RunKind = 'train' | 'continue' | 'import' | 'search' | 'transfer' | 'ensemble' | 'learning-curve';

export const RUN_KIND_LABELS: Readonly<Record<RunKind, string>> = {
  train: 'training',
  continue: 'fine-tuning',
  import: 'reopened zip',
  search: 'search trial',
  transfer: 'transfer',
  ensemble: 'ensemble',
  'learning-curve': 'learning curve',
};

/**
 * One recorded experiment: a finished (or stopped) training, fine-tuning or reopened model, or a
 * search trial / transfer arm (those keep no model: `hasModel: false`).
 */
export interface RunRecord {
  readonly id: string;
  readonly label: string;
  readonly kind: RunKind;
  /** ISO timestamp. */
  readonly createdAt: string;
  readonly datasetLabel: string;
  /** How an uploaded file's columns were read (roles, units, conversions); absent for shipped data and older runs. */
  readonly columns?: DatasetSummary['mapping'];
  readonly dataSpec: DataSpec;
  readonly architecture: ArchitectureSpec;
  readonly training: TrainingConfig;
  readonly backend: string;
  readonly history: readonly EpochLog[];
  readonly result: Omit<TrainingResult, 'history'> | null;
  readonly evaluation: Evaluation | null;
  readonly description: ModelDescription | null;
  /** The run this one continued from. */
  readonly parentId?: string;
  /** False for records that keep no model (search trials, transfer arms); absent means true. */
  readonly hasModel?: boolean;
  /** Test MAE of a record that has no full evaluation (a search trial), in `units`. */
  readonly testMae?: number;
  /** Its skill over persistence, in %. */
  readonly testSkillPersistence?: number;
  /** For a search trial: which search, its rank, what it changed, and the short budget it had. */
  readonly search?: SearchTrialInfo;
  /** Units of the target (e.g. °C), for records without an evaluation. */
  readonly units?: string;
  /** Why a record has no metrics (e.g. its training diverged). */
  readonly error?: string;
  /**
   * How the run came about, oldest first: "GRU · train #1", "continued 10 epochs at lr 0.0003". The
   * model card and metadata.json carry it. Absent in records saved before it existed: `lineageOf`.
   */
  readonly lineage?: readonly string[];
  /**
   * Set for a reopened bundle that did not record its training curves (exported before they were):
   * the epoch count it recorded. Pages say "not recorded in this bundle" instead of drawing nothing.
   */
  readonly epochsWithoutHistory?: number;
  /** For an ensemble (its model averages these seeds): each member's own validation and test MAE, in the target's units. */
  readonly members?: readonly EnsembleMemberRecord[];
}

/** One seed of an ensemble run. */
export interface EnsembleMemberRecord {
  readonly seed: number;
  readonly valMae: number;
  readonly testMae: number;
}

/** The last ensemble: its validation MAE against its parent's and its best single seed's (the numbers that select). */
export interface EnsembleJobOutcome {
  readonly parentId: string;
  readonly childId: string;
  readonly parentValMae: number;
  readonly childValMae: number;
  readonly bestMemberValMae: number;
  /** Better than the parent on validation (`continuationGained`): it became the selected run. */
  readonly gained: boolean;
}

/** Epochs a run was trained for (a reopened bundle without curves: the count it recorded). */
export function epochsRunOf(run: RunRecord): number {
  return run.epochsWithoutHistory ?? run.history.length;
}

/** A run's lineage, oldest first; a record saved before lineage existed is its own label. */
export function lineageOf(run: RunRecord): readonly string[] {
  return run.lineage && run.lineage.length > 0 ? run.lineage : [run.label];
}

/** What a search trial's record keeps of its search, so that the ranked table survives a reload. */
export interface SearchTrialInfo {
  /** Shared by the trials of one search. */
  readonly id: string;
  readonly rank: number;
  readonly of: number;
  /** The values this trial changed, e.g. `{ learningRate: 0.01 }`. */
  readonly params: Readonly<Record<string, number>>;
  /** Epochs per trial (the short budget). */
  readonly epochs: number;
}

/** The trials of the newest search, by rank. */
export function latestSearch(runs: readonly RunRecord[]): RunRecord[] {
  const id = [...runs].reverse().find((r) => r.search)?.search?.id;
  return id === undefined ? [] : runs.filter((r) => r.search?.id === id).sort((a, b) => a.search!.rank - b.search!.rank);
}

/** Whether a run has a model to evaluate, fine-tune and export. */
export function hasModel(run: RunRecord): boolean {
  return run.hasModel !== false;
}

/** `current` if it is still a run with a model in `runs`, else the newest run with a model (or none). */
export function keepSelection(runs: readonly RunRecord[], current: string | null): string | null {
  const withModel = runs.filter(hasModel);
  return withModel.some((r) => r.id === current) ? current : (withModel.at(-1)?.id ?? null);
}

/** The runs with a model, oldest first: the ones the run picker offers. */
export function modelRuns(state: WorkflowState): RunRecord[] {
  return state.runs.filter(hasModel);
}

/** A continuation compared with its parent on validation MAE (the number that selects, never the test year). */
export interface ContinueOutcome {
  readonly parentId: string;
  readonly childId: string;
  readonly parentValMae: number;
  readonly childValMae: number;
  /** The child is better on validation: it became the selected run. Otherwise the parent stays selected. */
  readonly gained: boolean;
}

/** Whether a continuation is better than its parent: a lower best validation MAE (unknown for the parent = yes). */
export function continuationGained(parent: RunRecord, child: RunRecord): boolean {
  const before = parent.result?.bestValMae ?? Number.NaN;
  const after = child.result?.bestValMae ?? Number.NaN;
  return !Number.isFinite(before) || (Number.isFinite(after) && after < before);
}

/**
 * Models kept in the worker at once. Every run's model is saved in IndexedDB; older ones are
 * loaded back into the worker when they are needed, so memory stays flat however many runs.
 */
export const MAX_LIVE_MODELS = 6;

/** Live progress of the current training. */
export interface TrainingProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  /** `performance.now()` at the start. */
  readonly startedAt: number;
  readonly samplesPerSecond: number;
  /** Seconds left, estimated from the epochs so far. */
  readonly etaSeconds: number | null;
}

/** A message for the user: what went wrong and how to fix it. */
export interface Notice {
  readonly message: string;
  readonly hint?: string;
}

export interface WorkflowState extends LearningCurveSlice, PlaceSlice {
  readonly settings: Settings;
  readonly backendInUse: BackendName | null;
  readonly backendFellBack: boolean;
  readonly dataset: {
    readonly status: JobStatus;
    readonly summary: DatasetSummary | null;
    readonly error: SerializedError | null;
    /** While an uploaded file is read in the worker: its name, characters read and in all. */
    readonly reading?: { readonly name: string; readonly done: number; readonly total: number };
  };
  readonly prepared: { readonly status: JobStatus; readonly summary: PreparedSummary | null; readonly error: string | null };
  readonly model: { readonly status: JobStatus; readonly description: ModelDescription | null; readonly error: string | null };
  readonly training: {
    readonly status: JobStatus;
    /** What the running job is: a first training or a continuation. */
    readonly kind: 'train' | 'continue' | null;
    readonly progress: TrainingProgress | null;
    readonly liveHistory: readonly EpochLog[];
    readonly error: string | null;
    /** The last continuation: whether it beat its parent on validation (only then is it selected). */
    readonly continued: ContinueOutcome | null;
  };
  /** Finished runs, oldest first. */
  readonly runs: readonly RunRecord[];
  readonly selectedRunId: string | null;
  readonly search: { readonly status: JobStatus; readonly ranking: readonly TrialResult[]; readonly done: number; readonly total: number; readonly error: string | null };
  readonly transfer: {
    readonly status: JobStatus;
    /** What was asked: the target city and the share of its training data. */
    readonly request: { readonly target: ShippedDatasetId; readonly fraction: number } | null;
    readonly result: TransferResult | null;
    readonly error: string | null;
    readonly epoch: number;
  };
  readonly ensemble: {
    readonly status: JobStatus;
    /** Progress: the member training now (1-based) of `members`, and its epoch of `epochs`. */
    readonly member: number;
    readonly members: number;
    readonly epoch: number;
    readonly epochs: number;
    readonly outcome: EnsembleJobOutcome | null;
    readonly error: string | null;
  };
  readonly exporting: { readonly status: JobStatus; readonly fileName: string | null; readonly error: string | null };
  readonly useIt: {
    readonly status: JobStatus;
    readonly fileName: string | null;
    readonly modelId: string | null;
    readonly imported: ImportOutcome | null;
    readonly forecast: ForecastOutcome | null;
    readonly error: string | null;
    /** The opened zip's files, kept so that the model can be added to the runs. */
    readonly files: BundleFiles | null;
    /** Whether the opened model was added to the runs (its id is then a run id). */
    readonly kept: boolean;
    /** The opened bundle's model.onnx run with onnxruntime-web on request (absent in bundles of release 0.1.0). */
    readonly onnx: { readonly available: boolean; readonly status: JobStatus; readonly check: TestVectorCheck | null; readonly runtime: string | null; readonly error: string | null };
  };
  /** What the selected run's model relies on (input importance on validation; a linear model's weights), fetched when a run is selected. */
  readonly explanation: { readonly runId: string | null; readonly status: JobStatus; readonly result: ModelExplanation | null; readonly error: string | null };
  readonly notice: Notice | null;
  /** Set when the page was opened from a shared settings link: what it set up. */
  readonly sharedLink: { readonly summary: string } | null;
  /** Storage used and available in this browser, refreshed after saves (see persistence.ts). */
  readonly storage: StorageInfo | null;
  /** TensorFlow.js memory in the worker after the last job: a flat tensor count means no leak. */
  readonly workerMemory: { readonly numTensors: number; readonly numBytes: number; readonly models: number } | null;
}

export const INITIAL_STATE: WorkflowState = {
  settings: DEFAULT_SETTINGS,
  backendInUse: null,
  backendFellBack: false,
  dataset: { status: 'idle', summary: null, error: null },
  prepared: { status: 'idle', summary: null, error: null },
  model: { status: 'idle', description: null, error: null },
  training: { status: 'idle', kind: null, progress: null, liveHistory: [], error: null, continued: null },
  runs: [],
  selectedRunId: null,
  search: { status: 'idle', ranking: [], done: 0, total: 0, error: null },
  transfer: { status: 'idle', request: null, result: null, error: null, epoch: 0 },
  ensemble: { status: 'idle', member: 0, members: 0, epoch: 0, epochs: 0, outcome: null, error: null },
  exporting: { status: 'idle', fileName: null, error: null },
  useIt: { status: 'idle', fileName: null, modelId: null, imported: null, forecast: null, error: null, files: null, kept: false, onnx: { available: false, status: 'idle', check: null, runtime: null, error: null } },
  explanation: { runId: null, status: 'idle', result: null, error: null },
  notice: null, sharedLink: null, workerMemory: null, storage: null, place: INITIAL_PLACE_STATE,
};

/** The run the evaluation, fine-tuning and export steps work on. */
export function selectedRun(state: WorkflowState): RunRecord | null {
  return state.runs.find((r) => r.id === state.selectedRunId && hasModel(r)) ?? null;
}

/** Whether a step's inputs exist, so that it can be opened. */
export function isStepOpen(state: WorkflowState, step: StepId): boolean {
  switch (step) {
    case 'intro':
    case 'data':
    case 'experiments':
    case 'export': // its "use it" panel reopens a model zip, with or without a run
      return true;
    case 'architecture':
    case 'training':
      return state.prepared.summary !== null;
    case 'evaluation':
    case 'fine-tuning':
      return selectedRun(state)?.evaluation != null;
  }
}

/** Why a step is closed, for the stepper's tooltip. */
export function whyStepClosed(step: StepId): string {
  return step === 'architecture' || step === 'training' ? 'Choose a dataset first.' : 'Train a model first.';
}
