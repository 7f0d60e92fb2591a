/**
 * Training settings and progress records as plain data (no TensorFlow.js), shared by the UI,
 * the CLI and the training loop.
 */
import { SETTINGS } from '../settings/table.ts';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/** Optimizers on offer, with their display names (from the settings table). */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = SETTINGS.optimizer.optionLabels;

/** Every setting that defines a training run. Serializable. */
export interface TrainingConfig {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerName;
  /** Stop after this many epochs without a better validation loss, restoring the best weights; 0 = never stop early. */
  readonly patience: number;
  /** Seeds the batch order (weights and dropout are seeded when the model is built). */
  readonly seed: number;
  /**
   * Train for the 10th, 50th and 90th percentiles (pinball loss) instead of one value per day
   * (mean squared error): the model then forecasts an 80 % band around its median. Absent = false,
   * so settings stored before this option existed still load.
   */
  readonly intervals?: boolean;
}

/** The defaults of the settings table. */
export const DEFAULT_TRAINING: TrainingConfig = {
  epochs: SETTINGS.epochs.default,
  batchSize: SETTINGS.batchSize.default,
  learningRate: SETTINGS.learningRate.default,
  optimizer: SETTINGS.optimizer.default,
  patience: SETTINGS.patience.default,
  seed: SETTINGS.seed.default,
};

export { validateTrainingConfig } from '../settings/check.ts';

/**
 * One epoch of progress. Losses are on normalized targets: mean squared error, or with intervals the
 * pinball loss averaged over the three quantiles. MAEs are in target units (of the median with intervals).
 */
export interface EpochLog {
  /** 1-based. */
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  /** Mean absolute error on the training batches (dropout on), in target units (e.g. °C). */
  readonly trainMae: number;
  /** Mean absolute error on the validation split, in target units. */
  readonly valMae: number;
  readonly ms: number;
  readonly samplesPerSecond: number;
}

/**
 * The one definition of a run's best epoch: the lowest validation MAE (the number the page, the CLI
 * and the model card show; ties go to the earlier epoch). Early stopping, the weights kept, the
 * chart, the run list, metadata.json and the model card all use it. `null` for an empty history.
 */
export function bestEpochOf(history: readonly Pick<EpochLog, 'epoch' | 'valMae'>[]): { epoch: number; valMae: number } | null {
  let best: { epoch: number; valMae: number } | null = null;
  for (const h of history) if (best === null || h.valMae < best.valMae) best = { epoch: h.epoch, valMae: h.valMae };
  return best;
}

export interface BatchLog {
  readonly epoch: number;
  /** 0-based within the epoch. */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly loss: number;
}

export interface TrainingCallbacks {
  onEpoch?: (log: EpochLog) => void;
  onBatch?: (log: BatchLog) => void;
  /** Abort to stop after the current batch; the best weights so far are kept. */
  signal?: AbortSignal;
}

export interface TrainingResult {
  readonly history: readonly EpochLog[];
  /** 1-based epoch whose weights the model holds at the end: the best validation MAE (`bestEpochOf`). */
  readonly bestEpoch: number;
  readonly bestValMae: number;
  readonly stoppedEarly: boolean;
  readonly cancelled: boolean;
  readonly msTotal: number;
  readonly msPerEpoch: number;
}

/** The training loss became NaN or infinite. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly learningRate: number,
  ) {
    super(
      `Training diverged: the loss became NaN or infinite at epoch ${epoch}, batch ${batch + 1}. ` +
        `Lower the learning rate (now ${learningRate}, try ${+(learningRate / 10).toPrecision(2)}), use Adam, or check the inputs for extreme values.`,
    );
  }
}
