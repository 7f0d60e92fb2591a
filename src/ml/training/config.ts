/**
 * Training settings and progress records as plain data (no TensorFlow.js), shared by the UI,
 * the CLI and the training loop.
 */
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

/** Optimizers on offer, with their display names. */
export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = { adam: 'Adam', sgd: 'SGD', rmsprop: 'RMSprop' };

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

export const DEFAULT_TRAINING: TrainingConfig = {
  epochs: 30,
  batchSize: 32,
  learningRate: 0.003,
  optimizer: 'adam',
  patience: 5,
  seed: 42,
};

export const TRAINING_LIMITS = {
  epochs: { min: 1, max: 500 },
  batchSize: { min: 1, max: 1024 },
  learningRate: { min: 1e-6, max: 10 },
  patience: { min: 0, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** Checks a config against `TRAINING_LIMITS`; returns human messages, empty when valid. */
export function validateTrainingConfig(config: TrainingConfig): string[] {
  const errors: string[] = [];
  const whole = (name: keyof typeof TRAINING_LIMITS, label: string) => {
    const v = config[name] as number;
    const { min, max } = TRAINING_LIMITS[name];
    if (!Number.isInteger(v) || v < min || v > max) errors.push(`${label} must be a whole number from ${min} to ${max} (got ${v}).`);
  };
  whole('epochs', 'Epochs');
  whole('batchSize', 'Batch size');
  whole('patience', 'Early-stopping patience');
  whole('seed', 'Seed');
  const { min, max } = TRAINING_LIMITS.learningRate;
  if (!(config.learningRate >= min && config.learningRate <= max)) {
    errors.push(`Learning rate must be from ${min} to ${max} (got ${config.learningRate}); 0.001–0.01 suits Adam.`);
  }
  if (!Object.hasOwn(OPTIMIZER_LABELS, config.optimizer)) errors.push(`Unknown optimizer "${config.optimizer}"; choose adam, sgd or rmsprop.`);
  if (config.intervals !== undefined && typeof config.intervals !== 'boolean') errors.push(`Intervals must be true or false (got ${String(config.intervals)}).`);
  return errors;
}

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
  /** 1-based epoch whose weights the model holds at the end (best validation loss). */
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
